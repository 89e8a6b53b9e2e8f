package io.strata.engine.index;

import io.strata.engine.blob.BlobId;
import java.util.Arrays;

/**
 * A compact set of blob ids: open addressing over one byte array, 32 bytes per slot, at most 3/4
 * full (43 to 85 bytes per id). Used for live sets in GC and visited sets in walks. Not thread-safe.
 */
public final class BlobIdSet {
    private byte[] ids;
    private boolean[] used;
    private int mask;
    private int size;

    public BlobIdSet() {
        ids = new byte[1024 * BlobId.LENGTH];
        used = new boolean[1024];
        mask = 1023;
    }

    private int slotOf(byte[] id) {
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (id[i] & 0xFF);
        }
        int slot = (int) h & mask;
        while (used[slot] && !Arrays.equals(ids, slot * BlobId.LENGTH, slot * BlobId.LENGTH + BlobId.LENGTH, id, 0,
                BlobId.LENGTH)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Adds the id; returns false if it was present. */
    public boolean add(BlobId id) {
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        byte[] b = id.bytes();
        int slot = slotOf(b);
        if (used[slot]) {
            return false;
        }
        used[slot] = true;
        System.arraycopy(b, 0, ids, slot * BlobId.LENGTH, BlobId.LENGTH);
        size++;
        return true;
    }

    public boolean contains(BlobId id) {
        return used[slotOf(id.bytes())];
    }

    public int size() {
        return size;
    }

    private void grow() {
        byte[] oldIds = ids;
        boolean[] oldUsed = used;
        ids = new byte[oldIds.length * 2];
        used = new boolean[oldUsed.length * 2];
        mask = used.length - 1;
        byte[] id = new byte[BlobId.LENGTH];
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                System.arraycopy(oldIds, i * BlobId.LENGTH, id, 0, BlobId.LENGTH);
                int slot = slotOf(id);
                used[slot] = true;
                System.arraycopy(id, 0, ids, slot * BlobId.LENGTH, BlobId.LENGTH);
            }
        }
    }
}
