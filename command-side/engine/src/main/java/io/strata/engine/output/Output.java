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

    /** How outputs name a file being written beside its path until it is committed. */
    String TEMPORARY_PREFIX = ".strata-restore-";

    void createDirectory(String path) throws IOException;

    /**
     * Starts a regular file at {@code path}. What is at the path now stays there, untouched, until the file is
     * {@linkplain OutputFile#commit committed}; a file closed without commit leaves nothing behind (so a restore
     * that fails a file, or breaks off, never damages what it was to replace). {@code meta} is what
     * {@link #applyMetadata} will give the file once it is written: an output may create it with permissions taken
     * from it, never wider than those the file ends with.
     */
    OutputFile createFile(String path, FileMetadata meta) throws IOException;

    void createSymlink(String path, String target) throws IOException;

    void createHardLink(String path, String existingPath) throws IOException;

    /** FIFOs, sockets and devices: outputs that cannot create them raise an IOException saying so. */
    void createSpecial(String path, FileMetadata meta) throws IOException;

    /** Owner (when permitted), mode including setuid/setgid/sticky, extended attributes, times. */
    void applyMetadata(String path, FileMetadata meta) throws IOException;

    /**
     * Entries given metadata so far whose recorded owner could not be applied (the restoring user may not change
     * owners, or the file system refused): they belong to the restoring user. 0 for outputs that set no owners.
     */
    default long ownersNotApplied() {
        return 0;
    }

    /**
     * Entries given metadata so far that lack some of their extended attributes: ones the restoring user may not set
     * ({@code trusted.*}, {@code security.capability} for a user that is not root), or ones the target cannot keep.
     * 0 for outputs that set none.
     */
    default long xattrsNotApplied() {
        return 0;
    }

    String describe();

    @Override
    default void close() throws IOException {
    }
}
