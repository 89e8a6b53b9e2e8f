package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * Gives restored entries their access and modification times to the nanosecond, which SFTP version 3 cannot (its
 * times are whole seconds, which the entries already have): one exec channel per restore runs {@code perl} (Debian's
 * essential {@code perl-base} is enough: no module beyond POSIX and Config), which reads records
 * {@code "ASEC ANSEC MSEC MNSEC PATH\0"} from stdin and calls {@code utimensat(AT_FDCWD, PATH, times,
 * AT_SYMLINK_NOFOLLOW)} through perl's {@code syscall}, so a symbolic link at the path gets the times itself, never
 * its target. Records go out buffered, without waiting for an answer: each is sent only after SFTP finished
 * everything else for its entry, and setting a file's times changes nothing its directory's times depend on.
 *
 * <p>The system call's number depends on the server's architecture: the script knows it for the 64-bit Linux ones
 * ({@code x86_64}, {@code aarch64}, {@code riscv64}, {@code loongarch64}, {@code ppc64}/{@code ppc64le},
 * {@code s390x}). Elsewhere, without perl, or on a login that may not run commands, entries keep their whole
 * seconds and {@link #finish} counts them; a record the server could not apply (the entry vanished, say) counts too.
 */
final class RemoteTimes {
    /** Arguments: none. No single quote or exclamation mark, so any login shell passes it on unchanged. */
    private static final String SCRIPT = "use POSIX; use Config;"
            + " my %nr = (x86_64 => 280, aarch64 => 88, riscv64 => 88, loongarch64 => 88, ppc64 => 304, ppc64le => 304,"
            + " s390x => 315);"
            + " my $nr = $nr{(POSIX::uname())[4]};"
            + " if (not $nr or $Config{ivsize} < 8 or $Config{longsize} < 8) { print qq(unsupported\\n); exit 0 }"
            + " $/ = qq(\\0); my ($bad, $why) = (0, qq(-));"
            + " while (defined(my $r = <STDIN>)) { chop $r; my ($as, $an, $ms, $mn, $p) = split / /, $r, 5;"
            + " my $t = pack(qq(q4), $as, $an, $ms, $mn);"
            + " if (syscall($nr, -100, $p, $t, 256) < 0) { $bad++; $why = POSIX::strerror(POSIX::errno()) } }"
            + " print qq(done $bad $why\\n);";
    private static final String COMMAND = "perl -e '" + SCRIPT + "'";
    private static final int OUTPUT_LIMIT = 1024;

    private final ChannelExec channel;
    private final OutputStream records;
    private final Duration timeout;
    private long sent;
    private long notSent;
    private boolean broken;
    private Long toTheSecond;

    private RemoteTimes(ChannelExec channel, Duration timeout) {
        this.channel = channel;
        this.records = channel == null ? null : new BufferedOutputStream(channel.getInvertedIn(), 64 * 1024);
        this.timeout = timeout;
    }

    /**
     * Starts the loop on {@code session}; when the server will not run it, returns one that counts every entry as
     * left to the second.
     */
    static RemoteTimes start(ClientSession session, Duration timeout, String where) {
        ChannelExec ch;
        try {
            ch = ExecChannel.open(session, COMMAND, new CommandStream.Tail(OUTPUT_LIMIT), timeout, "perl", where);
        } catch (SshException e) {
            return new RemoteTimes(null, timeout);
        }
        return new RemoteTimes(ch, timeout);
    }

    /** Sends the times of the entry at the absolute remote {@code path}. */
    synchronized void set(String path, long atimeNanos, long mtimeNanos) {
        if (channel == null || broken || toTheSecond != null) {
            notSent++;
            return;
        }
        String record = Math.floorDiv(atimeNanos, 1_000_000_000L) + " " + Math.floorMod(atimeNanos, 1_000_000_000L) + " "
                + Math.floorDiv(mtimeNanos, 1_000_000_000L) + " " + Math.floorMod(mtimeNanos, 1_000_000_000L) + " ";
        try {
            records.write(record.getBytes(StandardCharsets.US_ASCII));
            records.write(LosslessUtf8.encode(path));
            records.write(0);
            sent++;
        } catch (IOException e) { // the server ended the command: no perl, or no commands for this login
            broken = true;
            notSent++;
        }
    }

    /**
     * Ends the input, waits for the server to apply what it got and returns how many entries kept whole seconds.
     * Idempotent.
     */
    synchronized long finish() {
        if (toTheSecond != null) {
            return toTheSecond;
        }
        long failed = sent;
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
                    String[] done = new String(answer, StandardCharsets.US_ASCII).strip().split(" ", 3);
                    Integer status = channel.getExitStatus();
                    if (!broken && status != null && status == 0 && done.length == 3 && done[0].equals("done")) {
                        failed = Long.parseLong(done[1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                failed = sent; // an answer we cannot read: assume nothing was applied
            } finally {
                channel.close(false);
            }
        }
        toTheSecond = failed + notSent;
        return toTheSecond;
    }
}
