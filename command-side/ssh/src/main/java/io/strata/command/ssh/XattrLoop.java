package io.strata.command.ssh;

import io.strata.engine.metadata.Xattr;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * The server's perl listing extended attributes, one process on one exec channel for the life of a source (one login,
 * one start of perl, whatever the number of requests): {@code llistxattr} and {@code lgetxattr} through perl's
 * {@code syscall}, every namespace the login may read, never following a symlink ({@code perl-base} suffices).
 *
 * <p>Protocol, per request: a line {@code "COUNT entries"} (the entries of each directory given) or
 * {@code "COUNT paths"} (each path given itself), then COUNT absolute paths, each ended by NUL. The answer: for each
 * path with at least one attribute, the path, the count and each attribute's name and value length, NUL-ended, each
 * followed by the value's raw bytes; then {@code =0} and a NUL (a record's first field is an absolute path, so the end
 * cannot be mistaken for one). A path that cannot be read (gone, not a directory) is left out. On an architecture
 * whose system call numbers the script does not know it exits at once, as it does without perl: the first request
 * finds the stream ended.
 */
final class XattrLoop implements AutoCloseable {
    /** No single quote or exclamation mark, so any login shell passes it on unchanged. */
    private static final String SCRIPT = "use POSIX;"
            + " " + PerlSyscalls.table("llistxattr", "lgetxattr")
            + " my $nr = $nr{(POSIX::uname())[4]} or exit 3;"
            + " binmode STDIN; binmode STDOUT; my $l = qq(\\0) x 65536; my $v = $l;"
            + " while (defined(my $h = <STDIN>)) { chomp $h; my ($n, $mode) = split / /, $h; my @d;"
            + " { local $/ = qq(\\0); for (1 .. $n) { my $x = <STDIN>; last unless defined $x; chop $x; push @d, $x } }"
            + " for my $d (@d) { my @p = ($d);"
            + " if ($mode eq q(entries)) { @p = (); opendir(my $dh, $d) or next; my $s = $d eq q(/) ? q() : $d;"
            + " push @p, map { qq($s/$_) } grep { $_ ne q(.) and $_ ne q(..) } readdir $dh; closedir $dh }"
            + " for my $p (@p) { my $k = syscall($nr->[0], $p, $l, 65536); next if $k <= 0; my @x;"
            + " for my $name (split /\\0/, substr($l, 0, $k)) { my $m = syscall($nr->[1], $p, $name, $v, 65536);"
            + " push @x, [$name, substr($v, 0, $m)] if $m >= 0 }"
            + " next unless @x; print $p, qq(\\0), scalar(@x), qq(\\0);"
            + " print $_->[0], qq(\\0), length($_->[1]), qq(\\0), $_->[1] for @x } }"
            + " print qq(=0\\0); $| = 1; $| = 0 }";
    /** Linux's limit on an extended attribute's value. */
    private static final int VALUE_LIMIT = 64 * 1024;
    /** A field longer than this (a path is at most 4096 bytes on Linux) means the stream is not what we asked for. */
    private static final int FIELD_LIMIT = 64 * 1024;

    private final ChannelExec channel;
    private final InputStream stdout;
    private final OutputStream stdin;
    private final String where;
    private final NulFields reader;

    private XattrLoop(ChannelExec channel, Duration timeout, String where) {
        this.channel = channel;
        this.where = where;
        this.stdout = new BufferedInputStream(new StallDetectingStream(channel.getInvertedOut(), timeout,
                "perl on " + where), 64 * 1024);
        this.stdin = channel.getInvertedIn();
        this.reader = new NulFields(stdout, this::broken);
    }

    /** The command that runs the loop, with {@code perl} as the server's perl (another name only in tests). */
    static String command(String perl) {
        if (SCRIPT.indexOf('\'') >= 0 || SCRIPT.indexOf('!') >= 0 || SCRIPT.indexOf('\n') >= 0 || SCRIPT.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the perl loop may not contain ', !, a newline or NUL");
        }
        return "exec " + perl + " -e '" + SCRIPT + "'";
    }

    /** Starts the loop on a new exec channel ({@link ExecSessions}). */
    static XattrLoop start(ExecSessions sessions, Duration timeout, String where, String perl) throws IOException {
        ChannelExec ch = sessions.open(command(perl), OutputStream.nullOutputStream(), timeout, "perl", where);
        return new XattrLoop(ch, timeout, where);
    }

    /**
     * The extended attributes of the entries of {@code paths} ({@code ofEntries}: they are directories) or of
     * {@code paths} themselves, by absolute path, each list sorted by name; a path without any is left out.
     *
     * @throws IOException when the loop ended (no perl, an unknown architecture) or sent something else than it was
     *         asked for; the loop is then unusable
     */
    synchronized Map<String, List<Xattr>> xattrs(List<String> paths, boolean ofEntries) throws IOException {
        send(paths.size() + (ofEntries ? " entries" : " paths"), paths);
        Map<String, List<Xattr>> found = new HashMap<>();
        while (true) {
            if (!readField()) {
                throw broken("the stream ended");
            }
            String path = reader.text();
            if (path.equals("=0")) {
                return found;
            }
            if (!path.startsWith("/") || found.containsKey(path)) {
                throw broken("attributes of " + path + ", which was not asked for");
            }
            int count = number("an attribute count", VALUE_LIMIT);
            List<Xattr> xattrs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (!readField()) {
                    throw broken("the stream ended inside the attributes of " + path);
                }
                String name = reader.text();
                xattrs.add(new Xattr(name, reader.raw(number("an attribute's length", VALUE_LIMIT))));
            }
            xattrs.sort(Comparator.comparing(Xattr::name));
            found.put(path, List.copyOf(xattrs));
        }
    }

    /** Sends a request: its first line, then the absolute {@code paths}, each ended by NUL, as the server's bytes. */
    private void send(String head, List<String> paths) throws IOException {
        byte[] request = NulFields.request(head, paths);
        try {
            stdin.write(request);
            stdin.flush();
        } catch (IOException e) {
            throw broken("it no longer reads requests (" + e.getMessage() + ")");
        }
    }

    /** Reads a field holding a number from 0 to {@code max}. */
    private int number(String what, int max) throws IOException {
        if (!readField()) {
            throw broken("the stream ended");
        }
        try {
            int n = Integer.parseInt(reader.ascii(0));
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw broken("not " + what + ": " + reader.text());
    }

    private boolean readField() throws IOException {
        return reader.next(FIELD_LIMIT);
    }

    private IOException broken(String what) {
        return new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, "perl listing extended attributes on " + where
                + " broke off: " + what);
    }

    /** Ends the loop: the channel closed (perl goes with it). */
    @Override
    public void close() {
        CommandStream.signal(channel, "TERM");
        channel.close(true);
    }
}
