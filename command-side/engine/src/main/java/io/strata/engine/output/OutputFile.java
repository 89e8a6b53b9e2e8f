package io.strata.engine.output;

import java.io.IOException;

/** A file being restored. Writes may come in any order; regions never written stay holes (sparse). */
public interface OutputFile extends AutoCloseable {
    void write(long offset, byte[] data, int off, int len) throws IOException;

    /** Finishes the file at exactly {@code size} bytes (trailing holes included). */
    void finish(long size) throws IOException;

    /**
     * After {@link #finish}, once the content is verified: the file takes its path, replacing whatever entry was
     * there (a file or symlink; a directory only when empty), atomically where the output can.
     */
    void commit() throws IOException;

    /** Closes the file; one never committed is removed. */
    @Override
    void close() throws IOException;
}
