package io.strata.engine.repository;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.compression.ZstdCodec;
import io.strata.engine.crypto.SegmentedGcm;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.index.IndexedPack;
import io.strata.engine.pack.PackEntry;
import io.strata.engine.pack.PackHeaderCodec;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.StorageException;
import io.strata.engine.tree.Tree;
import io.strata.engine.tree.TreeCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One write session: deduplicates blobs against the index and against itself, compresses and
 * seals them in the caller's thread, appends them to the open pack of their type, and uploads full
 * packs on background threads (at most {@code uploadThreads + 1} packs in flight per session, so
 * memory stays bounded). After each upload the pack's blobs join the in-memory index. {@link #flush}
 * closes the open packs, waits for every upload and writes one index object for the session's
 * packs; only then may a snapshot refer to the blobs.
 *
 * <p>Data and tree blobs go to separate packs, so reading trees never pulls file data.
 */
public final class BlobWriter implements AutoCloseable {
    /** Outcome of one save: whether the blob was new, and its stored (sealed) size if so. */
    public record SaveResult(boolean isNew, long storedBytes) {
        static final SaveResult DUPLICATE = new SaveResult(false, 0);
    }

    private final Repository repo;
    private final boolean dryRun;
    private final int packTarget;
    private final ExecutorService uploader;
    private final Semaphore inFlight;
    private final Set<BlobId> pending = ConcurrentHashMap.newKeySet();
    private final OpenPack dataPack = new OpenPack();
    private final OpenPack treePack = new OpenPack();
    private final List<IndexedPack> unindexed = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong packsWritten = new AtomicLong();
    private final AtomicLong packBytes = new AtomicLong();
    private final int uploadSlots;
    private boolean closed;

    private static final class OpenPack {
        byte[] buf = new byte[0];
        int len;
        List<PackEntry> entries = new ArrayList<>();
    }

