package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import io.strata.engine.metadata.Xattr;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * Gives restored entries what SFTP version 3 cannot: access and modification times to the nanosecond (its times are
 * whole seconds, which the entries already have), extended attributes (it has no request for them), and a symlink's
 * owner on a server without {@code lsetstat@openssh.com} (where a SETSTAT would change the link's target). One exec
 * channel per restore runs {@code perl} (Debian's essential {@code perl-base} is enough: no module beyond POSIX and
 * Config), which reads NUL-ended records from stdin and makes the system calls through perl's {@code syscall}, never
 * following a symbolic link at the path:
 * <ul>
 *   <li>{@code "t ASEC ANSEC MSEC MNSEC PATH"}: {@code utimensat(AT_FDCWD, PATH, times, AT_SYMLINK_NOFOLLOW)};</li>
 *   <li>{@code "x COUNT NAME VALUE ... PATH"}: {@code lsetxattr(PATH, NAME, VALUE)} for each of COUNT attributes,
 *       names and values in hexadecimal (a value may hold any byte);</li>
 *   <li>{@code "o UID GID PATH"}: {@code fchownat(AT_FDCWD, PATH, UID, GID, AT_SYMLINK_NOFOLLOW)}.</li>
 * </ul>
 * Records go out buffered, without waiting for an answer: each is sent only after SFTP finished everything else for
 * its entry (an owner change after the attributes would drop {@code security.capability}), owner before attributes
 * before times, and none changes anything its directory's times depend on.
 *
 * <p>The system calls' numbers depend on the server's architecture: the script knows them for the 64-bit Linux ones
 * ({@code x86_64}, {@code aarch64}, {@code riscv64}, {@code loongarch64}, {@code ppc64}/{@code ppc64le},
 * {@code s390x}). Elsewhere, without perl, or on a login that may not run commands, entries keep their whole
 * seconds and no attributes, and {@link #finish} counts them; a record the server could not apply counts too (the
 * entry vanished; an attribute the login may not set, such as {@code security.capability} or {@code trusted.*} for
 * a login that is not root, or {@code user.*} on a symlink, which Linux refuses).
 */
final class RemoteMetadata {
    /** Arguments: none. No single quote or exclamation mark, so any login shell passes it on unchanged. */
    private static final String SCRIPT = "use POSIX; use Config; "
            + PerlSyscalls.table("utimensat", "lsetxattr", "fchownat")
            + " my $nr = $nr{(POSIX::uname())[4]};"
            + " if (not $nr or $Config{ivsize} < 8 or $Config{longsize} < 8) { print qq(unsupported\\n); exit 0 }"
            + " binmode STDIN; $/ = qq(\\0); my ($bt, $bx, $bo, $why) = (0, 0, 0, qq(-));"
            + " while (defined(my $r = <STDIN>)) { chop $r;"
            + " if ($r =~ s/^t //) { my ($as, $an, $ms, $mn, $p) = split / /, $r, 5;"
            + " my $t = pack(qq(q4), $as, $an, $ms, $mn);"
            + " if (syscall($nr->[0], -100, $p, $t, 256) < 0) { $bt++; $why = POSIX::strerror(POSIX::errno()) } }"
            + " elsif ($r =~ s/^x //) { my ($c, $rest) = split / /, $r, 2; my @f = split / /, $rest, 2 * $c + 1;"
            + " my $p = pop @f; my $ok = 1;"
            + " while (@f) { my $k = pack(qq(H*), shift @f); my $v = pack(qq(H*), shift @f);"
            + " if (syscall($nr->[1], $p, $k, $v, length($v), 0) < 0) { $ok = 0; $why = POSIX::strerror(POSIX::errno()) } }"
            + " $bx++ unless $ok }"
            + " elsif ($r =~ s/^o //) { my ($u, $g, $p) = split / /, $r, 3;"
            + " if (syscall($nr->[2], -100, $p, $u + 0, $g + 0, 256) < 0) { $bo++; $why = POSIX::strerror(POSIX::errno()) } } }"
            + " print qq(done $bt $bx $bo $why\\n);";
    private static final String COMMAND = "perl -e '" + SCRIPT + "'";
    private static final int OUTPUT_LIMIT = 1024;

    /**
     * What the server did not apply: entries left with whole seconds, entries left without (some) attributes, entries
     * left with the owner they were created with.
     */
    record Left(long timesToTheSecond, long xattrsNotApplied, long ownersNotApplied) {
        static final Left NOTHING = new Left(0, 0, 0);
    }

    /** The kinds of record, in the order the script counts their failures on its {@code done} line. */
    private enum Kind { TIMES, XATTRS, OWNER }

    private final ChannelExec channel;
    private final OutputStream records;
    private final Duration timeout;
    /** Records sent, and records that could not be, by {@link Kind}. */
    private final long[] sent = new long[Kind.values().length];
    private final long[] notSent = new long[Kind.values().length];
    private boolean broken;
    private Left left;

    private RemoteMetadata(ChannelExec channel, Duration timeout) {
        this.channel = channel;
        this.records = channel == null ? null : new BufferedOutputStream(channel.getInvertedIn(), 64 * 1024);
        this.timeout = timeout;
    }

    /**
     * Starts the loop on a channel of {@code sessions}; when the server will not run it, returns one that counts every
     * entry as left without what it was sent.
     */
    static RemoteMetadata start(ExecSessions sessions, Duration timeout, String where) {
        ChannelExec ch;
        try {
            ch = sessions.open(COMMAND, new CommandStream.Tail(OUTPUT_LIMIT), timeout, "perl", where);
        } catch (SshException e) {
            return new RemoteMetadata(null, timeout);
        }
        return new RemoteMetadata(ch, timeout);
    }

    /** Sends the times of the entry at the absolute remote {@code path}. */
    synchronized void times(String path, long atimeNanos, long mtimeNanos) {
        String record = "t " + Math.floorDiv(atimeNanos, 1_000_000_000L) + " " + Math.floorMod(atimeNanos, 1_000_000_000L)
                + " " + Math.floorDiv(mtimeNanos, 1_000_000_000L) + " " + Math.floorMod(mtimeNanos, 1_000_000_000L) + " ";
        send(Kind.TIMES, record, path);
    }

    /** Sends the owner of the entry at the absolute remote {@code path}, set without following a symlink there. */
    synchronized void owner(String path, int uid, int gid) {
        send(Kind.OWNER, "o " + Integer.toUnsignedString(uid) + " " + Integer.toUnsignedString(gid) + " ", path);
    }

    /** Sends the extended attributes (at least one) of the entry at the absolute remote {@code path}. */
    synchronized void xattrs(String path, List<Xattr> xattrs) {
        StringBuilder record = new StringBuilder("x ").append(xattrs.size()).append(' ');
        HexFormat hex = HexFormat.of();
        for (Xattr x : xattrs) {
            record.append(hex.formatHex(LosslessUtf8.encode(x.name()))).append(' ')
                    .append(hex.formatHex(x.value())).append(' ');
        }
        send(Kind.XATTRS, record.toString(), path);
    }

    /** Sends a record, or counts it as not sent when the server will not take it. */
    private void send(Kind kind, String head, String path) {
        if (channel == null || broken || left != null) {
            notSent[kind.ordinal()]++;
            return;
        }
        try {
            records.write(head.getBytes(StandardCharsets.US_ASCII));
            records.write(LosslessUtf8.encode(path));
            records.write(0);
            sent[kind.ordinal()]++;
        } catch (IOException e) { // the server ended the command: no perl, or no commands for this login
            broken = true;
            notSent[kind.ordinal()]++;
        }
    }

    /**
     * Ends the input, waits for the server to apply what it got and returns what it left out. Idempotent.
     */
    synchronized Left finish() {
        if (left != null) {
            return left;
        }
        long[] failed = sent.clone(); // until the server says otherwise, nothing sent was applied
        if (channel != null) {
            try {
                try {
                    records.close(); // flushes, then EOF
                } catch (IOException e) {
                    broken = true;
                }
                var events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
                if (events.contains(ClientChannelEvent.CLOSED)) { // else perl did not finish in time: none counted done
                    byte[] answer = channel.getInvertedOut().readNBytes(OUTPUT_LIMIT); // EOF once closed
                    String[] done = new String(answer, StandardCharsets.US_ASCII).strip().split(" ", 5);
                    Integer status = channel.getExitStatus();
                    if (!broken && status != null && status == 0 && done.length == 5 && done[0].equals("done")) {
                        for (Kind k : Kind.values()) {
                            failed[k.ordinal()] = Long.parseLong(done[1 + k.ordinal()]);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                failed = sent.clone(); // an answer we cannot read: assume nothing was applied
            } finally {
                channel.close(false);
            }
        }
        left = new Left(failed[Kind.TIMES.ordinal()] + notSent[Kind.TIMES.ordinal()],
                failed[Kind.XATTRS.ordinal()] + notSent[Kind.XATTRS.ordinal()],
                failed[Kind.OWNER.ordinal()] + notSent[Kind.OWNER.ordinal()]);
        return left;
    }
}
