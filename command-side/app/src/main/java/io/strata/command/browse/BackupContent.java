package io.strata.command.browse;

import io.strata.engine.blob.BlobId;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.repository.CorruptObjectException;
import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backup's content as one tree: the root trees of its snapshots merged (each plan source is its own
 * snapshot), walked by absolute path.
 */
final class BackupContent {

    private final Repository repository;
    private final List<Tree> roots = new ArrayList<>();

    BackupContent(Repository repository, List<String> snapshotIds) {
        this.repository = repository;
        for (String id : snapshotIds) {
            Snapshot snapshot = repository.loadSnapshot(new SnapshotId(id));
            roots.add(repository.loadTree(snapshot.tree()));
        }
    }

    /** The entries of the directory at {@code path}, by name. */
    List<Entry> list(String path) {
        Map<String, Node> merged = new TreeMap<>();
        for (Tree directory : directories(path)) {
            for (Node node : directory.nodes()) {
                merged.putIfAbsent(node.name(), node);
            }
        }
        return merged.values().stream().map(BackupContent::entry).toList();
    }

    /** Refuses (404 PATH_NOT_IN_BACKUP) a path the backup does not have. */
    void require(String path) {
        List<String> parts = components(path);
        if (!parts.isEmpty()) {
            String parent = "/" + String.join("/", parts.subList(0, parts.size() - 1));
            findIn(directories(parent), parts.get(parts.size() - 1));
        }
    }

    /** Writes the subtree at {@code path} (a directory or one file) as a tar stream to {@code out}. */
    void tar(String path, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out);
        List<String> parts = components(path);
        if (parts.isEmpty()) {
            for (Entry entry : list("/")) {
                writeNode(tar, "", findIn(roots, entry.name()));
            }
        } else {
            String parent = "/" + String.join("/", parts.subList(0, parts.size() - 1));
            Node node = findIn(directories(parent), parts.get(parts.size() - 1));
            writeNode(tar, "", node);
        }
        tar.finish();
    }

    private void writeNode(TarWriter tar, String prefix, Node node) throws IOException {
        String path = prefix + node.name();
        FileMetadata meta = node.meta();
        switch (node.type()) {
            case DIRECTORY -> {
                tar.header(entry(path, TarWriter.Kind.DIRECTORY, meta, 0, null));
                for (Node child : repository.loadTree(node.subtree()).nodes()) {
                    writeNode(tar, path + "/", child);
                }
            }
            case FILE -> {
                tar.header(entry(path, TarWriter.Kind.FILE, meta, meta.size(), null));
                MessageDigest sha256 = sha256();
                long length = 0;
                for (BlobId blob : node.content()) {
                    byte[] data = repository.loadBlob(blob);
                    sha256.update(data);
                    tar.content(data, data.length);
                    length += data.length;
                }
                if (length != meta.size() || !MessageDigest.isEqual(sha256.digest(), node.fileSha256())) {
                    throw new CorruptObjectException(path, "its content does not match its recorded SHA-256; the"
                            + " download stops here");
                }
                tar.endOfFile();
            }
            case SYMLINK -> tar.header(entry(path, TarWriter.Kind.SYMLINK, meta, 0, meta.symlinkTarget()));
            case FIFO -> tar.header(entry(path, TarWriter.Kind.FIFO, meta, 0, null));
            case CHAR_DEVICE -> tar.header(entry(path, TarWriter.Kind.CHAR_DEVICE, meta, 0, null));
            case BLOCK_DEVICE -> tar.header(entry(path, TarWriter.Kind.BLOCK_DEVICE, meta, 0, null));
            case SOCKET -> {
                // tar has no socket entries; a socket cannot be restored from an archive anyway
            }
        }
    }

    private static TarWriter.Entry entry(String path, TarWriter.Kind kind, FileMetadata meta, long size, String link) {
        return new TarWriter.Entry(path, kind, meta.mode(), meta.uid(), meta.gid(), meta.user(), meta.group(), size,
                meta.mtimeNanos(), link, meta.rdev(), meta.xattrs());
    }

    /** The trees of the directory at {@code path} in every snapshot that has it. */
    private List<Tree> directories(String path) {
        List<Tree> level = roots;
        for (String part : components(path)) {
            List<Tree> next = new ArrayList<>();
            boolean somethingElse = false;
            for (Tree tree : level) {
                var node = tree.find(part);
                if (node.isPresent() && node.get().type() == FileType.DIRECTORY) {
                    next.add(repository.loadTree(node.get().subtree()));
                } else if (node.isPresent()) {
                    somethingElse = true;
                }
            }
            if (next.isEmpty() && somethingElse) {
                throw new DomainException(ErrorKind.UNPROCESSABLE, "NOT_A_DIRECTORY", "In the backup, " + path
                        + " is not a directory (or leads through something that is not): list its directory instead");
            }
            if (next.isEmpty()) {
                throw notFound(path);
            }
            level = next;
        }
        return level;
    }

    private Node findIn(List<Tree> trees, String name) {
        for (Tree tree : trees) {
            var node = tree.find(name);
            if (node.isPresent()) {
                return node.get();
            }
        }
        throw notFound(name);
    }

    private static List<String> components(String path) {
        if (path == null || !path.startsWith("/") || path.contains("//") || path.matches(".*(^|/)\\.\\.?(/|$).*")) {
            throw new DomainException(ErrorKind.INVALID, "INVALID_PATH", "'" + path + "' must be an absolute, normalised path");
        }
        return List.of(path.substring(1).split("/")).stream().filter(part -> !part.isEmpty()).toList();
    }

    private static DomainException notFound(String path) {
        return new DomainException(ErrorKind.NOT_FOUND, "PATH_NOT_IN_BACKUP", "The backup has nothing at " + path);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Entry entry(Node node) {
        FileMetadata meta = node.meta();
        return new Entry(node.name(), node.type().name(), node.type() == FileType.FILE ? meta.size() : null,
                Instant.ofEpochSecond(0, meta.mtimeNanos()), String.format("%04o", meta.mode() & 07777),
                node.fileSha256() == null ? null : HexFormat.of().formatHex(node.fileSha256()),
                node.type() == FileType.SYMLINK ? meta.symlinkTarget() : null);
    }

    /** One entry of a listing, as API.md shows it. */
    record Entry(String name, String type, Long size, Instant mtime, String mode, String sha256, String target) {
    }
}
