package io.strata.engine.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.blob.BlobId;
import io.strata.engine.codec.MalformedEncodingException;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.Xattr;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trees encode every metadata kind, decode to equal trees, deterministically; malformed input is refused cleanly. */
class TreeCodecTest {
    private static FileMetadata meta(FileType t, int mode, long size, String target, List<Xattr> x) {
        return new FileMetadata(t, mode, 1000, 100, "alice", null, size, -1_234_567_891L, 5, 1_700_000_000_123_456_789L,
                42, 2049, t == FileType.FILE ? 2 : 1, t == FileType.CHAR_DEVICE ? 0x0501 : 0, target, x);
    }

    static Tree sample() {
        BlobId a = BlobId.wrap(Sha256.hash(new byte[] {1}));
        BlobId b = BlobId.wrap(Sha256.hash(new byte[] {2}));
        return new Tree(List.of(
                Node.file("zeta file ✓", meta(FileType.FILE, 04755, 10, null, List.of(new Xattr("user.k", new byte[] {0, 1}))),
                        List.of(a, b), Sha256.hash(new byte[] {3}), true),
                Node.directory("dir", meta(FileType.DIRECTORY, 01777, 0, null, List.of()), a),
                Node.other("link", meta(FileType.SYMLINK, 0777, 7, "../nowhere", List.of())),
                Node.other("fifo", meta(FileType.FIFO, 0600, 0, null, List.of())),
                Node.other("tty", meta(FileType.CHAR_DEVICE, 0620, 0, null, List.of())),
                Node.file("empty", meta(FileType.FILE, 02644, 0, null, List.of()), List.of(), Sha256.hash(new byte[0]), false)));
    }

    @Test
    void roundTripsAllKindsOfEntries() {
        Tree t = sample();
        Tree back = TreeCodec.decode(TreeCodec.encode(t));
        assertThat(back.nodes()).hasSize(6);
        for (int i = 0; i < t.nodes().size(); i++) {
            Node x = t.nodes().get(i);
            Node y = back.nodes().get(i);
            assertThat(y.name()).isEqualTo(x.name());
            assertThat(y.meta().mode()).isEqualTo(x.meta().mode());
            assertThat(y.meta().mtimeNanos()).isEqualTo(x.meta().mtimeNanos());
            assertThat(y.meta().ctimeNanos()).isEqualTo(x.meta().ctimeNanos());
            assertThat(y.meta().user()).isEqualTo("alice");
            assertThat(y.meta().group()).isNull();
            assertThat(y.meta().symlinkTarget()).isEqualTo(x.meta().symlinkTarget());
            assertThat(y.meta().xattrs()).isEqualTo(x.meta().xattrs());
            assertThat(y.meta().rdev()).isEqualTo(x.meta().rdev());
            assertThat(y.content()).isEqualTo(x.content());
            assertThat(y.subtree()).isEqualTo(x.subtree());
            assertThat(y.changedDuringRead()).isEqualTo(x.changedDuringRead());
            assertThat(Arrays.equals(y.fileSha256(), x.fileSha256())).isTrue();
        }
    }

    @Test
    void encodingIsDeterministicWhateverTheInputOrder() {
        Tree t = sample();
        List<Node> reversed = new java.util.ArrayList<>(t.nodes());
        java.util.Collections.reverse(reversed);
        assertThat(TreeCodec.encode(new Tree(reversed))).isEqualTo(TreeCodec.encode(t));
    }

    @Test
    void everyTruncationIsRefusedAsMalformed() {
        byte[] enc = TreeCodec.encode(sample());
        for (int n = 0; n < enc.length; n++) {
            byte[] cut = Arrays.copyOf(enc, n);
            try {
                Tree t = TreeCodec.decode(cut);
                assertThat(t.nodes().size()).isLessThan(6);
            } catch (MalformedEncodingException expected) {
                // the only acceptable failure
            }
        }
        assertThatThrownBy(() -> TreeCodec.decode(new byte[] {'X', 'T', 'R', '1', 0}))
                .isInstanceOf(MalformedEncodingException.class);
    }
}
