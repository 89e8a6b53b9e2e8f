package io.strata.engine.storage.local;

import io.strata.engine.metadata.WriteRefusal;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import io.strata.engine.storage.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Objects as files: {@code config}, {@code keys/NAME}, {@code snapshots/NAME}, {@code index/NAME},
 * {@code data/NA/NAME} (two-character fan-out), {@code locks/NAME}. A put writes
 * {@code .tmp-*} in the target directory, fsyncs it, renames it over the final name and fsyncs
 * the directory; listings ignore names starting with a dot.
 */
public final class LocalStorage implements Storage {
    private final Path root;
    private final boolean fsync;
    /**
     * Open read channels of packs, reused by ranged reads (a restore reads one blob at a time, often
     * tens of thousands from the same pack). Objects are immutable, so a channel never sees other
     * bytes; one kept open over a delete reads the unlinked file until closed. Bounded by clearing.
     */
    private final java.util.concurrent.ConcurrentHashMap<Path, FileChannel> readers = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_READERS = 64;

    public LocalStorage(Path root) {
        this(root, true);
    }

    /** @param fsync false only for tests and benchmarks of throwaway repositories */
    public LocalStorage(Path root, boolean fsync) {
        this.root = root.toAbsolutePath();
        this.fsync = fsync;
    }

    public Path root() {
        return root;
    }

    Path pathOf(ObjectName name) {
        return switch (name.kind()) {
            case CONFIG -> root.resolve("config");
            case PACK -> root.resolve("data").resolve(name.name().substring(0, 2)).resolve(name.name());
            default -> root.resolve(name.kind().directory()).resolve(name.name());
        };
    }

    @Override
    public void put(ObjectName name, byte[] data, int length) throws StorageException {
        Objects.checkFromIndexSize(0, length, data.length);
        Path target = pathOf(name);
        Path dir = target.getParent();
        Path tmp = dir.resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data, 0, length);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                if (fsync) {
                    ch.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (fsync) {
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is invisible to listings; a later put or GC is unaffected
            }
            throw translate("put " + name, e);
        }
    }

    @Override
    public byte[] get(ObjectName name) throws StorageException {
        try {
            return Files.readAllBytes(pathOf(name));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name);
        } catch (IOException e) {
            throw translate("get " + name, e);
        }
    }

    @Override
    public byte[] get(ObjectName name, long offset, int length) throws StorageException {
        if (offset < 0 || length < 0) {
            throw new PermanentStorageException("negative range for " + name);
        }
        Path path = pathOf(name);
        try {
            FileChannel ch = readers.get(path);
            if (ch == null || !ch.isOpen()) {
                if (readers.size() >= MAX_READERS) {
                    closeReaders();
                }
                FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
                ch = readers.putIfAbsent(path, opened);
                if (ch == null) {
                    ch = opened;
                } else {
                    opened.close();
                }
            }
            if (offset + length > ch.size()) {
                throw new PermanentStorageException("range " + offset + "+" + length + " past the end of " + name
                        + " (" + ch.size() + " bytes)");
            }
            ByteBuffer b = ByteBuffer.allocate(length);
            long pos = offset;
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n < 0) {
                    throw new PermanentStorageException(name + " shrank while being read");
                }
                pos += n;
            }
            return b.array();
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(name);
        } catch (StorageException e) {
            throw e;
        } catch (java.nio.channels.ClosedChannelException e) {
            readers.remove(path);
            return get(name, offset, length); // closed by a concurrent clear: reopen
        } catch (IOException e) {
            throw translate("get " + name, e);
        }
    }

    private void closeReaders() {
        for (Path p : readers.keySet()) {
            FileChannel c = readers.remove(p);
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only channel: nothing to lose
                }
            }
        }
    }

    @Override
    public void close() {
        closeReaders();
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws StorageException {
        List<ObjectInfo> out = new ArrayList<>();
        try {
            if (kind == ObjectKind.CONFIG) {
                Path p = root.resolve("config");
                if (Files.exists(p)) {
                    out.add(new ObjectInfo(ObjectName.CONFIG, Files.size(p)));
                }
                return out;
            }
            Path dir = root.resolve(kind.directory());
            if (!Files.isDirectory(dir)) {
                return out;
            }
            if (kind == ObjectKind.PACK) {
                try (DirectoryStream<Path> fans = Files.newDirectoryStream(dir)) {
                    for (Path fan : fans) {
                        if (Files.isDirectory(fan)) {
                            listFiles(kind, fan, out);
                        }
                    }
                }
            } else {
                listFiles(kind, dir, out);
            }
            return out;
        } catch (IOException e) {
            throw translate("list " + kind.directory(), e);
        }
    }

    private static void listFiles(ObjectKind kind, Path dir, List<ObjectInfo> out) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                try {
                    out.add(new ObjectInfo(new ObjectName(kind, n), Files.size(f)));
                } catch (IllegalArgumentException foreign) {
                    // a file that is not a repository object (e.g. left by a person): not listed
                } catch (NoSuchFileException deletedMeanwhile) {
                    // concurrent delete: the contract allows leaving it out
                }
            }
        }
    }

    @Override
    public void delete(ObjectName name) throws StorageException {
        try {
            FileChannel c = readers.remove(pathOf(name));
            if (c != null) {
                c.close();
            }
            Files.deleteIfExists(pathOf(name));
        } catch (IOException e) {
            throw translate("delete " + name, e);
        }
    }

    @Override
    public boolean exists(ObjectName name) {
        return Files.isRegularFile(pathOf(name));
    }

    @Override
    public String describe() {
        return "local:" + root;
    }

    private static StorageException translate(String what, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new PermanentStorageException(what + ": permission denied", e);
        }
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (WriteRefusal.FULL.in(e)) {
            return new StorageFullException(what + ": " + msg, e);
        }
        if (WriteRefusal.READ_ONLY.in(e)) {
            return new PermanentStorageException(what + ": " + msg, e);
        }
        return new RetryableStorageException(what + ": " + e, e);
    }
}