    BlobWriter(Repository repo, boolean dryRun) {
        this.repo = repo;
        this.dryRun = dryRun;
        this.packTarget = repo.config().packTarget();
        this.uploadSlots = Math.max(1, repo.options().uploadThreads());
        this.uploader = Executors.newFixedThreadPool(uploadSlots, r -> {
            Thread t = new Thread(r, "strata-pack-upload");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(uploadSlots + 1);
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Whether the repository or this session already has the blob. */
    public boolean known(BlobId id) {
        return pending.contains(id) || repo.index().contains(id);
    }

    public BlobId saveTree(Tree tree) {
        byte[] plain = TreeCodec.encode(tree);
        BlobId id = BlobId.ofContent(plain, 0, plain.length);
        save(BlobType.TREE, id, plain, 0, plain.length);
        return id;
    }

    /**
     * Stores a blob unless the repository or this session has it. {@code id} must be the SHA-256 of
     * the bytes (the caller usually computed it already).
     */
    public SaveResult save(BlobType type, BlobId id, byte[] data, int off, int len) {
        rethrowFailure();
        if (repo.index().contains(id) || !pending.add(id)) {
            return SaveResult.DUPLICATE;
        }
        ZstdCodec.Compressed c = repo.zstd().compressIfSmaller(data, off, len);
        int payloadLen = c == null ? len : c.length();
        int sealedLen = SegmentedGcm.sealedLength(payloadLen);
        if (dryRun) {
            return new SaveResult(true, sealedLen);
        }
        byte[] sealed = new byte[sealedLen];
        if (c == null) {
            repo.gcm().seal(data, off, len, sealed, 0);
        } else {
            repo.gcm().seal(c.buffer(), 0, c.length(), sealed, 0);
        }
        OpenPack pack = type == BlobType.TREE ? treePack : dataPack;
        byte[] full = null;
        List<PackEntry> fullEntries = null;
        int fullLen = 0;
        synchronized (pack) {
            if (pack.len + sealedLen > pack.buf.length) {
                pack.buf = Arrays.copyOf(pack.buf, Math.max(pack.len + sealedLen, Math.min(packTarget + packTarget / 4,
                        Math.max(pack.buf.length * 2, 1 << 20))));
            }
            System.arraycopy(sealed, 0, pack.buf, pack.len, sealedLen);
            pack.entries.add(new PackEntry(type, id, pack.len, sealedLen, len, c != null));
            pack.len += sealedLen;
            if (pack.len >= packTarget) {
                full = pack.buf;
                fullLen = pack.len;
                fullEntries = pack.entries;
                pack.buf = new byte[0];
                pack.len = 0;
                pack.entries = new ArrayList<>();
            }
        }
        if (full != null) {
            finishAndUpload(full, fullLen, fullEntries);
        }
        return new SaveResult(true, sealedLen);
    }

    private void finishAndUpload(byte[] buf, int len, List<PackEntry> entries) {
        byte[] header = repo.gcm().seal(PackHeaderCodec.encode(entries));
        int total = len + header.length + 4;
        byte[] packBytesArr = buf.length >= total ? buf : Arrays.copyOf(buf, total);
        System.arraycopy(header, 0, packBytesArr, len, header.length);
        int h = header.length;
        packBytesArr[total - 4] = (byte) h;
        packBytesArr[total - 3] = (byte) (h >>> 8);
        packBytesArr[total - 2] = (byte) (h >>> 16);
        packBytesArr[total - 1] = (byte) (h >>> 24);
        byte[] exact = packBytesArr.length == total ? packBytesArr : Arrays.copyOf(packBytesArr, total);
        BlobId packId = BlobId.wrap(Sha256.hash(exact));
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("interrupted while waiting to upload a pack");
        }
        uploader.execute(() -> {
            try {
                if (failure.get() == null) {
                    repo.storage().put(ObjectName.of(ObjectKind.PACK, packId.bytes()), exact);
                    repo.index().addPack(packId, entries);
                    synchronized (unindexed) {
                        unindexed.add(new IndexedPack(packId, entries));
                    }
                    for (PackEntry e : entries) {
                        pending.remove(e.id());
                    }
                    packsWritten.incrementAndGet();
                    packBytes.addAndGet(exact.length);
                }
            } catch (StorageException e) {
                failure.compareAndSet(null, new RepositoryStorageException("upload pack " + packId.hex(), e));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                inFlight.release();
            }
        });
    }

    private void rethrowFailure() {
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t != null) {
            throw new RepositoryException("pack upload failed", t);
        }
    }

    /** Closes the open packs, waits for all uploads, and writes the index of this session's packs. */
    public void flush() {
        if (dryRun) {
            return;
        }
        for (OpenPack pack : List.of(dataPack, treePack)) {
            byte[] buf;
            int len;
            List<PackEntry> entries;
            synchronized (pack) {
                buf = pack.buf;
                len = pack.len;
                entries = pack.entries;
                pack.buf = new byte[0];
                pack.len = 0;
                pack.entries = new ArrayList<>();
            }
            if (!entries.isEmpty()) {
                finishAndUpload(buf, len, entries);
            }
        }
        try {
            inFlight.acquire(uploadSlots + 1);
            inFlight.release(uploadSlots + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("interrupted while waiting for pack uploads");
        }
        rethrowFailure();
        List<IndexedPack> toIndex;
        synchronized (unindexed) {
            toIndex = new ArrayList<>(unindexed);
            unindexed.clear();
        }
        if (!toIndex.isEmpty()) {
            repo.writeIndexObject(toIndex);
        }
    }

    public long packsWritten() {
        return packsWritten.get();
    }

    public long packBytes() {
        return packBytes.get();
    }

    /** Stops the upload threads. Packs not flushed are dropped: they are never indexed or referenced. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        uploader.shutdown();
        try {
            if (!uploader.awaitTermination(10, TimeUnit.MINUTES)) {
                uploader.shutdownNow();
            }
        } catch (InterruptedException e) {
            uploader.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
