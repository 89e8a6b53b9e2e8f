package io.strata.engine.source;

import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.Xattr;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Source} that passes every call to another, {@link #close} included; a subclass
 * overrides what it changes.
 */
public abstract class ForwardingSource implements Source {
    protected final Source delegate;

    protected ForwardingSource(Source delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public FileMetadata stat(String path) throws IOException {
        return delegate.stat(path);
    }

    @Override
    public List<SourceEntry> list(String directory) throws IOException {
        return delegate.list(directory);
    }

    @Override
    public List<Xattr> xattrs(String path) throws IOException {
        return delegate.xattrs(path);
    }

    @Override
    public ReadableByteChannel open(String path) throws IOException {
        return delegate.open(path);
    }

    @Override
    public boolean changedSince(String path, FileMetadata listed) throws IOException {
        return delegate.changedSince(path, listed);
    }

    @Override
    public int listBatchSize() {
        return delegate.listBatchSize();
    }

    @Override
    public int listingsAtOnce() {
        return delegate.listingsAtOnce();
    }

    /**
     * The delegate's own bulk listing when it has one; otherwise the default, which lists each directory
     * through {@link #list} (so a subclass that changes {@code list} is heard here too).
     */
    @Override
    public List<DirectoryListing> listMany(List<String> directories) {
        return delegate.listBatchSize() > 1 ? delegate.listMany(directories) : Source.super.listMany(directories);
    }

    @Override
    public int bulkReadStreams() {
        return delegate.bulkReadStreams();
    }

    @Override
    public boolean readInBatch(String path, FileMetadata listed) {
        return delegate.readInBatch(path, listed);
    }

    /**
     * The delegate's own bulk read when it has one; otherwise the default, which opens each file through
     * {@link #open} (so a subclass that changes {@code open} is heard for batched files too).
     */
    @Override
    public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
        if (delegate.bulkReadStreams() > 0) {
            delegate.readMany(paths, visitor);
        } else {
            Source.super.readMany(paths, visitor);
        }
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
