package io.strata.engine.repository;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.chunker.FastCdc;
import io.strata.engine.chunker.GearTable;
import io.strata.engine.codec.Hex;
import io.strata.engine.codec.MalformedEncodingException;
import io.strata.engine.compression.ZstdCodec;
import io.strata.engine.crypto.AuthenticationFailedException;
import io.strata.engine.crypto.MasterKey;
import io.strata.engine.crypto.SegmentedGcm;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.index.BlobIndex;
import io.strata.engine.index.BlobLocation;
import io.strata.engine.index.IndexCodec;
import io.strata.engine.index.IndexedPack;
import io.strata.engine.pack.PackEntry;
import io.strata.engine.pack.PackHeaderCodec;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.snapshot.SnapshotCodec;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import io.strata.engine.tree.TreeCodec;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * An open, unlocked repository. Thread-safe. Created by {@link #init} or {@link #open}; the
 * operations (archiver, restorer, checker, GC) use it and never the storage directly.
 */
public final class Repository implements AutoCloseable {
    public static final String ENGINE_VERSION = "strata-engine 0.1.0";
    private static final int OBJECT_RAW = 0;
    private static final int OBJECT_ZSTD = 1;
    private static final int MAX_OBJECT = 1 << 30;

    private final Storage storage;
    private final MasterKey key;
    private final RepositoryConfig config;
    private final RepositoryOptions options;
    private final SegmentedGcm gcm;
    private final ZstdCodec zstd;
    private final FastCdc chunker;
    private volatile BlobIndex index;
    private final List<CorruptObjectException> indexProblems = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Repository(Storage storage, MasterKey key, RepositoryConfig config, RepositoryOptions options) {
        this.storage = storage;
        this.key = key;
        this.config = config;
        this.options = options;
        this.gcm = new SegmentedGcm(key.dataKey(), options.random());
        this.zstd = new ZstdCodec(config.compressionLevel());
        this.chunker = new FastCdc(new GearTable(key.chunkerSeed()), config.chunker());
    }

    /** Creates a repository in empty storage with a fresh master key, wrapped by the given credentials. */
    public static Repository init(Storage storage, Credentials credentials, RepositoryOptions options) {
        try {
            if (storage.exists(ObjectName.CONFIG)) {
                throw new RepositoryNotFoundException("a repository already exists at " + storage.describe());
            }
            MasterKey key = MasterKey.generate(options.random());
            byte[] id = new byte[32];
            options.random().nextBytes(id);
            RepositoryConfig config = new RepositoryConfig(RepositoryConfig.VERSION, Hex.encode(id), options.chunker(),
                    options.compressionLevel(), options.packTarget());
            Repository repo = new Repository(storage, key, config, options);
            repo.addKey(credentials, "initial");
            storage.put(ObjectName.CONFIG, config.encode(key));
            repo.index = new BlobIndex();
            return repo;
        } catch (StorageException e) {
            throw new RepositoryStorageException("cannot create repository at " + storage.describe(), e);
        }
    }

    /**
     * Opens a repository: refuses unknown format versions first, then tries every key of the
     * credentials' kind, then authenticates the config.
     */
    public static Repository open(Storage storage, Credentials credentials, RepositoryOptions options) {
        try {
            byte[] configBytes;
            try {
                configBytes = storage.get(ObjectName.CONFIG);
            } catch (ObjectNotFoundException e) {
                throw new RepositoryNotFoundException("no repository at " + storage.describe() + " (no config object)");
            }
            RepositoryConfig.checkVersion(configBytes);
            List<ObjectInfo> keys = storage.list(ObjectKind.KEY);
            if (keys.isEmpty()) {
                throw new CorruptObjectException("keys", "the repository has no keys");
            }
            for (ObjectInfo k : keys) {
                byte[] bytes = storage.get(k.name());
                verifyName(k.name(), bytes);
                MasterKey master = KeyFile.tryUnwrap(k.name().name(), bytes, credentials);
                if (master != null) {
                    RepositoryConfig config = RepositoryConfig.decode(configBytes, master);
                    return new Repository(storage, master, config, options);
                }
            }
            throw new WrongKeyException(credentials instanceof Credentials.Password
                    ? "wrong password: no key of the repository at " + storage.describe() + " opens with it"
                    : "wrong key-encryption key: no key of the repository at " + storage.describe() + " opens with it");
        } catch (StorageException e) {
            throw new RepositoryStorageException("cannot open repository at " + storage.describe(), e);
        }
    }

    public RepositoryConfig config() {
        return config;
    }

    public RepositoryOptions options() {
        return options;
    }

    public FastCdc chunker() {
        return chunker;
    }

    ZstdCodec zstd() {
        return zstd;
    }

    SegmentedGcm gcm() {
        return gcm;
    }

    Storage storage() {
        return storage;
    }

    public String describe() {
        return storage.describe();
    }

    // ---------------------------------------------------------------- keys

    /** Adds a wrap of the master key; existing wraps and all data are untouched. Returns the new key's id. */
    public String addKey(Credentials credentials, String label) {
        byte[] bytes = KeyFile.create(key, credentials, label == null ? "" : label, options.clock().instant(),
                options.scrypt(), options.random());
        ObjectName name = ObjectName.of(ObjectKind.KEY, Sha256.hash(bytes));
        put(name, bytes);
        return name.name();
    }

    public List<KeyInfo> keys() {
        List<KeyInfo> out = new ArrayList<>();
        for (ObjectInfo k : list(ObjectKind.KEY)) {
            out.add(KeyFile.info(k.name().name(), get(k.name())));
        }
        out.sort(Comparator.comparing(KeyInfo::created).thenComparing(KeyInfo::id));
        return out;
    }

    /** Removes a wrap. Refuses to remove the last one, which would make the repository unreadable. */
    public void removeKey(String id) {
        List<ObjectInfo> keys = list(ObjectKind.KEY);
        ObjectName name = keys.stream().map(ObjectInfo::name).filter(n -> n.name().startsWith(id)).findFirst()
                .orElseThrow(() -> new RepositoryException("no key " + id));
        if (keys.size() == 1) {
            throw new RepositoryException("refusing to remove the last key: the repository would become unreadable");
        }
        try {
            storage.delete(name);
        } catch (StorageException e) {
            throw new RepositoryStorageException("delete " + name, e);
        }
    }

    // ---------------------------------------------------------------- objects

    private static void verifyName(ObjectName name, byte[] bytes) {
        if (name.kind() == ObjectKind.CONFIG) {
            return;
        }
        if (!Hex.encode(Sha256.hash(bytes)).equals(name.name())) {
            throw new CorruptObjectException(name.toString(), "content does not match its name (SHA-256 mismatch)");
        }
    }

    byte[] get(ObjectName name) {
        try {
            return storage.get(name);
        } catch (StorageException e) {
            throw new RepositoryStorageException("read " + name, e);
        }
    }

    void put(ObjectName name, byte[] bytes) {
        try {
            storage.put(name, bytes);
        } catch (StorageException e) {
            throw new RepositoryStorageException("write " + name, e);
        }
    }

    public List<ObjectInfo> list(ObjectKind kind) {
        try {
            return storage.list(kind);
        } catch (StorageException e) {
            throw new RepositoryStorageException("list " + kind.directory(), e);
        }
    }

    public void delete(ObjectName name) {
        try {
            storage.delete(name);
        } catch (StorageException e) {
            throw new RepositoryStorageException("delete " + name, e);
        }
    }

    /** Seals a payload in the object envelope: u8(compression) || payload, segmented GCM. */
    byte[] sealObject(byte[] payload) {
        ZstdCodec.Compressed c = zstd.compressIfSmaller(payload, 0, payload.length);
        byte[] framed;
        if (c != null) {
            framed = new byte[c.length() + 1];
            framed[0] = OBJECT_ZSTD;
            System.arraycopy(c.buffer(), 0, framed, 1, c.length());
        } else {
            framed = new byte[payload.length + 1];
            framed[0] = OBJECT_RAW;
            System.arraycopy(payload, 0, framed, 1, payload.length);
        }
        return gcm.seal(framed);
    }

    /** Writes an object in the envelope under the SHA-256 of its stored bytes. */
    ObjectName writeObject(ObjectKind kind, byte[] payload) {
        byte[] sealed = sealObject(payload);
        ObjectName name = ObjectName.of(kind, Sha256.hash(sealed));
        put(name, sealed);
        return name;
    }

    /** Reads, verifies (name hash, then GCM) and opens an enveloped object. */
    byte[] readObject(ObjectName name) {
        byte[] sealed = get(name);
        verifyName(name, sealed);
        return openObject(name, sealed);
    }

    private byte[] openObject(ObjectName name, byte[] sealed) {
        byte[] framed;
        try {
            framed = gcm.open(sealed);
        } catch (AuthenticationFailedException e) {
            throw new CorruptObjectException(name.toString(), "authentication failed: " + e.getMessage());
        }
        if (framed.length == 0) {
            throw new CorruptObjectException(name.toString(), "empty envelope");
        }
        return switch (framed[0]) {
            case OBJECT_RAW -> java.util.Arrays.copyOfRange(framed, 1, framed.length);
            case OBJECT_ZSTD -> {
                try {
                    byte[] body = java.util.Arrays.copyOfRange(framed, 1, framed.length);
                    yield ZstdCodec.decompressAll(body, MAX_OBJECT);
                } catch (IllegalArgumentException e) {
                    throw new CorruptObjectException(name.toString(), e.getMessage());
                }
            }
            default -> throw new CorruptObjectException(name.toString(), "unknown envelope compression " + framed[0]);
        };
    }

    // ---------------------------------------------------------------- index

    /** The in-memory index, loaded from every index object on first use. */
    public BlobIndex index() {
        BlobIndex i = index;
        if (i == null) {
            synchronized (this) {
                if (index == null) {
                    index = loadIndex();
                }
                i = index;
            }
        }
        return i;
    }

    /** Drops the in-memory index; the next use reloads it (after GC or repair). */
    public synchronized void reloadIndex() {
        index = null;
    }

    private BlobIndex loadIndex() {
        List<ObjectInfo> files = list(ObjectKind.INDEX);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, files.size())));
        try {
            indexProblems.clear();
            List<Future<List<IndexedPack>>> parts = new ArrayList<>();
            for (ObjectInfo f : files) {
                parts.add(pool.submit(() -> {
                    try {
                        return readIndexObject(f.name());
                    } catch (CorruptObjectException e) {
                        // a damaged index object only hides the blobs it lists: reads of those fail, and
                        // check reports it; repair index rebuilds it from the pack headers
                        indexProblems.add(e);
                        return List.<IndexedPack>of();
                    }
                }));
            }
            List<List<IndexedPack>> loaded = new ArrayList<>(parts.size());
            int blobs = 0;
            for (Future<List<IndexedPack>> p : parts) {
                List<IndexedPack> packs = p.get();
                loaded.add(packs);
                for (IndexedPack pack : packs) {
                    blobs += pack.entries().size();
                }
            }
            BlobIndex idx = new BlobIndex(blobs);
            for (List<IndexedPack> packs : loaded) {
                for (IndexedPack pack : packs) {
                    idx.addPack(pack.packId(), pack.entries());
                }
            }
            return idx;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RepositoryException("loading the index failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RepositoryException("interrupted while loading the index");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Index objects skipped as damaged by the last index load. */
    public List<CorruptObjectException> indexProblems() {
        return List.copyOf(indexProblems);
    }

    public List<IndexedPack> readIndexObject(ObjectName name) {
        byte[] plain = readObject(name);
        try {
            return IndexCodec.decode(plain);
        } catch (MalformedEncodingException e) {
            throw new CorruptObjectException(name.toString(), e.getMessage());
        }
    }

    public ObjectName writeIndexObject(List<IndexedPack> packs) {
        return writeObject(ObjectKind.INDEX, IndexCodec.encode(packs));
    }

    // ---------------------------------------------------------------- blobs

    /** Starts a write session. {@code dryRun} sessions compress to measure but store nothing. */
    public BlobWriter newWriter(boolean dryRun) {
        return new BlobWriter(this, dryRun);
    }

    /**
     * A write session for GC: it stores blobs even though the index lists them (in packs about
     * to be deleted), deduplicating only within itself.
     */
    public BlobWriter newRepackWriter() {
        return new BlobWriter(this, false, true);
    }

    public boolean hasBlob(BlobId id) {
        return index().contains(id);
    }

    public Optional<BlobLocation> locate(BlobId id) {
        return index().get(id);
    }

    /** Loads a blob's plaintext, verified against its id. */
    public byte[] loadBlob(BlobId id) {
        BlobLocation loc = index().get(id).orElseThrow(() -> new MissingBlobException(id.hex()));
        byte[] sealed = readPackRange(loc.packId(), loc.offset(), loc.storedLength(), id);
        return openBlob(packName(loc.packId()), id, loc.storedLength(), loc.rawLength(), loc.compressed(), sealed, 0);
    }

    /** Per-thread buffers of {@link #openBlobShared}: [0] decrypted payload, [1] decompressed plaintext. */
    private static final ThreadLocal<byte[][]> OPEN_BUFFERS = ThreadLocal.withInitial(() -> new byte[2][0]);

    private static byte[] scratch(byte[][] holder, int i, int length) {
        if (holder[i].length < length) {
            holder[i] = new byte[Math.max(length, Math.min(holder[i].length * 2, MAX_BLOB_BUFFER))];
        }
        return holder[i];
    }

    /** Largest buffer {@link #scratch} grows to ahead of need (a chunk is at most 8 MiB). */
    private static final int MAX_BLOB_BUFFER = 9 << 20;

    /**
     * As {@link #openBlob}, but the plaintext lands in this thread's reusable buffer (see
     * {@link OpenedBlob} for how long it stays valid).
     */
    public OpenedBlob openBlobShared(String packName, BlobId id, int storedLength, int rawLength, boolean compressed,
            byte[] buf, int off) {
        byte[][] holder = OPEN_BUFFERS.get();
        byte[] plain = open(packName, id, storedLength, rawLength, compressed, buf, off, n -> scratch(holder, 0, n),
                n -> scratch(holder, 1, n));
        return new OpenedBlob(plain, rawLength);
    }

    /**
     * Decrypts, decompresses and verifies one sealed blob into buffers the callers choose: the
     * decrypted payload goes into {@code payloads.apply(length)}, a compressed blob's plaintext into
     * {@code plains.apply(rawLength)} (each at least that long). Returns the array whose first
     * {@code rawLength} bytes are the plaintext.
     */
    private byte[] open(String packName, BlobId id, int storedLength, int rawLength, boolean compressed, byte[] buf,
            int off, IntFunction<byte[]> payloads, IntFunction<byte[]> plains) {
        int payloadLength = SegmentedGcm.openedLength(storedLength);
        if (payloadLength < 0) {
            throw new CorruptObjectException(packName, id.hex(), "authentication failed: ciphertext length "
                    + storedLength + " is impossible");
        }
        if (rawLength < 0 || rawLength > MAX_OBJECT) {
            throw new CorruptObjectException(packName, id.hex(), "implausible length " + rawLength);
        }
        byte[] payload = payloads.apply(payloadLength);
        try {
            gcm.open(buf, off, storedLength, payload, 0);
        } catch (AuthenticationFailedException e) {
            throw new CorruptObjectException(packName, id.hex(), "authentication failed: " + e.getMessage());
        }
        byte[] plain;
        if (compressed) {
            plain = plains.apply(rawLength);
            try {
                ZstdCodec.decompressInto(payload, 0, payloadLength, plain, rawLength);
            } catch (IllegalArgumentException e) {
                throw new CorruptObjectException(packName, id.hex(), e.getMessage());
            }
        } else if (payloadLength != rawLength) {
            throw new CorruptObjectException(packName, id.hex(), "length " + payloadLength + " != " + rawLength);
        } else {
            plain = payload;
        }
        if (!MessageDigest.isEqual(Sha256.hash(plain, 0, rawLength), id.bytes())) {
            throw new CorruptObjectException(packName, id.hex(), "plaintext does not match the blob id");
        }
        return plain;
    }

    /** As {@link #loadBlob}, into this thread's reusable buffer (see {@link OpenedBlob}). */
    public OpenedBlob loadBlobShared(BlobId id) {
        BlobLocation loc = index().get(id).orElseThrow(() -> new MissingBlobException(id.hex()));
        byte[] sealed = readPackRange(loc.packId(), loc.offset(), loc.storedLength(), id);
        return openBlobShared(packName(loc.packId()), id, loc.storedLength(), loc.rawLength(), loc.compressed(), sealed, 0);
    }

    /** The storage name of a pack, as messages and damage reports give it. */
    public static String packName(BlobId packId) {
        return ObjectName.of(ObjectKind.PACK, packId.bytes()).toString();
    }

    /**
     * Reads {@code length} bytes of a pack from {@code offset} (one ranged read; restore reads the
     * span of the blobs it needs from a pack this way). A missing or short pack is a
     * {@link CorruptObjectException} naming {@code blob} (may be null).
     */
    public byte[] readPackRange(BlobId packId, long offset, int length, BlobId blob) {
        ObjectName pack = ObjectName.of(ObjectKind.PACK, packId.bytes());
        String blobHex = blob == null ? null : blob.hex();
        try {
            return storage.get(pack, offset, length);
        } catch (ObjectNotFoundException e) {
            throw new CorruptObjectException(pack.toString(), blobHex, "pack is missing");
        } catch (StorageException e) {
            if (e.getMessage() != null && e.getMessage().contains("past the end")) {
                throw new CorruptObjectException(pack.toString(), blobHex, "pack is truncated");
            }
            throw new RepositoryStorageException("read " + pack, e);
        }
    }

    /** Decrypts, decompresses and verifies one sealed blob located at {@code off} in {@code buf}. */
    public byte[] openBlob(String packName, BlobId id, int storedLength, int rawLength, boolean compressed, byte[] buf,
            int off) {
        return open(packName, id, storedLength, rawLength, compressed, buf, off, byte[]::new, byte[]::new);
    }

    // ---------------------------------------------------------------- packs (checker, GC, repair)

    /** Reads a pack whole and verifies its name; throws {@link CorruptObjectException} on mismatch. */
    public byte[] readPackVerified(BlobId packId) {
        ObjectName name = ObjectName.of(ObjectKind.PACK, packId.bytes());
        byte[] bytes;
        try {
            bytes = storage.get(name);
        } catch (ObjectNotFoundException e) {
            throw new CorruptObjectException(name.toString(), "pack is missing");
        } catch (StorageException e) {
            throw new RepositoryStorageException("read " + name, e);
        }
        verifyName(name, bytes);
        return bytes;
    }

    /** Reads a pack whole without verifying its name (to salvage intact blobs of a damaged pack). */
    public byte[] readPackBytes(BlobId packId) {
        ObjectName name = ObjectName.of(ObjectKind.PACK, packId.bytes());
        try {
            return storage.get(name);
        } catch (ObjectNotFoundException e) {
            throw new CorruptObjectException(name.toString(), "pack is missing");
        } catch (StorageException e) {
            throw new RepositoryStorageException("read " + name, e);
        }
    }

    /** Decodes the header at the end of a pack's bytes. */
    public List<PackEntry> packHeader(BlobId packId, byte[] pack) {
        String name = packName(packId);
        if (pack.length < 4) {
            throw new CorruptObjectException(name, "too short for a pack");
        }
        int n = pack.length;
        int headerLen = (pack[n - 4] & 0xFF) | (pack[n - 3] & 0xFF) << 8 | (pack[n - 2] & 0xFF) << 16 | (pack[n - 1] & 0xFF) << 24;
        if (headerLen < 0 || headerLen > n - 4) {
            throw new CorruptObjectException(name, "header length out of range");
        }
        try {
            List<PackEntry> entries = PackHeaderCodec.decode(gcm.open(pack, n - 4 - headerLen, headerLen));
            long end = entries.isEmpty() ? 0 : (long) entries.getLast().offset() + entries.getLast().storedLength();
            if (end != n - 4 - headerLen) {
                throw new CorruptObjectException(name, "header does not cover the pack's blobs");
            }
            return entries;
        } catch (AuthenticationFailedException e) {
            throw new CorruptObjectException(name, "header authentication failed");
        } catch (MalformedEncodingException e) {
            throw new CorruptObjectException(name, e.getMessage());
        }
    }

    /** Reads only a pack's header with two ranged reads (length trailer, then header). */
    public List<PackEntry> readPackHeader(BlobId packId, long packSize) {
        ObjectName name = ObjectName.of(ObjectKind.PACK, packId.bytes());
        if (packSize < 4 + SegmentedGcm.sealedLength(0)) {
            throw new CorruptObjectException(name.toString(), "too short for a pack");
        }
        try {
            byte[] trailer = storage.get(name, packSize - 4, 4);
            int headerLen = (trailer[0] & 0xFF) | (trailer[1] & 0xFF) << 8 | (trailer[2] & 0xFF) << 16 | (trailer[3] & 0xFF) << 24;
            if (headerLen < 0 || headerLen > packSize - 4) {
                throw new CorruptObjectException(name.toString(), "header length out of range");
            }
            byte[] header = storage.get(name, packSize - 4 - headerLen, headerLen);
            List<PackEntry> entries = PackHeaderCodec.decode(gcm.open(header));
            long end = entries.isEmpty() ? 0 : (long) entries.getLast().offset() + entries.getLast().storedLength();
            if (end != packSize - 4 - headerLen) {
                throw new CorruptObjectException(name.toString(), "header does not cover the pack's blobs");
            }
            return entries;
        } catch (AuthenticationFailedException e) {
            throw new CorruptObjectException(name.toString(), "header authentication failed");
        } catch (MalformedEncodingException e) {
            throw new CorruptObjectException(name.toString(), e.getMessage());
        } catch (ObjectNotFoundException e) {
            throw new CorruptObjectException(name.toString(), "pack is missing");
        } catch (StorageException e) {
            throw new RepositoryStorageException("read " + name, e);
        }
    }

    // ---------------------------------------------------------------- trees

    public Tree loadTree(BlobId id) {
        byte[] plain = loadBlob(id);
        try {
            return TreeCodec.decode(plain);
        } catch (MalformedEncodingException e) {
            BlobLocation loc = index().get(id).orElseThrow();
            throw new CorruptObjectException(packName(loc.packId()), id.hex(),
                    "tree does not decode: " + e.getMessage());
        }
    }

    /**
     * The nodes along {@code names} from {@code root}, one per name, as far as they go: the list is shorter
     * than {@code names} when a name is missing, or when a node before the last is not a directory (that
     * node is then the list's last). Loads the trees of the directories passed through, not of the last.
     */
    public List<Node> nodesAlong(Tree root, List<String> names) {
        List<Node> nodes = new ArrayList<>(names.size());
        Tree tree = root;
        for (int i = 0; i < names.size(); i++) {
            Node node = tree.find(names.get(i)).orElse(null);
            if (node == null) {
                break;
            }
            nodes.add(node);
            if (i < names.size() - 1) {
                if (node.subtree() == null) {
                    break;
                }
                tree = loadTree(node.subtree());
            }
        }
        return nodes;
    }

    // ---------------------------------------------------------------- snapshots

    public SnapshotId saveSnapshot(Snapshot snapshot) {
        ObjectName name = writeObject(ObjectKind.SNAPSHOT, SnapshotCodec.encode(snapshot));
        return new SnapshotId(name.name());
    }

    public Snapshot loadSnapshot(SnapshotId id) {
        ObjectName name = new ObjectName(ObjectKind.SNAPSHOT, id.hex());
        byte[] plain = readObject(name);
        try {
            return SnapshotCodec.decode(plain);
        } catch (MalformedEncodingException e) {
            throw new CorruptObjectException(name.toString(), e.getMessage());
        }
    }

    /** A snapshot with its id. */
    public record SnapshotEntry(SnapshotId id, Snapshot snapshot) {
    }

    /** All snapshots, oldest first. Unreadable snapshots raise {@link CorruptObjectException}. */
    public List<SnapshotEntry> snapshots() {
        List<SnapshotEntry> out = new ArrayList<>();
        for (ObjectInfo o : list(ObjectKind.SNAPSHOT)) {
            SnapshotId id = new SnapshotId(o.name().name());
            out.add(new SnapshotEntry(id, loadSnapshot(id)));
        }
        out.sort(Comparator.comparing((SnapshotEntry e) -> e.snapshot().time()).thenComparing(e -> e.id().hex()));
        return out;
    }

    /** Resolves {@code latest}, a full id, or a unique prefix of at least 4 characters. */
    public SnapshotId resolveSnapshot(String ref) {
        if ("latest".equals(ref)) {
            List<SnapshotEntry> all = snapshots();
            if (all.isEmpty()) {
                throw new RepositoryException("the repository has no snapshots");
            }
            return all.getLast().id();
        }
        if (ref.length() < 4) {
            throw new RepositoryException("snapshot id prefix too short: " + ref);
        }
        List<SnapshotId> matches = list(ObjectKind.SNAPSHOT).stream().map(o -> o.name().name())
                .filter(n -> n.startsWith(ref)).map(SnapshotId::new).toList();
        if (matches.isEmpty()) {
            throw new RepositoryException("no snapshot " + ref);
        }
        if (matches.size() > 1) {
            throw new RepositoryException("snapshot prefix " + ref + " is ambiguous");
        }
        return matches.getFirst();
    }

    public void deleteSnapshot(SnapshotId id) {
        delete(new ObjectName(ObjectKind.SNAPSHOT, id.hex()));
    }

    // ---------------------------------------------------------------- locks

    /** Takes a shared lock (backups): coexists with other shared locks, not with an exclusive one. */
    public RepositoryLock lockShared(String purpose) {
        return RepositoryLock.acquire(this, false, purpose);
    }

    /** Takes an exclusive lock (GC, repair): refused while any other live lock exists. */
    public RepositoryLock lockExclusive(String purpose) {
        return RepositoryLock.acquire(this, true, purpose);
    }

    @Override
    public void close() {
        // nothing held: write sessions and locks are closed by their owners
    }
}
