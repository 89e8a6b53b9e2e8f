package io.strata.engine.snapshot;

import io.strata.engine.blob.BlobId;
import io.strata.engine.codec.ByteReader;
import io.strata.engine.codec.ByteWriter;
import io.strata.engine.codec.Hex;
import io.strata.engine.codec.MalformedEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot plaintext: {@code "SSN1" svarint(epochSecond) varint(nano) string(host) string(user)
 * varint(n) string(path)* varint(n) string(tag)* u8(level) u8(hasParent) [parent[32]] tree[32]
 * varint(filesScanned filesRead filesUnchanged bytesScanned bytesRead bytesNew bytesStored
 * durationNanos filesChangedDuringRead errors) string(engineVersion)}.
 */
public final class SnapshotCodec {
    private SnapshotCodec() {
    }

    public static byte[] encode(Snapshot s) {
        ByteWriter w = new ByteWriter(512);
        w.raw(new byte[] {'S', 'S', 'N', '1'});
        w.svarint(s.time().getEpochSecond());
        w.varint(s.time().getNano());
        w.string(s.hostname());
        w.string(s.username());
        w.varint(s.paths().size());
        s.paths().forEach(w::string);
        w.varint(s.tags().size());
        s.tags().forEach(w::string);
        w.u8(s.level().code());
        w.u8(s.parent() == null ? 0 : 1);
        if (s.parent() != null) {
            w.raw(Hex.decode(s.parent().hex()));
        }
        w.raw(s.tree().bytes());
        SnapshotStats st = s.stats();
        w.varint(st.filesScanned()).varint(st.filesRead()).varint(st.filesUnchanged()).varint(st.bytesScanned())
                .varint(st.bytesRead()).varint(st.bytesNew()).varint(st.bytesStored()).varint(st.duration().toNanos())
                .varint(st.filesChangedDuringRead()).varint(st.errors());
        w.string(s.engineVersion());
        return w.toByteArray();
    }

    public static Snapshot decode(byte[] plain) {
        ByteReader r = new ByteReader(plain);
        byte[] magic = r.raw(4);
        if (magic[0] != 'S' || magic[1] != 'S' || magic[2] != 'N' || magic[3] != '1') {
            throw new MalformedEncodingException("not a snapshot (bad magic)");
        }
        try {
            Instant time = Instant.ofEpochSecond(r.svarint(), r.varint());
            String host = r.string();
            String user = r.string();
            int np = r.length();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < np; i++) {
                paths.add(r.string());
            }
            int nt = r.length();
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < nt; i++) {
                tags.add(r.string());
            }
            BackupLevel level = BackupLevel.ofCode(r.u8());
            SnapshotId parent = r.u8() == 1 ? new SnapshotId(Hex.encode(r.raw(32))) : null;
            BlobId tree = BlobId.wrap(r.raw(32));
            SnapshotStats stats = new SnapshotStats(r.varint(), r.varint(), r.varint(), r.varint(), r.varint(),
                    r.varint(), r.varint(), Duration.ofNanos(r.varint()), r.varint(), r.varint());
            String version = r.string();
            return new Snapshot(time, host, user, paths, tags, level, parent, tree, stats, version);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new MalformedEncodingException("invalid snapshot: " + e.getMessage());
        }
    }
}
