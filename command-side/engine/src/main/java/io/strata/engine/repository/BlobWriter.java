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
    private final PackSlot dataPack = new PackSlot();
    private final PackSlot treePack = new PackSlot();
    private final java.util.concurrent.BlockingQueue<byte[]> freeBuffers = new java.util.concurrent.LinkedBlockingQueue<>();
    private final int bufferSize;
    private final List<IndexedPack> unindexed = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong packsWritten = new AtomicLong();
    private final AtomicLong packBytes = new AtomicLong();
    private final int uploadSlots;
    private boolean closed;

    /** The pack being filled for one blob type; guarded by its own monitor. */
    private static final class PackSlot {
        Pack current;
    }

    /**
     * A pack under construction. Space is reserved under the slot's lock and filled (sealed) outside
     * it, so threads encrypt concurrently; the last writer of a closed pack uploads it.
     */
    private static final class Pack {
        final byte[] buf;
        int len;
        final List<PackEntry> entries = new ArrayList<>();
        int writers;
        boolean closed;
        boolean finishing;

        Pack(byte[] buf) {
            this.buf = buf;
        }
    }

    private final boolean ignoreIndex;

    BlobWriter(Repository repo, boolean dryRun) {
        this(repo, dryRun, false);
    }

    BlobWriter(Repository repo, boolean dryRun, boolean ignoreIndex) {
        this.repo = repo;
        this.dryRun = dryRun;
        this.ignoreIndex = ignoreIndex;
        this.packTarget = repo.config().packTarget();
        this.uploadSlots = Math.max(1, repo.options().uploadThreads());
        this.uploader = Executors.newFixedThreadPool(uploadSlots,
                Thread.ofPlatform().name("strata-pack-upload").daemon().factory());
        this.inFlight = new Semaphore(uploadSlots + 1);
        this.bufferSize = packTarget + SegmentedGcm.sealedLength(repo.config().chunker().max()) + 256 * 1024;
    }

    private Pack newPack(int atLeast) {
        byte[] b = atLeast <= bufferSize ? freeBuffers.poll() : null;
        return new Pack(b != null ? b : new byte[Math.max(bufferSize, atLeast)]);
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Whether the repository or this session already has the blob. */
    public boolean known(BlobId id) {
        return pending.contains(id) || (!ignoreIndex && repo.index().contains(id));
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
        if ((!ignoreIndex && repo.index().contains(id)) || !pending.add(id)) {
            return SaveResult.DUPLICATE;
        }
        ZstdCodec.Compressed c = repo.zstd().compressIfSmaller(data, off, len);
        int payloadLen = c == null ? len : c.length();
        int sealedLen = SegmentedGcm.sealedLength(payloadLen);
        if (dryRun) {
            return new SaveResult(true, sealedLen);
        }
        PackSlot slot = type == BlobType.TREE ? treePack : dataPack;
        Pack pack;
        Pack full = null;
        int at;
        synchronized (slot) {
            pack = slot.current;
            if (pack != null && pack.len + sealedLen > pack.buf.length) {
                pack.closed = true;
                full = takeIfDone(pack);
                pack = null;
            }
            if (pack == null) {
                pack = newPack(sealedLen);
                slot.current = pack;
            }
            at = pack.len;
            pack.len += sealedLen;
            pack.entries.add(new PackEntry(type, id, at, sealedLen, len, c != null));
            pack.writers++;
            if (pack.len >= packTarget) {
                pack.closed = true;
                slot.current = null;
            }
        }
        if (full != null) {
            finishAndUpload(full);
        }
        try {
            if (c == null) {
                repo.gcm().seal(data, off, len, pack.buf, at);
            } else {
                repo.gcm().seal(c.buffer(), 0, c.length(), pack.buf, at);
            }
        } finally {
            Pack done;
            synchronized (slot) {
                pack.writers--;
                done = takeIfDone(pack);
            }
            if (done != null) {
                finishAndUpload(done);
            }
        }
        return new SaveResult(true, sealedLen);
    }

    /** Under the slot lock: the pack if it is closed, has no writers left and nobody uploads it yet. */
    private static Pack takeIfDone(Pack p) {
        if (p.closed && p.writers == 0 && !p.finishing) {
            p.finishing = true;
            return p;
        }
        return null;
    }

    /**
     * Appends the sealed header and its length to the pack's buffer, names the pack by the hash of those bytes and
     * uploads them from the buffer itself (a prefix put: no copy to an array of the exact size, which took as many
     * fresh bytes as the packs themselves); the buffer goes back to the free list once the upload has returned.
     */
    private void finishAndUpload(Pack pack) {
        int len = pack.len;
        List<PackEntry> entries = pack.entries;
        byte[] header = repo.gcm().seal(PackHeaderCodec.encode(entries));
        int total = len + header.length + 4;
        byte[] bytes = pack.buf.length >= total ? pack.buf : Arrays.copyOf(pack.buf, total);
        System.arraycopy(header, 0, bytes, len, header.length);
        int h = header.length;
        bytes[total - 4] = (byte) h;
        bytes[total - 3] = (byte) (h >>> 8);
        bytes[total - 2] = (byte) (h >>> 16);
        bytes[total - 1] = (byte) (h >>> 24);
        BlobId packId = BlobId.wrap(Sha256.hash(bytes, 0, total));
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("interrupted while waiting to upload a pack");
        }
        uploader.execute(() -> {
            try {
                if (failure.get() == null) {
                    repo.storage().put(ObjectName.of(ObjectKind.PACK, packId.bytes()), bytes, total);
                    repo.index().addPack(packId, entries);
                    synchronized (unindexed) {
                        unindexed.add(new IndexedPack(packId, entries));
                    }
                    if (!ignoreIndex) {
                        for (PackEntry e : entries) {
                            pending.remove(e.id());
                        }
                    }
                    packsWritten.incrementAndGet();
                    packBytes.addAndGet(total);
                }
            } catch (StorageException e) {
                failure.compareAndSet(null, new RepositoryStorageException("upload pack " + packId.hex(), e));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                if (bytes.length == bufferSize && freeBuffers.size() < uploadSlots + 2) {
                    freeBuffers.offer(bytes);
                }
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
        for (PackSlot slot : List.of(dataPack, treePack)) {
            Pack done = null;
            synchronized (slot) {
                Pack p = slot.current;
                slot.current = null;
                if (p != null && !p.entries.isEmpty()) {
                    p.closed = true;
                    done = takeIfDone(p);
                }
            }
            if (done != null) {
                finishAndUpload(done);
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
