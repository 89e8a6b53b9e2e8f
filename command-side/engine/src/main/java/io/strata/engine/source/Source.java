package io.strata.engine.source;

import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.Xattr;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.List;

/**
 * A tree of files to back up. Contract:
 * <ul>
 *   <li>Paths are absolute and {@code /}-separated (see {@link SourcePaths}); symlinks are never followed.</li>
 *   <li>{@link #list} and {@link #stat} give metadata without extended attributes (they cost a call
 *       per file; the archiver asks {@link #xattrs} only for new or changed entries).</li>
 *   <li>{@link #open} returns a channel reading the file from its start; callers may have several
 *       open at once, from several threads, and close each.</li>
 *   <li>A path that vanished raises {@link java.nio.file.NoSuchFileException}; other failures any
 *       {@link IOException}, which the archiver records against that path and goes on.</li>
 * </ul>
 */
public interface Source extends AutoCloseable {

    FileMetadata stat(String path) throws IOException;

    /** Entries of a directory, in any order, without {@code .} and {@code ..}. */
    List<SourceEntry> list(String directory) throws IOException;

    /** Extended attributes of an entry, sorted by name; empty when none or unsupported. */
    List<Xattr> xattrs(String path) throws IOException;

    ReadableByteChannel open(String path) throws IOException;

    /** Where this source reads, for messages, e.g. {@code local} or {@code sftp://host}. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
