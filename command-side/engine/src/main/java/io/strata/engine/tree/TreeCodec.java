package io.strata.engine.tree;

import io.strata.engine.blob.BlobId;
import io.strata.engine.codec.ByteReader;
import io.strata.engine.codec.ByteWriter;
import io.strata.engine.codec.MalformedEncodingException;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.Xattr;
import java.util.ArrayList;
import java.util.List;

/**
 * Tree blob plaintext: {@code "STR1" varint(count) node*}, node =
 * {@code string(name) u8(type) varint(mode) varint(uid) varint(gid) string(user) string(group)
 * varint(size) svarint(mtimeNs) svarint(ctimeNs) varint(inode) varint(device) varint(links)
 * varint(rdev) varint(xattrs) {string(name) bytes(value)}* u8(flags)} followed by, for files,
 * {@code varint(chunks) id[32]* sha256[32]}, for directories {@code subtree[32]}, for symlinks
 * {@code string(target)}. Flags: bit 0 changed during read, bit 1 user name present, bit 2 group
 * name present. Access times are not recorded: reading a tree would otherwise change it.
 */
public final class TreeCodec {
    private static final byte[] MAGIC = {'S', 'T', 'R', '1'};

    private TreeCodec() {
    }

    public static byte[] encode(Tree tree) {
        ByteWriter w = new ByteWriter(64 + tree.nodes().size() * 96);
        w.raw(MAGIC);
        w.varint(tree.nodes().size());
        byte[] id = new byte[BlobId.LENGTH];
        for (Node n : tree.nodes()) {
            FileMetadata m = n.meta();
            w.string(n.name());
            w.u8(m.type().code());
            w.varint(m.mode());
            w.varint(m.uid() & 0xFFFFFFFFL);
            w.varint(m.gid() & 0xFFFFFFFFL);
            w.string(m.user() == null ? "" : m.user());
            w.string(m.group() == null ? "" : m.group());
            w.varint(m.size());
            w.svarint(m.mtimeNanos());
            w.svarint(m.ctimeNanos());
            w.varint(m.inode());
            w.varint(m.device());
            w.varint(m.links());
            w.varint(m.rdev());
            w.varint(m.xattrs().size());
            for (Xattr x : m.xattrs()) {
                w.string(x.name());
                w.bytes(x.value());
            }
            w.u8((n.changedDuringRead() ? 1 : 0) | (m.user() != null ? 2 : 0) | (m.group() != null ? 4 : 0));
            switch (m.type()) {
                case FILE -> {
                    w.varint(n.content().size());
                    for (BlobId b : n.content()) {
                        b.copyTo(id, 0);
                        w.raw(id);
                    }
                    w.raw(n.fileSha256());
                }
                case DIRECTORY -> {
                    n.subtree().copyTo(id, 0);
                    w.raw(id);
                }
                case SYMLINK -> w.string(m.symlinkTarget() == null ? "" : m.symlinkTarget());
                default -> {
                }
            }
        }
        return w.toByteArray();
    }

    public static Tree decode(byte[] plain) {
        ByteReader r = new ByteReader(plain);
        byte[] magic = r.raw(4);
        if (magic[0] != 'S' || magic[1] != 'T' || magic[2] != 'R' || magic[3] != '1') {
            throw new MalformedEncodingException("not a tree (bad magic)");
        }
        int count = r.length();
        if (count > plain.length) {
            throw new MalformedEncodingException("tree claims " + count + " entries");
        }
        List<Node> nodes = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                String name = r.string();
                FileType type = FileType.ofCode(r.u8());
                int mode = (int) r.varint();
                int uid = (int) r.varint();
                int gid = (int) r.varint();
                String user = r.string();
                String group = r.string();
                long size = r.varint();
                long mtime = r.svarint();
                long ctime = r.svarint();
                long inode = r.varint();
                long device = r.varint();
                int links = (int) r.varint();
                long rdev = r.varint();
                int nx = r.length();
                List<Xattr> xattrs = new ArrayList<>(Math.min(nx, 64));
                for (int k = 0; k < nx; k++) {
                    xattrs.add(new Xattr(r.string(), r.bytes()));
                }
                int flags = r.u8();
                String target = null;
                List<BlobId> content = List.of();
                byte[] sha = null;
                BlobId subtree = null;
                switch (type) {
                    case FILE -> {
                        int chunks = r.length();
                        if (chunks > r.remaining() / BlobId.LENGTH) {
                            throw new MalformedEncodingException("file claims " + chunks + " chunks");
                        }
                        List<BlobId> ids = new ArrayList<>(chunks);
                        for (int k = 0; k < chunks; k++) {
                            ids.add(BlobId.wrap(r.raw(BlobId.LENGTH)));
                        }
                        content = ids;
                        sha = r.raw(32);
                    }
                    case DIRECTORY -> subtree = BlobId.wrap(r.raw(BlobId.LENGTH));
                    case SYMLINK -> target = r.string();
                    default -> {
                    }
                }
                FileMetadata meta = new FileMetadata(type, mode, uid, gid, (flags & 2) != 0 ? user : null,
                        (flags & 4) != 0 ? group : null, size, mtime, mtime, ctime, inode, device, links, rdev, target,
                        xattrs);
                nodes.add(new Node(name, meta, content, sha, subtree, (flags & 1) != 0));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedEncodingException("invalid tree: " + e.getMessage());
        }
        return new Tree(nodes);
    }
}
