package io.strata.engine.tree;

import io.strata.engine.blob.BlobId;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import java.util.List;

/**
 * One directory entry in a tree.
 *
 * @param content content blobs in order, for files (empty for empty files)
 * @param fileSha256 SHA-256 of the whole file content as read, for files; null otherwise
 * @param subtree the directory's tree blob, for directories; null otherwise
 * @param changedDuringRead the file's size, mtime or ctime changed while it was read: the stored
 *     content may be inconsistent
 */
public record Node(String name, FileMetadata meta, List<BlobId> content, byte[] fileSha256, BlobId subtree,
        boolean changedDuringRead) {
    public Node {
        content = content == null ? List.of() : List.copyOf(content);
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid entry name: '" + name + "'");
        }
        if (meta.type() == FileType.FILE && fileSha256 == null) {
            throw new IllegalArgumentException("file node without content hash: " + name);
        }
        if (meta.type() == FileType.DIRECTORY && subtree == null) {
            throw new IllegalArgumentException("directory node without subtree: " + name);
        }
    }

    public FileType type() {
        return meta.type();
    }

    public static Node file(String name, FileMetadata meta, List<BlobId> content, byte[] sha256, boolean changed) {
        return new Node(name, meta, content, sha256, null, changed);
    }

    public static Node directory(String name, FileMetadata meta, BlobId subtree) {
        return new Node(name, meta, List.of(), null, subtree, false);
    }

    public static Node other(String name, FileMetadata meta) {
        return new Node(name, meta, List.of(), null, null, false);
    }
}
