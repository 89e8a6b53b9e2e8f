package io.strata.engine.output;

import java.io.IOException;

/** A file being restored. Writes may come in any order; regions never written stay holes (sparse). */
public interface OutputFile extends AutoCloseable {
    void write(long offset, byte[] data, int off, int len) throws IOException;

    /** Finishes the file at exactly {@code size} bytes (trailing holes included). */
    void finish(long size) throws IOException;

    @Override
    void close() throws IOException;
}
