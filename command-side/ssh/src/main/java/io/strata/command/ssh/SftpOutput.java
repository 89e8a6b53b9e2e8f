package io.strata.command.ssh;

import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.WriteRefusal;
import io.strata.engine.output.Output;
import io.strata.engine.output.OutputFile;
import io.strata.engine.output.OutputRefusedException;
import io.strata.engine.source.SourcePaths;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Restores into a directory of a remote server over SFTP version 3, as an engine {@link Output}.
 * Paths given by the restorer are relative to {@link #root()} (a leading {@code /} is ignored,
 * {@code ..} refused).
 *
 * <ul>
 *   <li>Files are created mode 0600 and written with pipelined WRITEs (all-zero regions the restorer
 *       skips stay holes): at their path when nothing is there; otherwise under a new temporary name
 *       ({@value Output#TEMPORARY_PREFIX}…) beside it, renamed over the path once committed, so what
 *       was there stays intact until then and is never written through a symlink or into another
 *       hard link of it. A file closed uncommitted is removed.</li>
 *   <li>Directories are created mode 0700 and get their real mode when the restorer applies their
 *       metadata after their content.</li>
 *   <li>Hard links need OpenSSH's {@code hardlink@openssh.com}; without it they fail with an
 *       IOException naming the missing extension.</li>
 *   <li>FIFOs and devices are created with their metadata (times to the nanosecond) through an exec channel
 *       ({@link RemoteSpecialFile}: the login must be allowed to run commands; devices need root and their
 *       recorded number), whatever was at the path removed first; {@link #applyMetadata} leaves them as
 *       created (some SFTP servers open such an entry to change it, which blocks). Sockets: IOException.</li>
 *   <li>A file's metadata, known when it is created, goes with its CLOSE once it is committed: an FSETSTAT on its
 *       handle in the same round trip (never through a path), unless the mode has a setuid/setgid bit or the server
 *       refused a chown before; {@link #applyMetadata} then has nothing left to send for it. Otherwise, and where
 *       that FSETSTAT fails, as follows.</li>
 *   <li>Metadata: owner first (silently kept as the connecting user's when the server refuses the
 *       chown, as for a non-root login; counted by {@link #ownersNotApplied}), then mode including
 *       setuid/setgid/sticky (after the chown, which clears them), then access and modification
 *       times in whole seconds (SFTP v3 has no finer times), followed, where they have a fraction of a second, by
 *       the exact times through {@link RemoteMetadata} (counted by {@link #timesToTheSecond} where the server cannot
 *       take them). Owner, mode and times go in one request
 *       when the mode has no setuid/setgid bit and no chown was refused yet; if that request fails, they
 *       are sent again apart, so a refused chown is told from other failures. Where the server offers
 *       {@code lsetstat@openssh.com} (OpenSSH 8.0+) every entry's metadata goes through it, so a symlink
 *       put in place of a restored file before its metadata is changed itself (OpenSSH refuses a link's
 *       mode), never its target; symlinks get owner and times that way. Without it a plain SETSTAT would
 *       follow the link: a symlink then gets its owner and times through {@link RemoteMetadata} alone (where the server
 *       cannot, it keeps the owner it was created with: {@link #symlinkOwnersSkipped}). Directories on the way are still looked
 *       up by the server by name: SFTP has no request relative to an open directory.</li>
 *   <li>Extended attributes, which SFTP cannot write, go through {@link RemoteMetadata} once SFTP is done with the
 *       entry (for FIFOs and devices, once created), before its exact times; counted by {@link #xattrsNotApplied}
 *       where the server cannot set them.</li>
 * </ul>
 */
public final class SftpOutput implements Output {
    private final String description;
    private final String root;
    private final SftpChannel[] channels;
    private final List<AutoCloseable> owned;
    /** For the exec channels FIFOs, devices and the metadata SFTP cannot carry need. */
    private final ExecSessions execSessions;
    private final Duration timeout;
    private final int writeSize;
    private final int writesInFlight;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong ownersNotApplied = new AtomicLong();
    /** Files whose metadata went with their CLOSE, until {@link #applyMetadata} is asked for it. */
    private final Map<String, FileMetadata> appliedAtClose = new ConcurrentHashMap<>();
    private final AtomicLong metadataWithClose = new AtomicLong();
    /** Set once the server refused a chown: owners then go in requests of their own. */
    private volatile boolean chownRefused;
    /** Times finer than SFTP's and extended attributes, started for the first entry that has them; guarded by this. */
    private RemoteMetadata remote;

    SftpOutput(String description, String root, List<SftpChannel> channels, List<AutoCloseable> owned,
            ExecSessions execSessions, Duration timeout, SftpOutputOptions options) {
        this.description = description;
        this.root = root;
        this.channels = channels.toArray(SftpChannel[]::new);
        this.owned = List.copyOf(owned);
        this.execSessions = execSessions;
        this.timeout = timeout;
        long serverMax = Long.MAX_VALUE;
        for (SftpChannel c : this.channels) {
            serverMax = Math.min(serverMax, c.maxWriteLength());
        }
        this.writeSize = (int) Math.min(options.writeSize(), serverMax);
        this.writesInFlight = options.writesInFlightPerFile();
    }

    /** Normalizes a remote root (absolute or relative to the login's home) and creates it if missing. */
    static String prepareRoot(SftpChannel ch, String remoteRoot) throws IOException {
        if (remoteRoot == null || remoteRoot.isBlank()) {
            throw new IllegalArgumentException("restore target directory is empty");
        }
        boolean absolute = remoteRoot.startsWith("/");
        List<String> parts = SourcePaths.components(remoteRoot);
        StringBuilder sb = new StringBuilder(absolute ? "" : ".");
        for (String p : parts) {
            sb.append('/').append(p);
            mkdirIfMissing(ch, sb.toString());
        }
        String r = sb.isEmpty() ? "/" : sb.toString();
        SftpAttrs a = SftpChannel.attrs(ch.call(SftpChannel.FXP_STAT, SftpChannel.pathRequest(r)), "stat", r);
        if (a.type() != FileType.DIRECTORY) {
            throw new IOException("restore target " + r + " is not a directory");
        }
        return ch.realPath(r);
    }

    /**
     * Creates a directory of the root's path where it is missing. A FAILURE on a file system mounted read-only (as
     * {@code statvfs@openssh.com} tells, where the server offers it) is an {@link OutputRefusedException}: the target
     * cannot be made there at all.
     */
    private static void mkdirIfMissing(SftpChannel ch, String path) throws IOException {
        SftpChannel.Reply r = ch.call(SftpChannel.FXP_STAT, SftpChannel.pathRequest(path));
        if (r.type() == SftpChannel.FXP_ATTRS) {
            return;
        }
        Buffer b = SftpChannel.request(path.length() * 3 + 16);
        SftpChannel.putPath(b, path);
        SftpAttrs.ofPermissions(0700).write(b);
        try {
            SftpChannel.checkStatus(ch.call(SftpChannel.FXP_MKDIR, b), "mkdir", path);
        } catch (SftpStatusException e) {
            String parent = path.lastIndexOf('/') > 0 ? path.substring(0, path.lastIndexOf('/')) : "/";
            OutputRefusedException readOnly = e.status() == SftpChannel.FX_FAILURE
                    ? readOnly(ch.freeSpace(parent), parent, e) : null;
            throw readOnly != null ? readOnly : e;
        }
    }

    /**
     * Restoring threads to give the engine's restorer ({@code RestoreRequest.withWorkers}): its workers are what
     * keeps files in flight, and each file costs three round trips (OPEN, its WRITEs with the CLOSE, its
     * metadata). Sixteen per channel, at least 64, measured on loopback (see bench): a restore of 78,579 files
     * took 79-83 s with the 4 a local restore uses, 28 s with 16, 10.6-12.3 s with 32, 9.0-9.7 s with 64 and
     * 9.4 s with 128.
     */
    public int recommendedWorkers() {
        return Math.max(64, 16 * channels.length);
    }

    /** The remote directory restored into, as the server resolved it. */
    public String root() {
        return root;
    }

    /** Entries whose owner the server refused to change (restored owned by the connecting user). */
    @Override
    public long ownersNotApplied() {
        return ownersNotApplied.get();
    }

    /**
     * Symlinks left with the owner they were created with: the server lacks lsetstat@openssh.com, and
     * {@link RemoteMetadata}'s command could not set it (no perl, a login that may not run commands, or one that may
     * not chown). Waits like {@link #timesToTheSecond}.
     */
    public long symlinkOwnersSkipped() {
        return remoteLeft().ownersNotApplied();
    }

    /**
     * Whether every channel of this output is still up. A connection lost mid-restore fails each later file
     * (left as it was at its path): callers check this afterwards to report the break rather than the files.
     */
    public boolean connected() {
        return SftpChannel.allOpen(channels);
    }

    /**
     * Whether a file replaces what was at its path atomically (the server offers posix-rename@openssh.com);
     * otherwise the old entry is removed just before the rename, leaving the path briefly empty.
     */
    public boolean replacesAtomically() {
        return channels[0].hasExtension(SftpChannel.EXT_POSIX_RENAME);
    }

    /** Whether hard links can be restored (the server offers hardlink@openssh.com). */
    public boolean supportsHardLinks() {
        return channels[0].hasExtension(SftpChannel.EXT_HARDLINK);
    }

    private SftpChannel channel() {
        SftpChannel[] cs = channels;
        for (int i = 0; i < cs.length; i++) {
            SftpChannel c = cs[Math.floorMod(next.getAndIncrement(), cs.length)];
            if (c.isOpen()) {
                return c;
            }
        }
        return cs[0];
    }

    private String remote(String path) {
        List<String> parts = SourcePaths.components(path); // refuses ".."
        if (parts.isEmpty()) {
            return root;
        }
        String rel = String.join("/", parts);
        return root.equals("/") ? "/" + rel : root + "/" + rel;
    }

    @Override
    public void createDirectory(String path) throws IOException {
        told(() -> makeDirectory(path));
    }

    private void makeDirectory(String path) throws IOException {
        String p = remote(path);
        SftpChannel ch = channel();
        Buffer b = SftpChannel.request(p.length() * 3 + 16);
        SftpChannel.putPath(b, p);
        SftpAttrs.ofPermissions(0700).write(b);
        SftpChannel.Reply r = ch.call(SftpChannel.FXP_MKDIR, b);
        if (SftpChannel.statusCode(r) == SftpChannel.FX_OK) {
            return;
        }
        SftpChannel.Reply st = ch.call(SftpChannel.FXP_LSTAT, SftpChannel.pathRequest(p));
        if (st.type() != SftpChannel.FXP_ATTRS) {
            throw SftpChannel.unexpected(r, "mkdir", p); // the mkdir's own error (e.g. missing parent)
        }
        if (SftpAttrs.read(st.buffer()).type() == FileType.DIRECTORY) {
            return; // restoring over an existing tree
        }
        removeQuietly(ch, p);
        Buffer again = SftpChannel.request(p.length() * 3 + 16);
        SftpChannel.putPath(again, p);
        SftpAttrs.ofPermissions(0700).write(again);
        SftpChannel.checkStatus(ch.call(SftpChannel.FXP_MKDIR, again), "mkdir", p);
    }

    @Override
    public OutputFile createFile(String path, FileMetadata meta) throws IOException {
        try {
            return new SpaceCheckedFile(openFile(path, meta));
        } catch (IOException e) {
            throw told(e);
        }
    }

    private OutputFile openFile(String path, FileMetadata meta) throws IOException {
        String p = remote(path);
        SftpChannel ch = channel();
        SftpChannel.Reply r = ch.call(SftpChannel.FXP_OPEN, openNew(p));
        SftpAttrs atClose = metadataAtClose(meta);
        Runnable applied = () -> {
            appliedAtClose.put(p, meta);
            metadataWithClose.incrementAndGet();
            beyondSftp(p, meta);
        };
        if (r.type() == SftpChannel.FXP_HANDLE) { // nothing was there: written in place
            return new SftpWriteFile(ch, p, null, SftpChannel.handle(r, "create", p), writeSize, writesInFlight,
                    atClose, applied);
        }
        // something is there (or the directory refuses files, which the temporary name finds out too)
        int slash = p.lastIndexOf('/');
        String temporary = (slash <= 0 ? "" : p.substring(0, slash)) + "/" + RandomMarker.of(TEMPORARY_PREFIX);
        SftpChannel.Reply t = ch.call(SftpChannel.FXP_OPEN, openNew(temporary));
        if (t.type() != SftpChannel.FXP_HANDLE) {
            throw SftpChannel.unexpected(r, "create", p); // the path's own error (e.g. a missing parent)
        }
        return new SftpWriteFile(ch, temporary, p, SftpChannel.handle(t, "create", temporary), writeSize, writesInFlight,
                atClose, applied);
    }

    /**
     * The metadata a file gets on its handle when committed (FSETSTAT before the CLOSE, in the same round trip), so
     * that {@link #applyMetadata} has nothing left to send for it; null when it must go apart (a setuid or setgid
     * bit, which a chown after the chmod would clear; a server that refused a chown before).
     */
    private SftpAttrs metadataAtClose(FileMetadata meta) {
        return meta.type() == FileType.FILE && ownerGoesWithTheRest(meta)
                ? modeAndTimes(meta).withOwner(meta.uid(), meta.gid()) : null;
    }

    /**
     * Whether the owner can be set in the same request as the mode and times: not after the server refused a chown
     * (owners then go apart, telling that refusal from other failures), nor with a setuid or setgid bit, which a
     * chown applied after the chmod would clear.
     */
    private boolean ownerGoesWithTheRest(FileMetadata meta) {
        return !chownRefused && (meta.type() == FileType.SYMLINK || (meta.mode() & 06000) == 0);
    }

    /** The mode (not for a symlink) and the times, in whole seconds, that {@code meta} gives its entry. */
    private static SftpAttrs modeAndTimes(FileMetadata meta) {
        long atime = clamp(seconds(meta.atimeNanos()));
        long mtime = clamp(seconds(meta.mtimeNanos()));
        return meta.type() == FileType.SYMLINK ? SftpAttrs.ofTimes(atime, mtime)
                : SftpAttrs.ofPermissionsAndTimes(meta.mode() & 07777, atime, mtime);
    }

    /** Files so far whose metadata the server applied with their CLOSE. */
    long metadataWithClose() {
        return metadataWithClose.get();
    }

    private static long seconds(long nanos) {
        return Math.floorDiv(nanos, 1_000_000_000L);
    }

    /** A new file, mode 0600, refused if the name exists. */
    private static Buffer openNew(String p) {
        Buffer b = SftpChannel.request(p.length() * 3 + 24);
        SftpChannel.putPath(b, p);
        b.putInt(SftpChannel.FXF_WRITE | SftpChannel.FXF_CREAT | SftpChannel.FXF_EXCL);
        SftpAttrs.ofPermissions(0600).write(b);
        return b;
    }

    /**
     * Renames {@code from} over {@code to}, replacing a file or symlink there (a directory only when empty):
     * atomically with {@code posix-rename@openssh.com}; otherwise (SFTP v3's RENAME refuses an existing name)
     * by removing {@code to} first, which leaves the path briefly empty.
     */
    static void renameOver(SftpChannel ch, String from, String to) throws IOException {
        boolean posix = ch.hasExtension(SftpChannel.EXT_POSIX_RENAME);
        if (!posix) {
            ch.forget(ch.queue(SftpChannel.FXP_REMOVE, SftpChannel.pathRequest(to))); // goes out with the RENAME, runs first
        }
        SftpChannel.Reply r = rename(ch, posix, from, to);
        if (SftpChannel.statusCode(r) == SftpChannel.FX_OK) {
            return;
        }
        SftpChannel.Reply st = ch.call(SftpChannel.FXP_LSTAT, SftpChannel.pathRequest(to));
        if (st.type() != SftpChannel.FXP_ATTRS || SftpAttrs.read(st.buffer()).type() != FileType.DIRECTORY) {
            throw SftpChannel.unexpected(r, "rename to", to); // the rename's own error
        }
        SftpChannel.checkStatus(ch.call(SftpChannel.FXP_RMDIR, SftpChannel.pathRequest(to)), "rmdir", to);
        SftpChannel.checkStatus(rename(ch, posix, from, to), "rename to", to);
    }

    private static SftpChannel.Reply rename(SftpChannel ch, boolean posix, String from, String to) throws IOException {
        Buffer b = posix ? SftpChannel.plainBuffer() : SftpChannel.request((from.length() + to.length()) * 3 + 8);
        SftpChannel.putPath(b, from);
        SftpChannel.putPath(b, to);
        return posix ? ch.await(ch.sendExtended(SftpChannel.EXT_POSIX_RENAME, b)) : ch.call(SftpChannel.FXP_RENAME, b);
    }

    @Override
    public void createSymlink(String path, String target) throws IOException {
        told(() -> makeSymlink(path, target));
    }

    private void makeSymlink(String path, String target) throws IOException {
        String p = remote(path);
        SftpChannel ch = channel();
        ch.forget(ch.queue(SftpChannel.FXP_REMOVE, SftpChannel.pathRequest(p)));
        // OpenSSH (and MINA, for compatibility) take the target first, the reverse of the draft
        Buffer b = SftpChannel.request((target.length() + p.length()) * 3 + 8);
        SftpChannel.putPath(b, target);
        SftpChannel.putPath(b, p);
        SftpChannel.checkStatus(ch.call(SftpChannel.FXP_SYMLINK, b), "symlink", p);
    }

    @Override
    public void createHardLink(String path, String existingPath) throws IOException {
        told(() -> makeHardLink(path, existingPath));
    }

    private void makeHardLink(String path, String existingPath) throws IOException {
        String p = remote(path);
        String existing = remote(existingPath);
        SftpChannel ch = channel();
        if (!ch.hasExtension(SftpChannel.EXT_HARDLINK)) {
            throw new IOException("cannot create hard link " + p + " to " + existing + ": the SFTP server of "
                    + ch.where() + " does not offer " + SftpChannel.EXT_HARDLINK);
        }
        ch.forget(ch.queue(SftpChannel.FXP_REMOVE, SftpChannel.pathRequest(p)));
        Buffer b = SftpChannel.plainBuffer();
        SftpChannel.putPath(b, existing);
        SftpChannel.putPath(b, p);
        SftpChannel.checkStatus(ch.await(ch.sendExtended(SftpChannel.EXT_HARDLINK, b)), "hardlink", p);
    }

    @Override
    public void createSpecial(String path, FileMetadata meta) throws IOException {
        String p = remote(path);
        if (meta.type() == FileType.SOCKET) {
            throw new IOException("cannot create SOCKET " + p + ": a socket exists only while a process listens on it");
        }
        removeQuietly(channel(), p); // as for a symlink, what is at the path gives way (not a directory)
        if (!RemoteSpecialFile.create(execSessions, p, meta, timeout, channels[0].where())) {
            ownerRefused();
        }
        if (!meta.xattrs().isEmpty()) { // its times, to the nanosecond, came with it
            remoteMetadata().xattrs(p, meta.xattrs());
        }
    }

    @Override
    public void applyMetadata(String path, FileMetadata meta) throws IOException {
        String p = remote(path);
        if (meta.type().isSpecial()) {
            return; // given its metadata when created (sockets are never created)
        }
        if (meta.type() == FileType.FILE && appliedAtClose.remove(p, meta)) {
            return; // went with the file's CLOSE
        }
        SftpChannel ch = channel();
        boolean link = meta.type() == FileType.SYMLINK;
        boolean noFollow = ch.hasExtension(SftpChannel.EXT_LSETSTAT);
        if (link && !noFollow) { // a SETSTAT would follow the link: its owner and times go by command
            remoteMetadata().owner(p, meta.uid(), meta.gid());
            beyondSftp(p, meta, true);
            return;
        }
        // With lsetstat a symlink at the path, restored or put there meanwhile, is changed itself (or refused),
        // never its target.
        SftpAttrs modeAndTimes = modeAndTimes(meta);
        if (ownerGoesWithTheRest(meta)) {
            Buffer all = attrsFor(p, modeAndTimes.withOwner(meta.uid(), meta.gid()));
            SftpChannel.Reply r = noFollow ? ch.await(ch.sendExtended(SftpChannel.EXT_LSETSTAT, all))
                    : ch.call(SftpChannel.FXP_SETSTAT, all);
            if (SftpChannel.statusCode(r) == SftpChannel.FX_OK) {
                beyondSftp(p, meta);
                return;
            }
        }
        // both go out at once; the server applies them in order: chown, then chmod (not for a link) and times.
        Buffer ownerRequest = attrsFor(p, SftpAttrs.ofOwner(meta.uid(), meta.gid()));
        Buffer restRequest = attrsFor(p, modeAndTimes);
        int owner;
        int rest;
        if (noFollow) {
            owner = ch.sendExtended(SftpChannel.EXT_LSETSTAT, ownerRequest);
            rest = ch.sendExtended(SftpChannel.EXT_LSETSTAT, restRequest);
        } else {
            owner = ch.queue(SftpChannel.FXP_SETSTAT, ownerRequest);
            rest = ch.send(SftpChannel.FXP_SETSTAT, restRequest);
        }
        ownerResult(ch.await(owner), p, rest, ch);
        SftpChannel.checkStatus(ch.await(rest), link ? "set times of" : "set mode and times of", p);
        beyondSftp(p, meta);
    }

    /**
     * Once SFTP gave the entry at {@code p} everything else, sends what it could not carry to the server's
     * {@link RemoteMetadata}: the entry's extended attributes, then its times where they have a fraction of a second
     * or a second outside SFTP's range.
     */
    private void beyondSftp(String p, FileMetadata meta) {
        beyondSftp(p, meta, false);
    }

    /** As {@link #beyondSftp(String, FileMetadata)}; with {@code timesAnyway}, SFTP set no times at all. */
    private void beyondSftp(String p, FileMetadata meta, boolean timesAnyway) {
        boolean times = timesAnyway || !carriedBySftp(meta.atimeNanos()) || !carriedBySftp(meta.mtimeNanos());
        if (meta.xattrs().isEmpty() && !times) {
            return;
        }
        RemoteMetadata remote = remoteMetadata();
        if (!meta.xattrs().isEmpty()) {
            remote.xattrs(p, meta.xattrs());
        }
        if (times) {
            remote.times(p, meta.atimeNanos(), meta.mtimeNanos());
        }
    }

    private synchronized RemoteMetadata remoteMetadata() {
        if (remote == null) {
            remote = RemoteMetadata.start(execSessions, timeout, channels[0].where());
        }
        return remote;
    }

    /** What {@link RemoteMetadata} left out so far (nothing when it was never needed); waits for it. */
    private RemoteMetadata.Left remoteLeft() {
        RemoteMetadata r;
        synchronized (this) {
            r = remote;
        }
        return r == null ? RemoteMetadata.Left.NOTHING : r.finish();
    }

    /**
     * Entries given metadata so far that kept SFTP's whole-second times (the server cannot run {@link RemoteMetadata}'
     * perl for this login, or could not apply a record). Waits for the server to apply the times sent so far: ask
     * once the restore is done.
     */
    public long timesToTheSecond() {
        return remoteLeft().timesToTheSecond();
    }

    /**
     * Entries whose extended attributes were not all set: the server cannot run {@link RemoteMetadata}' perl for this
     * login, or refused an attribute (one the login may not set, such as {@code security.capability} or
     * {@code trusted.*} for a login that is not root, or {@code user.*} on a symlink). Waits like
     * {@link #timesToTheSecond}.
     */
    @Override
    public long xattrsNotApplied() {
        return remoteLeft().xattrsNotApplied();
    }

    private void ownerResult(SftpChannel.Reply r, String p, int nextId, SftpChannel ch) throws IOException {
        try {
            SftpChannel.checkStatus(r, "chown", p);
        } catch (AccessDeniedException e) {
            ownerRefused();
        } catch (IOException e) {
            ch.forget(nextId);
            throw e;
        }
    }

    /** The server refused a chown: counted, and owners go in requests of their own from now on. */
    private void ownerRefused() {
        chownRefused = true;
        ownersNotApplied.incrementAndGet();
    }

    /** Whether the time SFTP gives an entry ({@link #modeAndTimes}: whole seconds, clamped) is exactly this one. */
    private static boolean carriedBySftp(long nanos) {
        return clamp(seconds(nanos)) * 1_000_000_000L == nanos;
    }

    private static long clamp(long seconds) {
        return Math.max(0, Math.min(0xFFFF_FFFFL, seconds)); // SFTP v3 times are unsigned 32-bit
    }

    private static Buffer attrsFor(String p, SftpAttrs a) {
        Buffer b = SftpChannel.request(p.length() * 3 + 32);
        SftpChannel.putPath(b, p);
        a.write(b);
        return b;
    }

    private static void removeQuietly(SftpChannel ch, String p) throws IOException {
        try {
            SftpChannel.checkStatus(ch.call(SftpChannel.FXP_REMOVE, SftpChannel.pathRequest(p)), "remove", p);
        } catch (NoSuchFileException gone) {
            // already absent
        }
    }

    /**
     * {@code e} as the restorer should see it: {@link OutputRefusedException} when the target refuses every further
     * write (no room left, or a read-only file system), so the restore stops there. SFTP has no status for either:
     * OpenSSH's sftp-server answers ENOSPC, EDQUOT and EROFS (and any other error it has no status for) with FAILURE,
     * message "Failure". So a FAILURE counts as a refusal when its message says so (a server that passes the system's
     * message on), or when the file system under the root is mounted read-only, or has less room left than one WRITE,
     * or no free inode, as {@code statvfs@openssh.com} tells where the server offers it.
     */
    private IOException told(IOException e) {
        SftpStatusException failure = null;
        for (Throwable t = e; t != null && failure == null; t = t.getCause()) {
            if (t instanceof OutputRefusedException) {
                return e;
            }
            if (t instanceof SftpStatusException s && s.status() == SftpChannel.FX_FAILURE) {
                failure = s;
            }
        }
        if (failure == null) {
            return e;
        }
        OutputRefusedException said = OutputRefusedException.of(e, description); // a server passing the message on
        if (said != null) {
            return said;
        }
        SftpChannel.FreeSpace free;
        try {
            free = channels[0].freeSpace(root);
        } catch (IOException | RuntimeException notTold) {
            return e;
        }
        if (free == null) {
            return e;
        }
        OutputRefusedException readOnly = readOnly(free, description, e);
        if (readOnly != null) {
            return readOnly;
        }
        if (free.bytes() >= writeSize && free.inodes() > 0) {
            return e;
        }
        return OutputRefusedException.of(WriteRefusal.FULL, description, " (" + free.bytes() + " bytes and " + free.inodes()
                + " inodes free)", e);
    }

    /**
     * {@code e} as a refusal of {@code where} when statvfs says its file system is read-only ({@code free} may be
     * null), naming the system's refusal that SFTP's bare FAILURE does not carry.
     */
    private static OutputRefusedException readOnly(SftpChannel.FreeSpace free, String where, IOException e) {
        return free != null && free.readOnly()
                ? OutputRefusedException.of(WriteRefusal.READ_ONLY, where, " (Read-only file system)", e) : null;
    }

    /** A step of the output that may fail. */
    private interface Step {
        void run() throws IOException;
    }

    /** Runs {@code step}, its failure {@linkplain #told(IOException) told} as a refusing target where it is one. */
    private void told(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException e) {
            throw told(e);
        }
    }

    /** A file being written whose failures are {@linkplain #told(IOException) told} as a refusing target where so. */
    private final class SpaceCheckedFile implements OutputFile {
        private final OutputFile file;

        SpaceCheckedFile(OutputFile file) {
            this.file = file;
        }

        @Override
        public void write(long offset, byte[] data, int off, int len) throws IOException {
            told(() -> file.write(offset, data, off, len));
        }

        @Override
        public void finish(long size) throws IOException {
            told(() -> file.finish(size));
        }

        @Override
        public void commit() throws IOException {
            told(file::commit);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** Connections opened for commands besides the output's own, whose channels the server had all given (tests). */
    int extraConnections() {
        return execSessions.extraConnections();
    }

    @Override
    public String describe() {
        return description;
    }

    /** Waits for the times still being applied ({@link #timesToTheSecond}), then closes the channels. */
    @Override
    public void close() throws IOException {
        timesToTheSecond();
        SftpChannel.closeAll(channels, owned);
    }
}
