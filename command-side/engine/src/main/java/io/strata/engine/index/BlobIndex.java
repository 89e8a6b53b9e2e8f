package io.strata.engine.index;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.pack.PackEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The in-memory index: blob id to location, in open-addressed parallel arrays with linear
 * probing (no object per entry).
 *
 * <p>Memory: each slot holds the 32-byte id, a 4-byte pack reference, 4-byte offset, 4-byte
 * stored length, 4-byte raw length and a 1-byte type/flags: 49 bytes. The table doubles at 3/4
 * load, so a chunk costs 65 to 131 bytes (about 100 on average), plus 32 bytes per pack. One
 * million chunks (1 TB of unique data at 1 MiB average chunks) fit in about 100 MB.
 *
 * <p>Ids are SHA-256 outputs, uniformly distributed, so their first 8 bytes are the hash. When a
 * blob is added twice (it was stored twice, e.g. by concurrent backups), the first location wins.
 * Thread-safe: all methods synchronize on the index; a lookup is a few hundred nanoseconds.
 */
public final class BlobIndex {
    private byte[] ids;
    private int[] packRefs; // pack reference + 1; 0 marks an empty slot
    private int[] offsets;
    private int[] storedLengths;
    private int[] rawLengths;
    private byte[] flags;
    private int mask;
    private int size;
    private final List<BlobId> packs = new ArrayList<>();
    private final Map<BlobId, Integer> packRefByPack = new HashMap<>();

    public BlobIndex() {
        allocate(1024);
    }

    /** An index sized to take {@code expectedBlobs} without growing (loading rehashes nothing). */
    public BlobIndex(int expectedBlobs) {
        long wanted = Math.max(1024, (expectedBlobs * 4L + 2) / 3 + 1);
        if (wanted > 1 << 30) {
            throw new IllegalArgumentException("too many blobs for one index: " + expectedBlobs);
        }
        allocate(Integer.highestOneBit((int) wanted - 1) << 1);
    }

    private void allocate(int capacity) {
        ids = new byte[capacity * BlobId.LENGTH];
        packRefs = new int[capacity];
        offsets = new int[capacity];
        storedLengths = new int[capacity];
        rawLengths = new int[capacity];
        flags = new byte[capacity];
        mask = capacity - 1;
        size = 0;
    }

    private static long probeStart(byte[] id, int off) {
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (id[off + i] & 0xFF);
        }
        return h;
    }

    private int find(byte[] id) {
        int slot = (int) probeStart(id, 0) & mask;
        while (true) {
            if (packRefs[slot] == 0) {
                return -1 - slot;
            }
            if (Arrays.equals(ids, slot * BlobId.LENGTH, slot * BlobId.LENGTH + BlobId.LENGTH, id, 0, BlobId.LENGTH)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    public synchronized int size() {
        return size;
    }

    public synchronized boolean isEmpty() {
        return size == 0;
    }

    public synchronized int packCount() {
        return packs.size();
    }

    public synchronized boolean contains(BlobId id) {
        return find(id.bytes()) >= 0;
    }

    public synchronized Optional<BlobLocation> get(BlobId id) {
        int slot = find(id.bytes());
        if (slot < 0) {
            return Optional.empty();
        }
        return Optional.of(location(slot));
    }

    private BlobLocation location(int slot) {
        int f = flags[slot];
        return new BlobLocation(BlobType.ofCode(f & 0x7F), packs.get(packRefs[slot] - 1), offsets[slot],
                storedLengths[slot], rawLengths[slot], (f & 0x80) != 0);
    }

    /** Adds every blob of a pack; blobs already present keep their first location. */
    public synchronized void addPack(BlobId packId, List<PackEntry> entries) {
        Integer ref = packRefByPack.get(packId);
        if (ref == null) {
            packs.add(packId);
            ref = packs.size();
            packRefByPack.put(packId, ref);
        }
        byte[] id = new byte[BlobId.LENGTH];
        for (PackEntry e : entries) {
            if ((size + 1) * 4L > (mask + 1) * 3L) {
                grow();
            }
            e.id().copyTo(id, 0);
            int slot = find(id);
            if (slot >= 0) {
                continue;
            }
            slot = -1 - slot;
            System.arraycopy(id, 0, ids, slot * BlobId.LENGTH, BlobId.LENGTH);
            packRefs[slot] = ref;
            offsets[slot] = e.offset();
            storedLengths[slot] = e.storedLength();
            rawLengths[slot] = e.rawLength();
            flags[slot] = (byte) (e.type().code() | (e.compressed() ? 0x80 : 0));
            size++;
        }
    }

    private void grow() {
        byte[] oIds = ids;
        int[] oRefs = packRefs;
        int[] oOff = offsets;
        int[] oStored = storedLengths;
        int[] oRaw = rawLengths;
        byte[] oFlags = flags;
        int oldCapacity = oRefs.length;
        allocate(oldCapacity * 2);
        byte[] id = new byte[BlobId.LENGTH];
        for (int i = 0; i < oldCapacity; i++) {
            if (oRefs[i] == 0) {
                continue;
            }
            System.arraycopy(oIds, i * BlobId.LENGTH, id, 0, BlobId.LENGTH);
            int slot = -1 - find(id);
            System.arraycopy(id, 0, ids, slot * BlobId.LENGTH, BlobId.LENGTH);
            packRefs[slot] = oRefs[i];
            offsets[slot] = oOff[i];
            storedLengths[slot] = oStored[i];
            rawLengths[slot] = oRaw[i];
            flags[slot] = oFlags[i];
            size++;
        }
    }

    /** Visits every blob and its location, in no particular order. */
    public synchronized void forEach(java.util.function.BiConsumer<BlobId, BlobLocation> visitor) {
        byte[] id = new byte[BlobId.LENGTH];
        for (int i = 0; i <= mask; i++) {
            if (packRefs[i] != 0) {
                System.arraycopy(ids, i * BlobId.LENGTH, id, 0, BlobId.LENGTH);
                visitor.accept(BlobId.of(id), location(i));
            }
        }
    }

    public synchronized void forEachPack(Consumer<BlobId> visitor) {
        packs.forEach(visitor);
    }

    /** Bytes held by the arrays, for reports and tests. */
    public synchronized long memoryBytes() {
        return (long) (mask + 1) * (BlobId.LENGTH + 4 + 4 + 4 + 4 + 1) + packs.size() * 64L;
    }
}
