package io.strata.engine.index;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.codec.ByteReader;
import io.strata.engine.codec.ByteWriter;
import io.strata.engine.codec.MalformedEncodingException;
import io.strata.engine.pack.PackEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Plaintext of an index object: {@code "SIX1" varint(packs) { packId[32] varint(blobs)
 * { u8(type | compressed<<7) id[32] varint(offset) varint(storedLength) varint(rawLength) }* }*}.
 */
public final class IndexCodec {
    private IndexCodec() {
    }

    public static byte[] encode(List<IndexedPack> packs) {
        int blobs = packs.stream().mapToInt(p -> p.entries().size()).sum();
        ByteWriter w = new ByteWriter(16 + packs.size() * 40 + blobs * 44);
        w.raw(new byte[] {'S', 'I', 'X', '1'});
        w.varint(packs.size());
        byte[] id = new byte[BlobId.LENGTH];
        for (IndexedPack p : packs) {
            p.packId().copyTo(id, 0);
            w.raw(id);
            w.varint(p.entries().size());
            for (PackEntry e : p.entries()) {
                w.u8(e.type().code() | (e.compressed() ? 0x80 : 0));
                e.id().copyTo(id, 0);
                w.raw(id);
                w.varint(e.offset());
                w.varint(e.storedLength());
                w.varint(e.rawLength());
            }
        }
        return w.toByteArray();
    }

    public static List<IndexedPack> decode(byte[] plain) {
        ByteReader r = new ByteReader(plain);
        byte[] magic = r.raw(4);
        if (magic[0] != 'S' || magic[1] != 'I' || magic[2] != 'X' || magic[3] != '1') {
            throw new MalformedEncodingException("not an index (bad magic)");
        }
        int packs = r.length();
        if (packs > plain.length / 33) {
            throw new MalformedEncodingException("index claims " + packs + " packs");
        }
        List<IndexedPack> out = new ArrayList<>(packs);
        for (int i = 0; i < packs; i++) {
            BlobId packId = BlobId.wrap(r.raw(BlobId.LENGTH));
            int n = r.length();
            if (n > r.remaining() / 36) {
                throw new MalformedEncodingException("index pack claims " + n + " blobs");
            }
            List<PackEntry> entries = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int flags = r.u8();
                BlobType type;
                try {
                    type = BlobType.ofCode(flags & 0x7F);
                } catch (IllegalArgumentException e) {
                    throw new MalformedEncodingException(e.getMessage());
                }
                BlobId id = BlobId.wrap(r.raw(BlobId.LENGTH));
                entries.add(new PackEntry(type, id, r.length(), r.length(), r.length(), (flags & 0x80) != 0));
            }
            out.add(new IndexedPack(packId, entries));
        }
        return out;
    }
}
