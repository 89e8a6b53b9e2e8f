package io.strata.engine.source;

import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.Xattr;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tree of files to back up. Contract:
 * <ul>
 *   <li>Paths are absolute and {@code /}-separated (see {@link SourcePaths}); symlinks are never followed.</li>
 *   <li>{@link #list} and {@link #stat} give metadata without extended attributes (they cost a call
 *       per file; the archiver asks {@link #xattrs} only for new or changed files and directories), unless the
 *       source gets them with a listing for no call per file (a remote server's): a listing's attributes stay
 *       where {@link #xattrs} answers none, so such a source answers none for an entry it listed them for.</li>
 *   <li>{@link #open} returns a channel reading the file from its start; callers may have several
 *       open at once, from several threads, and close each.</li>
 *   <li>A path that vanished raises {@link java.nio.file.NoSuchFileException}; other failures any
 *       {@link IOException}, which the archiver records against that path and goes on.</li>
 *   <li>A source where each open costs round trips (a remote server) may read many small files
 *       through one stream: it answers {@link #bulkReadStreams} with more than 0 and implements
 *       {@link #readMany}; the archiver then hands it batches of small changed files.</li>
 *   <li>A source where each listing costs a round trip may list many directories in one: it answers
 *       {@link #listBatchSize} with more than 1 and implements {@link #listMany}.</li>
 * </ul>
 */
public interface Source extends AutoCloseable {

    FileMetadata stat(String path) throws IOException;

    /** Entries of a directory, in any order, without {@code .} and {@code ..}. */
    List<SourceEntry> list(String directory) throws IOException;

    /**
     * Extended attributes of an entry of any type, sorted by name; empty when none or unsupported. Never opens the
     * entry (a FIFO would block) nor follows a symlink: a symlink's are its own.
     */
    List<Xattr> xattrs(String path) throws IOException;

    ReadableByteChannel open(String path) throws IOException;

    /**
     * Whether the file at {@code path} now differs from what a listing of this source reported for it
     * (size, modification and change time): asked after reading a file, to flag one that changed while it
     * was read. The default stats it again and compares exactly; a source whose {@link #stat} is coarser
     * than its listings compares at the precision both have.
     *
     * @throws IOException when it cannot be looked at any more (the caller then counts it as changed)
     */
    default boolean changedSince(String path, FileMetadata listed) throws IOException {
        FileMetadata now = stat(path);
        return now.size() != listed.size() || now.mtimeNanos() != listed.mtimeNanos()
                || now.ctimeNanos() != listed.ctimeNanos();
    }

    /**
     * How many directories {@link #listMany} should be given at once: 1 (the default) when listing several
     * together costs what listing each does; more for a source that lists many in one round trip.
     * May change over a source's life (e.g. once it found out the server cannot list in bulk).
     */
    default int listBatchSize() {
        return 1;
    }

    /**
     * How many {@link #listMany} requests this source serves at the same time; further ones wait for one of them
     * to end. A caller listing ahead on several threads gives each a share of the directories it knows, so that
     * the source's listings overlap: where they cannot, smaller shares would only cost more requests. The default
     * is unbounded. May change over a source's life, as {@link #listBatchSize} may.
     */
    default int listingsAtOnce() {
        return Integer.MAX_VALUE;
    }

    /**
     * Lists several directories: one result per directory, in the order given, holding its entries or
     * the exception {@link #list} would have thrown for it. This default lists each with {@link #list}.
     */
    default List<DirectoryListing> listMany(List<String> directories) {
        List<DirectoryListing> out = new ArrayList<>(directories.size());
        for (String d : directories) {
            try {
                out.add(DirectoryListing.of(list(d)));
            } catch (IOException e) {
                out.add(DirectoryListing.failed(e));
            }
        }
        return out;
    }

    /**
     * Whether a changed file larger than batches usually hold should still be read in a batch ({@link #readMany})
     * when this source reads in bulk ({@link #bulkReadStreams} above 0): for example a file that is mostly holes,
     * which a remote server's compressed tar stream carries as almost nothing where a read over the network
     * would carry every zero. False by default.
     */
    default boolean readInBatch(String path, FileMetadata listed) {
        return false;
    }

    /**
     * How many {@link #readMany} calls the archiver should run at once, or 0 (the default) when
     * files are best read one by one with {@link #open}. The archiver asks when it first has a changed
     * file to read, so a source may find out here (e.g. by trying the server's tar): a backup that
     * reads nothing never pays for that.
     */
    default int bulkReadStreams() {
        return 0;
    }

    /**
     * Reads regular files (as listed) one after the other and hands each to the visitor, in the
     * order given (see {@link BulkVisitor} for the contract). This default opens each file with
     * {@link #open} and gives no {@link ReadStamp}.
     *
     * @throws IOException when the stream broke; paths not yet handed to the visitor are unread
     */
    default void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
        Objects.requireNonNull(visitor);
        for (String path : paths) {
            ReadableByteChannel ch;
            try {
                ch = open(path);
            } catch (IOException e) {
                visitor.failed(path, e);
                continue;
            }
            try (ch) {
                visitor.file(path, null, ch);
            }
        }
    }

    /** Where this source reads, for messages, e.g. {@code local} or {@code sftp://host}. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
