package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import io.strata.engine.metadata.DeviceNumbers;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.SourcePaths;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * The server's GNU {@code find} listing batches of directories, run by one long-lived shell loop on one
 * exec channel (one login for every batch). A listing through find carries what SFTP v3 cannot:
 * nanosecond modification, access and change times, inode, device and link count (so hard links are
 * recognised), owner and group names.
 *
 * <p>Protocol, per batch: we write the number of directories, a newline and the absolute paths, each
 * ended by NUL. The loop (POSIX {@code sh}) hands exactly that many to {@code find -H DIR... -maxdepth 1}
 * through {@code head -z} (and {@code xargs -0} where find cannot read them, see {@link #command}), which
 * prints every directory itself (depth 0) and then its entries (depth 1) as {@value #FIELDS} NUL-ended fields
 * each, then writes {@code =STATUS} and a NUL (0 when find listed everything without an error). Names cannot
 * hold NUL, and a record's first field is a depth, so the status record cannot be mistaken for an entry.
 * Find's messages are dropped: a batch whose status is not 0 is listed again another way, which names the
 * error exactly.
 * {@code -H} follows a symlink given as a directory to list (as SFTP's OPENDIR does) and no other.
 *
 * <p>Owner and group names: find's {@code %u} and {@code %g} look the name up for every entry (with
 * glibc, {@code /etc/passwd} and {@code /etc/group} opened and read twice per entry; a directory service
 * asked as often), which took three quarters of find's time on a source tree. So a loop started without
 * names leaves those two fields empty, and the caller asks for the names of ids it has not seen yet
 * ({@link #names}): a line {@code u} or {@code g} and the ids, answered by the server's {@code getent}
 * with its lines, then {@code =STATUS} and a NUL. Device numbers, which find has no format for, are asked the same
 * way ({@link #deviceNumbers}): a line {@code dCOUNT} and the NUL-ended paths, answered by GNU {@code stat}.
 *
 * <p>Needs GNU {@code find} (its {@code -printf}), GNU {@code head -z} and {@code xargs -0} (for listings only
 * before findutils 4.9); {@link RemoteFind} finds out from the first batch. The script is one line in single
 * quotes without single quotes or {@code !} inside (see {@link TarLoop}).
 */
final class FindLoop implements AutoCloseable {
    /**
     * Depth, path, name, type, mode, uid, gid, user, group, size, mtime, atime, ctime, inode, device, links, target,
     * 512-byte blocks allocated.
     */
    static final int FIELDS = 18;
    private static final String FORMAT = "%d\\0%p\\0%f\\0%y\\0%m\\0%U\\0%G\\0%u\\0%g\\0%s\\0%T@\\0%A@\\0%C@\\0%i\\0%D\\0%n\\0%l\\0%b\\0";
    /** Files larger than this with at least half their size in holes count as {@linkplain #mostlyHoles mostly holes}. */
    static final long MOSTLY_HOLES_MIN_SIZE = 1L << 20;
    /** {@link #FORMAT} with the user and group name fields left empty. */
    private static final String FORMAT_WITHOUT_NAMES = FORMAT.replace("%u\\0%g\\0", "\\0\\0");
    /** A field longer than this (a path is at most 4096 bytes on Linux) means the stream is not what we asked for. */
    private static final int FIELD_LIMIT = 64 * 1024;
    /** A name lookup's answer longer than this means the stream is not what we asked for. */
    private static final int NAMES_LIMIT = 16 * 1024 * 1024;
    /** Ids per name lookup request (the request is one line of the loop's shell). */
    static final int IDS_PER_LOOKUP = 256;

    /** The databases {@link #names} looks ids up in. */
    enum Owners {
        USERS('u'), GROUPS('g');

        private final char request;

        Owners(char request) {
            this.request = request;
        }
    }

    private final ChannelExec channel;
    private final InputStream stdout;
    private final OutputStream stdin;
    private final String where;
    private final boolean printsNames;
    private final NulFields reader;

    private FindLoop(ChannelExec channel, Duration timeout, String where, boolean printsNames) {
        this.channel = channel;
        this.where = where;
        this.printsNames = printsNames;
        this.stdout = new BufferedInputStream(new StallDetectingStream(channel.getInvertedOut(), timeout, "find on " + where),
                64 * 1024);
        this.stdin = channel.getInvertedIn();
        this.reader = new NulFields(stdout, this::broken);
    }

    /**
     * The command that runs the loop. Each batch costs the server two processes ({@code head}, {@code find}) where find
     * reads the directories to list from its input ({@code -files0-from}, GNU findutils 4.9 and later), which the loop
     * tests once as it starts ({@code tools.findReadsDirectories()}); four otherwise: {@code xargs} hands them to a
     * shell that puts them ahead of find's expression. On a paravirtualised 2-core machine each process costs 5-9 ms.
     *
     * @param printsNames whether find prints owner and group names (else {@link #names} gives them)
     * @param tools the commands the loop runs besides find's listings (others only in tests)
     */
    static String command(boolean printsNames, RemoteFind.Tools tools) {
        String format = printsNames ? FORMAT : FORMAT_WITHOUT_NAMES;
        String readingDirectories = "find -H -files0-from - -maxdepth 1 -printf \"" + format + "\"";
        String throughXargs = "xargs -0 -r sh -c \"exec find -H \\\"\\$@\\\" -maxdepth 1 -printf \\\""
                + format + "\\\"\" find";
        // list_batch: how this server's find lists the directories on its input, chosen once
        String script = "if " + tools.findReadsDirectories() + " >/dev/null 2>&1;"
                + " then list_batch() { " + readingDirectories + "; }; else list_batch() { " + throughXargs + "; }; fi;"
                + " while IFS= read -r n; do case $n in"
                + " u*) " + tools.getent() + " passwd ${n#u} 2>/dev/null;;"
                + " g*) " + tools.getent() + " group ${n#g} 2>/dev/null;;"
                + " d*) head -z -n \"${n#d}\" | xargs -0 -r stat --printf \"%t %T\\0\" -- 2>/dev/null;;"
                + " *) head -z -n \"$n\" | list_batch 2>/dev/null;; esac;"
                + " printf \"=%s\\0\" \"$?\"; done";
        if (script.indexOf('\'') >= 0 || script.indexOf('!') >= 0 || script.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the find loop's commands may not contain ', ! or a newline");
        }
        return "exec env LC_ALL=C sh -c '" + script + "'";
    }

    /** Starts the loop on a new exec channel ({@link ExecSessions}); see {@link #command}. */
    static FindLoop start(ExecSessions sessions, Duration timeout, String where, boolean printsNames,
            RemoteFind.Tools tools) throws IOException {
        ChannelExec ch = sessions.open(command(printsNames, tools), OutputStream.nullOutputStream(),
                timeout, "find", where);
        return new FindLoop(ch, timeout, where, printsNames);
    }

    /** Whether this loop's listings carry owner and group names; without them, entries' names are null. */
    boolean printsNames() {
        return printsNames;
    }

    /**
     * The device numbers of the character and block devices at {@code paths} ({@code stat --printf '%t %T'}, since
     * find has no format for them), in order; null when the server could not give one for each (one vanished, or
     * no GNU stat).
     *
     * @throws IOException when the loop broke or sent something else than it was asked for
     */
    long[] deviceNumbers(List<String> paths) throws IOException {
        send("d" + paths.size(), paths);
        long[] numbers = new long[paths.size()];
        int n = 0;
        boolean complete = true;
        while (true) {
            if (!readField()) {
                throw broken("the stream ended");
            }
            if (reader.startsWith('=')) {
                parseStatus();
                return complete && n == numbers.length ? numbers : null;
            }
            String[] majorMinor = text().split(" ");
            if (n == numbers.length || majorMinor.length != 2) {
                complete = false; // more answers than paths, or not stat's: read on to the status
                continue;
            }
            try {
                numbers[n++] = DeviceNumbers.of(Long.parseLong(majorMinor[0], 16), Long.parseLong(majorMinor[1], 16));
            } catch (NumberFormatException e) {
                complete = false;
            }
        }
    }

    /**
     * The names the server gives ids of users or groups ({@code getent passwd|group ID...}); ids without a name are
     * left out. Null when the server's getent cannot be used (missing, or failing other than by not finding an id).
     *
     * @throws IOException when the loop broke or sent something else than it was asked for
     */
    Map<Integer, String> names(Owners owners, Collection<Integer> ids) throws IOException {
        if (ids.isEmpty() || ids.size() > IDS_PER_LOOKUP) {
            throw new IllegalArgumentException("1 to " + IDS_PER_LOOKUP + " ids per lookup, got " + ids.size());
        }
        StringBuilder request = new StringBuilder().append(owners.request);
        for (int id : ids) {
            request.append(' ').append(Integer.toUnsignedString(id));
        }
        stdin.write(request.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        if (!reader.next(NAMES_LIMIT)) {
            throw broken("the stream ended");
        }
        String text = text();
        int statusAt = text.lastIndexOf('\n') + 1;
        if (!text.startsWith("=", statusAt)) {
            throw broken("a name lookup's answer did not end with its status");
        }
        int status;
        try {
            status = Integer.parseInt(text.substring(statusAt + 1));
        } catch (NumberFormatException e) {
            throw broken("a malformed status");
        }
        if (status != 0 && status != 2) { // 2: some id has no name
            return null;
        }
        Map<Integer, String> names = new HashMap<>();
        for (String line : text.substring(0, statusAt).split("\n")) {
            String[] fields = line.split(":", 4); // name:password:id:...
            if (fields.length < 4) {
                continue; // nothing, or not a line of passwd or group
            }
            try {
                int id = (int) Long.parseLong(fields[2]);
                if (ids.contains(id) && !fields[0].isEmpty() && !fields[0].equals(fields[2])) {
                    names.putIfAbsent(id, fields[0]);
                }
            } catch (NumberFormatException e) {
                // not a line of passwd or group
            }
        }
        return names;
    }

    /**
     * Lists absolute directory paths in one batch: for each, its entries, or null when find could not list
     * it as a directory (it is not one any more, or is gone); null for the whole batch when find reported an
     * error anywhere in it (the caller lists those directories another way).
     *
     * @param mostlyHoles where the absolute paths of listed files that are {@linkplain #mostlyHoles mostly holes} go
     * @throws IOException when the loop broke or sent something else than it was asked for (the loop is then
     *         unusable: close it)
     */
    List<List<SourceEntry>> list(List<String> directories, Set<String> mostlyHoles) throws IOException {
        send(Integer.toString(directories.size()), directories);
        List<List<SourceEntry>> listings = new ArrayList<>(directories.size());
        List<SourceEntry> current = null;
        String[] fields = new String[FIELDS];
        boolean usable = true;
        while (true) {
            if (!readField()) {
                throw broken("the stream ended");
            }
            if (reader.startsWith('=')) {
                int status = parseStatus();
                return status == 0 && usable && listings.size() == directories.size() ? listings : null;
            }
            fields[0] = text();
            boolean entry = fields[0].equals("1");
            for (int i = 1; i < FIELDS; i++) {
                if (!readField()) {
                    throw broken("the stream ended inside an entry");
                }
                fields[i] = i == 1 && entry ? null : text(); // an entry's path is its directory's and its name
            }
            switch (fields[0]) {
                case "0" -> {
                    // a directory asked for; find lists them in the order given and skips one it cannot stat
                    while (listings.size() < directories.size() && !directories.get(listings.size()).equals(fields[1])) {
                        listings.add(null);
                    }
                    if (listings.size() == directories.size()) {
                        throw broken("it listed " + fields[1] + ", which was not asked for");
                    }
                    current = fields[3].equals("d") ? new ArrayList<>() : null;
                    listings.add(current);
                }
                case "1" -> {
                    if (listings.isEmpty()) {
                        throw broken("an entry came before its directory");
                    }
                    if (current != null) {
                        SourceEntry e = entry(fields);
                        if (e == null) {
                            usable = false; // a type this engine has no name for: let SFTP list it
                        } else {
                            current.add(e);
                            if (e.metadata().type() == FileType.FILE && mostlyHoles(e.metadata().size(), fields[17])) {
                                mostlyHoles.add(SourcePaths.join(directories.get(listings.size() - 1), e.name()));
                            }
                        }
                    }
                }
                default -> throw broken("a record of depth " + fields[0]);
            }
        }
    }

    /** One entry from its fields, or null for a type the engine does not know (e.g. a Solaris door). */
    static SourceEntry entry(String[] f) throws IOException {
        FileType type = switch (f[3]) {
            case "f" -> FileType.FILE;
            case "d" -> FileType.DIRECTORY;
            case "l" -> FileType.SYMLINK;
            case "p" -> FileType.FIFO;
            case "s" -> FileType.SOCKET;
            case "c" -> FileType.CHAR_DEVICE;
            case "b" -> FileType.BLOCK_DEVICE;
            default -> null;
        };
        if (type == null) {
            return null;
        }
        try {
            int mode = Integer.parseInt(f[4], 8) & 07777;
            int uid = (int) Long.parseLong(f[5]);
            int gid = (int) Long.parseLong(f[6]);
            String user = f[7].isEmpty() || f[7].equals(f[5]) ? null : f[7];
            String group = f[8].isEmpty() || f[8].equals(f[6]) ? null : f[8];
            String target = type == FileType.SYMLINK ? f[16] : null;
            long size = switch (type) {
                case FILE -> Long.parseLong(f[9]);
                case SYMLINK -> LosslessUtf8.encode(target).length;
                default -> 0;
            };
            long links = Long.parseLong(f[15]);
            FileMetadata meta = new FileMetadata(type, mode, uid, gid, user, group, size, nanos(f[10]), nanos(f[11]),
                    nanos(f[12]), Long.parseUnsignedLong(f[13]), Long.parseUnsignedLong(f[14]),
                    (int) Math.min(Integer.MAX_VALUE, Math.max(1, links)), 0, target, List.of());
            return new SourceEntry(f[2], meta);
        } catch (NumberFormatException e) {
            throw new IOException("find sent a malformed entry named " + f[2] + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a file of {@code size} bytes with {@code blocks} 512-byte blocks allocated is mostly holes: larger than
     * {@value #MOSTLY_HOLES_MIN_SIZE} bytes, at most half of it allocated (a sparse file; on a compressing file
     * system, a file that compresses at least twofold).
     */
    static boolean mostlyHoles(long size, String blocks) throws IOException {
        try {
            return size > MOSTLY_HOLES_MIN_SIZE && Long.parseLong(blocks) * 512 <= size / 2;
        } catch (NumberFormatException e) {
            throw new IOException("find sent a malformed block count: " + blocks, e);
        }
    }

    /** Nanoseconds since the epoch from find's {@code %T@} form: seconds, a point and up to ten digits. */
    static long nanos(String s) {
        boolean negative = s.startsWith("-");
        int dot = s.indexOf('.');
        String whole = s.substring(negative ? 1 : 0, dot < 0 ? s.length() : dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() || !whole.chars().allMatch(Character::isDigit) || !fraction.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException("not a time: " + s);
        }
        String nineDigits = (fraction + "000000000").substring(0, 9);
        long n = Math.addExact(Math.multiplyExact(Long.parseLong(whole), 1_000_000_000L), Long.parseLong(nineDigits));
        return negative ? -n : n;
    }

    private int parseStatus() throws IOException {
        try {
            return Integer.parseInt(reader.ascii(1));
        } catch (NumberFormatException e) {
            throw broken("a malformed status");
        }
    }

    /**
     * Sends a request: its first line ({@code head}), then the absolute {@code paths}, each ended by NUL, as the bytes
     * the server listed them with.
     */
    private void send(String head, List<String> paths) throws IOException {
        stdin.write(NulFields.request(head, paths));
        stdin.flush();
    }

    /** Reads one NUL-ended field of at most {@value #FIELD_LIMIT} bytes; false at the end of the stream. */
    private boolean readField() throws IOException {
        return reader.next(FIELD_LIMIT);
    }

    private String text() {
        return reader.text();
    }

    private IOException broken(String what) {
        return new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, "find on " + where + " broke off: " + what);
    }

    /** Ends the loop: the channel closed (find, if running, goes with it). */
    @Override
    public void close() {
        CommandStream.signal(channel, "TERM");
        channel.close(true);
    }
}
