package io.strata.engine.pack;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.codec.ByteReader;
import io.strata.engine.codec.ByteWriter;
import io.strata.engine.codec.MalformedEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plaintext of a pack header: {@code "SPK1" varint(count) { u8(type | compressed<<7) id[32]
 * varint(storedLength) varint(rawLength) }*}. Offsets are implicit: blobs lie back to back from
 * offset 0 in header order.
 */
public final class PackHeaderCodec {
    private static final byte[] MAGIC = {'S', 'P', 'K', '1'};

    private PackHeaderCodec() {
    }

    public static byte[] encode(List<PackEntry> entries) {
        ByteWriter w = new ByteWriter(16 + entries.size() * 40);
        w.raw(MAGIC);
        w.varint(entries.size());
        int expected = 0;
        byte[] id = new byte[BlobId.LENGTH];
        for (PackEntry e : entries) {
            if (e.offset() != expected) {
                throw new IllegalArgumentException("pack entries must be contiguous");
            }
            w.u8(e.type().code() | (e.compressed() ? 0x80 : 0));
            e.id().copyTo(id, 0);
            w.raw(id);
            w.varint(e.storedLength());
            w.varint(e.rawLength());
            expected += e.storedLength();
        }
        return w.toByteArray();
    }

    public static List<PackEntry> decode(byte[] plain) {
        ByteReader r = new ByteReader(plain);
        byte[] magic = r.raw(4);
        if (magic[0] != 'S' || magic[1] != 'P' || magic[2] != 'K' || magic[3] != '1') {
            throw new MalformedEncodingException("not a pack header (bad magic)");
        }
        int n = r.length();
        if (n > plain.length / 34) {
            throw new MalformedEncodingException("pack header claims " + n + " entries");
        }
        List<PackEntry> out = new ArrayList<>(n);
        int offset = 0;
        for (int i = 0; i < n; i++) {
            int flags = r.u8();
            BlobType type;
            try {
                type = BlobType.ofCode(flags & 0x7F);
            } catch (IllegalArgumentException e) {
                throw new MalformedEncodingException(e.getMessage());
            }
            BlobId id = BlobId.wrap(r.raw(BlobId.LENGTH));
            int stored = r.length();
            int raw = r.length();
            out.add(new PackEntry(type, id, offset, stored, raw, (flags & 0x80) != 0));
            offset += stored;
        }
        return out;
    }
}
