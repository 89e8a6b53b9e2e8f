package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.source.BulkVisitor;
import io.strata.engine.source.DirectoryListing;
import io.strata.engine.source.ReadStamp;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.SourcePaths;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A remote server's files over SFTP version 3, as an engine {@link Source}.
 *
 * <p><b>Speed.</b> Requests are pipelined: a listing is OPENDIR and then several READDIRs in flight
 * (attributes come with the names, no per-entry stat), the symlinks of a directory are read with
 * all their READLINKs in flight, a listed file is opened with one OPEN and read with several
 * READs in flight (the last one confirming the end), and its CLOSE is not waited for. Calls from many threads
 * are spread over a pool of SFTP channels (and optionally several SSH connections), so the
 * engine's parallel archiver is bounded by bandwidth rather than by round trips: give it about
 * as many workers as files should be in flight (16 measured well on loopback, see the bench).
 *
 * <p><b>Listing through the server's find.</b> Where the login may run commands and the server has GNU
 * {@code find}, directories are listed through it in batches ({@link #listMany}, {@link RemoteFind}), which
 * tells what SFTP v3 cannot: nanosecond times, ctime, inode, device and link count, owner and group names, and,
 * where the server has perl, extended attributes of every namespace the login may read (ACLs, file capabilities,
 * SELinux labels, {@code user.*}), symlinks' included.
 * The archiver then compares size, mtime, ctime and inode with the parent snapshot, and reads a hard-linked
 * file once. Otherwise (or with {@link SftpSourceOptions#findListing} off) directories are listed over SFTP,
 * with the limits below. {@link #stat} is always an SFTP LSTAT.
 *
 * <p><b>Fidelity over SFTP, and what SFTP v3 cannot tell.</b>
 * <ul>
 *   <li>Types: files, directories, symlinks (target read with READLINK, never followed), FIFOs,
 *       sockets and devices (recorded as special entries; SFTP has no device numbers: rdev 0, where a listing
 *       through find gives them).</li>
 *   <li>Mode including setuid, setgid and sticky bits; numeric uid and gid. Owner and group names
 *       come from OpenSSH's {@code users-groups-by-id@openssh.com} extension when the server offers
 *       it (OpenSSH 8.7+), looked up once per id; otherwise they are null (numbers only).</li>
 *   <li>Times have <em>whole-second</em> precision (SFTP v3 sends seconds); there is no ctime, so
 *       change detection against a parent snapshot relies on size and mtime.</li>
 *   <li>No inode, device or link count: hard-linked files are backed up as separate files (their
 *       content is stored once by deduplication) and restored as separate files.</li>
 *   <li>Extended attributes cannot be read over SFTP: they come with a listing through find (below), else none.</li>
 *   <li>Names are decoded as UTF-8; a name that is not valid UTF-8 cannot be opened again.</li>
 * </ul>
 *
 * <p><b>Many small files.</b> When the server runs GNU {@code tar} (checked once, on first use of
 * {@link #bulkReadStreams}) the engine's archiver reads batches of small files through
 * {@link #readMany}: one {@code tar} stream per batch ({@link RemoteTar}; with GNU {@code head -z}
 * on the server, a stream's batches share one exec channel and login), {@link SftpSourceOptions#tarStreams}
 * batches at once, instead of an OPEN, READs and an LSTAT
 * per file. Metadata (owners, modes, times) still comes from the SFTP listing. Without a usable
 * tar (no exec, no GNU tar, a chrooted SFTP) every file is read over SFTP.
 *
 * <p>A missing path raises {@link java.nio.file.NoSuchFileException}, a refused one
 * {@link java.nio.file.AccessDeniedException}, other server errors {@link SftpStatusException},
 * a broken connection {@link SshException} ({@link SshErrorCode#SSH_CONNECTION_LOST}).
 *
 * <p>Like the engine's local source, {@link #open} cannot guard against a listed regular file
 * replaced by a FIFO between the listing and the open (the server's open would then wait for a
 * writer); paths it did not list are checked first.
 */
public final class SftpSource implements Source {
    private static final int READLINKS_IN_FLIGHT = 64;
    /** Listed regular files remembered for {@link #open}; cleared when full (then opens cost one more round trip). */
    private static final int MAX_SIZE_HINTS = 200_000;

    private final String description;
    private final SftpChannel[] channels;
    private final List<AutoCloseable> owned;
    private final SftpSourceOptions options;
    private final int readSize;
    private final Semaphore readBudget;
    private final AtomicInteger next = new AtomicInteger();
    private final boolean namesById;
    private final Map<Integer, String> userNames = new ConcurrentHashMap<>();
    private final Map<Integer, String> groupNames = new ConcurrentHashMap<>();
    private final Map<String, Long> listedFiles = new ConcurrentHashMap<>();
    /**
     * Runs tar on the first connection, or on further ones when the server gives it no more channels
     * ({@link ExecSessions}); null when tar streams are off.
     */
    private final RemoteTar tar;
    /** Whether {@link #tar} works on this server: decided on first use. */
    private Boolean tarWorks;
    /** Lists through find, on channels as {@link #tar} runs; null when that is off. */
    private final RemoteFind find;
    /** Where {@link #tar} and {@link #find} open their channels. */
    private final ExecSessions execSessions;

    SftpSource(String description, List<SftpChannel> channels, List<AutoCloseable> owned, SftpSourceOptions options,
            ExecSessions execSessions, Duration requestTimeout) {
        this.description = description;
        this.channels = channels.toArray(SftpChannel[]::new);
        this.owned = List.copyOf(owned);
        this.options = options;
        this.execSessions = execSessions;
        long serverMax = Long.MAX_VALUE;
        for (SftpChannel c : this.channels) {
            serverMax = Math.min(serverMax, c.maxReadLength());
        }
        this.readSize = (int) Math.min(options.readSize(), serverMax);
        this.readBudget = new Semaphore((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                options.maxReadBytesInFlight() / readSize)));
        this.namesById = this.channels[0].hasExtension(SftpChannel.EXT_USERS_GROUPS);
        this.tar = options.tarStreams() == 0 ? null
                : new RemoteTar(execSessions, requestTimeout, description, this::stat, RemoteTar.ZSTD);
        this.find = !options.findListing() ? null
                : new RemoteFind(execSessions, requestTimeout, description);
    }

    /**
     * Files the server's find listed as mostly holes ({@link FindLoop#mostlyHoles}: sparse, or on a compressing file
     * system) go through the tar streams whatever their size: the server reads their holes as zeros and its zstd
     * sends next to nothing for them, where SFTP would carry every zero. A batch holding one is compressed even when
     * the others are not ({@link #readMany}).
     */
    @Override
    public boolean readInBatch(String path, FileMetadata listed) {
        return find != null && find.mostlyHoles(path);
    }

    /**
     * Batches the archiver should read at once through the server's tar: {@link SftpSourceOptions#tarStreams},
     * or 0 when tar streams are off or the server has no usable GNU tar (then every file is read
     * over SFTP). The first call checks the server (one short tar run, whose loop then serves the first
     * stream) and, when tar works, starts the other streams' loops in the background.
     */
    @Override
    public synchronized int bulkReadStreams() {
        if (tar == null) {
            return 0;
        }
        if (tarWorks == null) {
            String home;
            try {
                home = channels[0].realPath(".");
            } catch (IOException e) {
                home = null;
            }
            tarWorks = tar.works(home);
            if (tarWorks) {
                tar.startAhead(options.tarStreams() - 1); // the probe's loop serves the first stream
            }
        }
        return tarWorks ? options.tarStreams() : 0;
    }

    /** Logins the tar streams have cost so far: one per loop, at most {@link SftpSourceOptions#tarStreams} while all run. */
    public int tarLoopsStarted() {
        return tar == null ? 0 : tar.loopsStarted();
    }

    /**
     * Whether the server's tar has been tried: by the first {@link #bulkReadStreams}, which the archiver calls when
     * it first has a changed file to read (a backup that reads nothing runs no tar on the server).
     */
    public synchronized boolean tarChecked() {
        return tarWorks != null;
    }

    /** Whether every tar stream is compressed on the server (after {@link #bulkReadStreams} found tar usable). */
    public synchronized boolean tarStreamsCompressed() {
        return tar != null && Boolean.TRUE.equals(tarWorks) && tar.canCompress() && options.tarCompression();
    }

    /**
     * Tar batches compressed on the server so far: every batch when {@link #tarStreamsCompressed}, otherwise those
     * holding a file that is mostly holes ({@link #readInBatch}).
     */
    public long tarBatchesCompressed() {
        return tar == null ? 0 : tar.batchesCompressed();
    }

    /** Whether a stream's tar batches share one exec channel (after {@link #bulkReadStreams} found tar usable). */
    public synchronized boolean tarBatchesShareAChannel() {
        return tar != null && Boolean.TRUE.equals(tarWorks) && tar.loops();
    }

    /**
     * Whether every connection of this source is still up. A connection lost mid-backup makes each
     * later listing and read fail with {@code SSH_CONNECTION_LOST}, which the archiver records per
     * path and goes on: callers check this afterwards, so such a run fails instead of keeping a
     * snapshot that lacks whatever was not read.
     */
    public boolean connected() {
        return SftpChannel.allOpen(channels);
    }

    /** Files read through the server's tar so far (the rest of what was read came over SFTP). */
    public long filesReadThroughTar() {
        return tar == null ? 0 : tar.filesRead();
    }

    /**
     * Reads listed regular files through one run of the server's tar (see {@link RemoteTar}), or
     * over SFTP one by one when the server has no usable tar. The archive is compressed on the server (when it has
     * zstd) if {@link SftpSourceOptions#tarCompression} says so, or if it holds a file that is mostly holes.
     */
    @Override
    public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
        if (bulkReadStreams() == 0) {
            Source.super.readMany(paths, visitor);
            return;
        }
        for (String p : paths) {
            listedFiles.remove(p); // not opened over SFTP: forget the size kept for open()
        }
        tar.read(paths, visitor, options.tarCompression() || find != null && paths.stream().anyMatch(find::mostlyHoles));
    }

    /** Bytes asked per READ: the configured size capped by the server's limit. */
    public int readSize() {
        return readSize;
    }

    /** Whether owner and group names are available (OpenSSH's users-groups-by-id extension). */
    public boolean resolvesNames() {
        return namesById;
    }

    /**
     * Readers to give the engine's archiver ({@code BackupRequest.withWorkers}): its workers are what
     * keeps files in flight, and each file costs about three round trips (OPEN, READs, the
     * archiver's LSTAT). Four per channel, at least 16, measured best on loopback (see bench).
     */
    public int recommendedWorkers() {
        return Math.max(16, 4 * channels.length);
    }

    /** Connections opened for commands besides the source's own, whose channels the server had all given (tests). */
    int extraConnections() {
        return execSessions.extraConnections();
    }

    /** SFTP channels in use. */
    public int channelCount() {
        return channels.length;
    }

    private SftpChannel channel() {
        SftpChannel[] cs = channels;
        for (int i = 0; i < cs.length; i++) {
            SftpChannel c = cs[Math.floorMod(next.getAndIncrement(), cs.length)];
            if (c.isOpen()) {
                return c;
            }
        }
        return cs[0]; // all broken: let the request fail with the channel's error
    }

    @Override
    public FileMetadata stat(String path) throws IOException {
        SftpChannel ch = channel();
        SftpAttrs a = SftpChannel.attrs(ch.call(SftpChannel.FXP_LSTAT, SftpChannel.pathRequest(path)), "lstat", path);
        String target = null;
        if (a.type() == FileType.SYMLINK) {
            target = SftpChannel.singleName(ch.call(SftpChannel.FXP_READLINK, SftpChannel.pathRequest(path)),
                    "readlink", path);
        }
        resolveNames(ch, List.of(a));
        return metadata(a, null, target, path);
    }

    /**
     * Lists a directory: through the server's find when it has a usable one (see {@link #listMany}), else
     * over SFTP.
     */
    @Override
    public List<SourceEntry> list(String directory) throws IOException {
        if (find != null && find.usable()) {
            return listMany(List.of(directory)).getFirst().entriesOrThrow();
        }
        return listOverSftp(directory);
    }

    /** {@value RemoteFind#BATCH} while the server's find may be used, else 1. */
    @Override
    public int listBatchSize() {
        return find != null && find.usable() ? RemoteFind.BATCH : 1;
    }

    /** While the server's find may be used, the batches its loops list at once ({@link RemoteFind#batchesAtOnce}). */
    @Override
    public int listingsAtOnce() {
        return find != null && find.usable() ? find.batchesAtOnce() : Source.super.listingsAtOnce();
    }

    /**
     * Lists directories in batches through the server's GNU find ({@link RemoteFind}), one request per
     * batch, with the fidelity SFTP lacks (nanosecond times, ctime, inode, links). A directory find could
     * not list, or a whole batch it reported an error in, is listed over SFTP, which names each error.
     */
    @Override
    public List<DirectoryListing> listMany(List<String> directories) {
        List<DirectoryListing> out = new ArrayList<>(directories.size());
        for (int from = 0; from < directories.size(); from += RemoteFind.BATCH) {
            List<String> batch = directories.subList(from, Math.min(directories.size(), from + RemoteFind.BATCH));
            List<List<SourceEntry>> found = null;
            if (find != null && find.usable()) {
                try {
                    found = find.list(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // listed over SFTP below, which notices the interrupt
                }
            }
            List<DirectoryListing> listings = new ArrayList<>(batch.size());
            List<String> overSftp = new ArrayList<>();
            List<List<SourceEntry>> overSftpEntries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                List<SourceEntry> entries = found == null ? null : found.get(i);
                try {
                    if (entries == null) {
                        entries = new ArrayList<>(listOverSftp(batch.get(i)));
                        overSftp.add(batch.get(i));
                        overSftpEntries.add(entries);
                    } else {
                        for (SourceEntry e : entries) {
                            if (e.metadata().type() == FileType.FILE) {
                                rememberSize(SourcePaths.join(batch.get(i), e.name()), e.metadata().size());
                            }
                        }
                    }
                    listings.add(DirectoryListing.of(entries));
                } catch (IOException e) {
                    listings.add(DirectoryListing.failed(e));
                }
            }
            if (!overSftp.isEmpty() && find != null && find.works()) {
                find.addXattrs(overSftp, overSftpEntries); // in place: one request for them all
            }
            out.addAll(listings);
        }
        return out;
    }

    /** Whether directories have been listed through the server's find (it was found usable). */
    public boolean listsThroughFind() {
        return find != null && find.works();
    }

    /** Logins the find listing has cost so far: one per loop, at most {@value RemoteFind#MAX_LOOPS} at a time. */
    public int findLoopsStarted() {
        return find == null ? 0 : find.loopsStarted();
    }

    /**
     * Compares with an LSTAT over SFTP, at SFTP's precision: size and whole-second modification time (a
     * listing through find has nanoseconds and a ctime, which SFTP cannot give).
     */
    @Override
    public boolean changedSince(String path, FileMetadata listed) throws IOException {
        FileMetadata now = stat(path);
        return ReadStamp.toTheSecond(now.size(), now.mtimeNanos()).differsFrom(listed);
    }

    /** Keeps a listed file's size for {@link #open}. */
    private void rememberSize(String path, long size) {
        if (listedFiles.size() >= MAX_SIZE_HINTS) {
            listedFiles.clear();
        }
        listedFiles.put(path, size);
    }

    private List<SourceEntry> listOverSftp(String directory) throws IOException {
        SftpChannel ch = channel();
        byte[] handle = SftpChannel.handle(ch.call(SftpChannel.FXP_OPENDIR, SftpChannel.pathRequest(directory)),
                "opendir", directory);
        List<String> names = new ArrayList<>();
        List<String> longNames = new ArrayList<>();
        List<SftpAttrs> attrs = new ArrayList<>();
        ArrayDeque<Integer> inFlight = new ArrayDeque<>();
        boolean end = false;
        try {
            for (int i = 0; i < options.readDirInFlight(); i++) {
                inFlight.add(ch.queue(SftpChannel.FXP_READDIR, SftpChannel.handleRequest(handle)));
            }
            ch.flush();
            while (!inFlight.isEmpty()) {
                SftpChannel.Reply r = ch.await(inFlight.poll());
                if (r.type() == SftpChannel.FXP_NAME) {
                    Buffer b = r.buffer();
                    int n = b.getInt();
                    for (int i = 0; i < n; i++) {
                        String name = SftpChannel.getPath(b);
                        String longName = b.getString();
                        SftpAttrs a = SftpAttrs.read(b);
                        if (!name.equals(".") && !name.equals("..")) {
                            names.add(name);
                            longNames.add(longName);
                            attrs.add(a);
                        }
                    }
                    if (!end) {
                        inFlight.add(ch.send(SftpChannel.FXP_READDIR, SftpChannel.handleRequest(handle)));
                    }
                } else if (SftpChannel.statusCode(r) == SftpChannel.FX_EOF) {
                    end = true; // the requests still in flight were sent after it: they report the end too
                    inFlight.forEach(ch::forget);
                    inFlight.clear();
                } else {
                    throw SftpChannel.unexpected(r, "readdir", directory);
                }
            }
        } finally {
            inFlight.forEach(ch::forget);
            if (ch.isOpen()) {
                ch.closeHandleLater(handle);
            }
        }
        String[] targets = readLinks(ch, directory, names, attrs, longNames);
        resolveNames(ch, attrs);
        List<SourceEntry> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String path = SourcePaths.join(directory, names.get(i));
            if (targets[i] == null && typeOf(attrs.get(i), longNames.get(i)) == FileType.SYMLINK) {
                continue; // vanished between listing and readlink: as if never listed
            }
            FileMetadata meta = metadata(attrs.get(i), longNames.get(i), targets[i], path);
            if (meta.type() == FileType.FILE && attrs.get(i).has(SftpAttrs.SIZE)) {
                rememberSize(path, meta.size());
            }
            out.add(new SourceEntry(names.get(i), meta));
        }
        return out;
    }

    /** READLINK for every symlink of a listing, many in flight; null where the link vanished meanwhile. */
    private String[] readLinks(SftpChannel ch, String directory, List<String> names, List<SftpAttrs> attrs,
            List<String> longNames) throws IOException {
        String[] targets = new String[names.size()];
        ArrayDeque<int[]> inFlight = new ArrayDeque<>(); // {index, request id}
        int i = 0;
        try {
            while (i < names.size() || !inFlight.isEmpty()) {
                while (i < names.size() && inFlight.size() < READLINKS_IN_FLIGHT) {
                    if (typeOf(attrs.get(i), longNames.get(i)) == FileType.SYMLINK) {
                        String p = SourcePaths.join(directory, names.get(i));
                        inFlight.add(new int[] {i, ch.queue(SftpChannel.FXP_READLINK, SftpChannel.pathRequest(p))});
                    }
                    i++;
                }
                ch.flush();
                int[] head = inFlight.poll();
                if (head == null) {
                    continue;
                }
                SftpChannel.Reply r = ch.await(head[1]);
                String p = SourcePaths.join(directory, names.get(head[0]));
                if (r.type() == SftpChannel.FXP_STATUS && SftpChannel.statusCode(r) == SftpChannel.FX_NO_SUCH_FILE) {
                    continue;
                }
                targets[head[0]] = SftpChannel.singleName(r, "readlink", p);
            }
        } finally {
            for (int[] left : inFlight) {
                ch.forget(left[1]);
            }
        }
        return targets;
    }

    /** Looks up, in one request, the names of uids and gids not seen before. */
    private void resolveNames(SftpChannel ch, List<SftpAttrs> attrs) throws IOException {
        if (!namesById) {
            return;
        }
        Set<Integer> uids = new LinkedHashSet<>();
        Set<Integer> gids = new LinkedHashSet<>();
        for (SftpAttrs a : attrs) {
            if (a.has(SftpAttrs.UIDGID)) {
                if (!userNames.containsKey(a.uid())) {
                    uids.add(a.uid());
                }
                if (!groupNames.containsKey(a.gid())) {
                    gids.add(a.gid());
                }
            }
        }
        if (uids.isEmpty() && gids.isEmpty()) {
            return;
        }
        Buffer ids = SftpChannel.plainBuffer();
        Buffer u = SftpChannel.plainBuffer();
        uids.forEach(u::putInt);
        Buffer g = SftpChannel.plainBuffer();
        gids.forEach(g::putInt);
        ids.putBytes(u.getCompactData());
        ids.putBytes(g.getCompactData());
        SftpChannel.Reply r = ch.await(ch.sendExtended(SftpChannel.EXT_USERS_GROUPS, ids));
        Map<Integer, String> users = new HashMap<>();
        Map<Integer, String> groups = new HashMap<>();
        if (r.type() == SftpChannel.FXP_EXTENDED_REPLY) {
            Buffer un = new org.apache.sshd.common.util.buffer.ByteArrayBuffer(r.buffer().getBytes());
            Buffer gn = new org.apache.sshd.common.util.buffer.ByteArrayBuffer(r.buffer().getBytes());
            for (int id : uids) {
                users.put(id, un.available() >= 4 ? un.getString() : "");
            }
            for (int id : gids) {
                groups.put(id, gn.available() >= 4 ? gn.getString() : "");
            }
        } else {
            // the server refused the lookup: remember the ids as unnamed rather than ask again
            uids.forEach(id -> users.put(id, ""));
            gids.forEach(id -> groups.put(id, ""));
        }
        userNames.putAll(users);
        groupNames.putAll(groups);
    }

    private static FileType typeOf(SftpAttrs a, String longName) {
        FileType t = a.type();
        if (t != null) {
            return t;
        }
        // no mode in the attributes: fall back to the first letter of the ls -l style long name
        if (longName != null && !longName.isEmpty()) {
            return switch (longName.charAt(0)) {
                case 'd' -> FileType.DIRECTORY;
                case 'l' -> FileType.SYMLINK;
                case 'p' -> FileType.FIFO;
                case 's' -> FileType.SOCKET;
                case 'c' -> FileType.CHAR_DEVICE;
                case 'b' -> FileType.BLOCK_DEVICE;
                default -> FileType.FILE;
            };
        }
        return FileType.FILE;
    }

    private FileMetadata metadata(SftpAttrs a, String longName, String symlinkTarget, String path) throws IOException {
        FileType type = typeOf(a, longName);
        long size = switch (type) {
            case FILE -> Math.max(0, a.size());
            case SYMLINK -> symlinkTarget == null ? 0 : LosslessUtf8.encode(symlinkTarget).length;
            default -> 0;
        };
        int mode = a.has(SftpAttrs.PERMISSIONS) ? a.permissions() & 07777 : 0;
        int uid = a.has(SftpAttrs.UIDGID) ? a.uid() : 0;
        int gid = a.has(SftpAttrs.UIDGID) ? a.gid() : 0;
        String user = a.has(SftpAttrs.UIDGID) ? emptyToNull(userNames.get(uid)) : null;
        String group = a.has(SftpAttrs.UIDGID) ? emptyToNull(groupNames.get(gid)) : null;
        long mtime = a.has(SftpAttrs.ACMODTIME) ? a.mtime() * 1_000_000_000L : 0;
        long atime = a.has(SftpAttrs.ACMODTIME) ? a.atime() * 1_000_000_000L : 0;
        if (type == FileType.SYMLINK && symlinkTarget == null) {
            throw new IOException("readlink " + path + ": no target");
        }
        return new FileMetadata(type, mode, uid, gid, user, group, size, mtime, atime, 0, 0, 0, 1, 0, symlinkTarget,
                List.of());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Extended attributes, which SFTP has no request for: none for an entry of a directory {@link #listMany} listed
     * while the server's find works, whose listing carried them (see {@link RemoteFind}); for any other (a backup's
     * root, say), asked for from the server's perl ({@link XattrLoop}); empty where the server cannot list them.
     */
    @Override
    public List<Xattr> xattrs(String path) {
        if (find == null || !find.usable() || find.xattrsListed(SourcePaths.parent(path))) {
            return List.of();
        }
        return find.xattrs(path);
    }

    /**
     * Opens a regular file for reading; symlinks are never followed. A file this source listed
     * (what the archiver opens) costs one round trip, OPEN, and its reads are planned from the
     * listed size; any other path is checked with LSTAT first and refused unless it is a regular
     * file, so a FIFO or device is never opened (the server's open of a FIFO would wait for a
     * writer and block its channel).
     */
    @Override
    public ReadableByteChannel open(String path) throws IOException {
        SftpChannel ch = channel();
        Long listedSize = listedFiles.remove(path);
        long size;
        if (listedSize != null) {
            size = listedSize;
        } else {
            SftpAttrs a = SftpChannel.attrs(ch.call(SftpChannel.FXP_LSTAT, SftpChannel.pathRequest(path)), "lstat", path);
            if (a.type() != null && a.type() != FileType.FILE) {
                throw new IOException("open " + path + ": not a regular file but a " + a.type());
            }
            size = a.has(SftpAttrs.SIZE) ? a.size() : -1;
        }
        Buffer open = SftpChannel.request(path.length() * 3 + 16);
        SftpChannel.putPath(open, path);
        open.putInt(SftpChannel.FXF_READ);
        SftpAttrs.NONE.write(open);
        byte[] handle = SftpChannel.handle(ch.call(SftpChannel.FXP_OPEN, open), "open", path);
        return new SftpReadChannel(ch, path, handle, size, readSize, options.readAheadPerFile(), readBudget);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (tar != null) {
            tar.close();
        }
        if (find != null) {
            find.close();
        }
        SftpChannel.closeAll(channels, owned);
    }
}
