package io.strata.engine.output;

import io.strata.engine.metadata.FileMetadata;
import java.io.IOException;

/**
 * A restore destination. Contract: the restorer creates a directory before anything inside it;
 * calls {@link #applyMetadata} for a directory after everything inside it is done; creates a
 * hard link only after its target file is finished. Methods may be called from several threads
 * for different paths. Failures raise {@link IOException} and fail that path only.
 */
public interface Output extends AutoCloseable {

    void createDirectory(String path) throws IOException;

    /** Creates (or replaces) a regular file for writing. */
    OutputFile createFile(String path) throws IOException;

    void createSymlink(String path, String target) throws IOException;

    void createHardLink(String path, String existingPath) throws IOException;

    /** FIFOs, sockets and devices: outputs that cannot create them raise an IOException saying so. */
    void createSpecial(String path, FileMetadata meta) throws IOException;

    /** Owner (when permitted), mode including setuid/setgid/sticky, extended attributes, times. */
    void applyMetadata(String path, FileMetadata meta) throws IOException;

    /** Removes a partially restored file after a failure. */
    void discard(String path) throws IOException;

    String describe();

    @Override
    default void close() throws IOException {
    }
}
