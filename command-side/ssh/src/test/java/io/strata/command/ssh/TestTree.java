package io.strata.command.ssh;

import io.strata.engine.SystemXattrs;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** A tree with every kind of entry SFTP can show, on the local disk the test servers serve. */
final class TestTree {
    /** OpenSSH's largest READ: sizes around it exercise the read pipeline's edges. */
    static final int R = 255 * 1024;

    private TestTree() {
    }

    /** A small file owned by {@code uid} and {@code gid} (the tests run as root). */
    static void writeOwned(Path file, int uid, int gid) throws IOException {
        Files.writeString(file, "x\n");
        Files.setAttribute(file, "unix:uid", uid);
        Files.setAttribute(file, "unix:gid", gid);
    }

    static void build(Path root) throws IOException {
        Random rnd = new Random(42);
        Files.createDirectories(root);
        Files.write(root.resolve("empty"), new byte[0]);
        Files.writeString(root.resolve("small.txt"), "hello, strata\n");
        for (int size : new int[] {1, R - 1, R, R + 1, 2 * R, 3 * R + 17}) {
            Files.write(root.resolve("sized-" + size), random(rnd, size));
        }
        Files.write(root.resolve("big.bin"), random(rnd, 20 * 1024 * 1024 + 3));
        Files.write(root.resolve("zeros.bin"), new byte[3 * 1024 * 1024]);
        Files.writeString(root.resolve("name with spaces.txt"), "spaces\n");
        Files.writeString(root.resolve("ünïcödé-名前.txt"), "unicode\n");
        Files.writeString(root.resolve("x".repeat(200)), "long name\n");

        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < 450; i++) {
            Files.writeString(many.resolve(String.format("f%04d", i)), "file " + i + "\n");
        }
        Path deep = root;
        for (int i = 0; i < 12; i++) {
            deep = Files.createDirectories(deep.resolve("d" + i));
        }
        Files.writeString(deep.resolve("leaf"), "deep\n");

        Path links = Files.createDirectories(root.resolve("links"));
        Files.createSymbolicLink(links.resolve("relative"), Path.of("../small.txt"));
        Files.createSymbolicLink(links.resolve("absolute"), root.resolve("small.txt").toAbsolutePath());
        Files.createSymbolicLink(links.resolve("dangling"), Path.of("does/not/exist"));
        Files.createSymbolicLink(links.resolve("to-dir"), Path.of("../many"));
        Files.createLink(links.resolve("hard-a"), root.resolve("small.txt"));

        Path modes = Files.createDirectories(root.resolve("modes"));
        Files.writeString(modes.resolve("setuid"), "#!/bin/sh\n");
        Files.setAttribute(modes.resolve("setuid"), "unix:mode", 04755);
        Files.writeString(modes.resolve("setgid"), "x\n");
        Files.setAttribute(modes.resolve("setgid"), "unix:mode", 02750);
        Path sticky = Files.createDirectories(modes.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Files.writeString(modes.resolve("none"), "unreadable to all but root\n");
        Files.setAttribute(modes.resolve("none"), "unix:mode", 0);
        writeOwned(modes.resolve("owned-nobody"), 65534, 65534);
        writeOwned(modes.resolve("owned-numeric"), 4242, 4343); // ids without names

        Path special = Files.createDirectories(root.resolve("special"));
        run("mkfifo", "-m", "0640", special.resolve("fifo").toString());
        run("mknod", "-m", "0600", special.resolve("null-device").toString(), "c", "1", "3");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(special.resolve("socket")));
        }

        // extended attributes, which SFTP cannot carry: user.* on a file and a directory (values of any bytes), and
        // trusted.* (root only, as the tests run), on a symlink too
        Path xattrs = Files.createDirectories(root.resolve("xattrs"));
        Files.writeString(xattrs.resolve("file"), "with attributes\n");
        SystemXattrs.set(xattrs.resolve("file"), "user.comment", "backed up over ssh".getBytes(StandardCharsets.UTF_8));
        SystemXattrs.set(xattrs.resolve("file"), "user.binary", new byte[] {0, 1, (byte) 0xff, 0, '\n'});
        SystemXattrs.set(xattrs.resolve("file"), "user.empty", new byte[0]);
        SystemXattrs.set(xattrs.resolve("file"), "trusted.strata", "root only".getBytes(StandardCharsets.UTF_8));
        Path withXattrs = Files.createDirectories(xattrs.resolve("dir"));
        SystemXattrs.set(withXattrs, "user.dir", "a directory's".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(xattrs.resolve("link"), Path.of("file"));
        SystemXattrs.set(xattrs.resolve("link"), "trusted.link", "a link's own".getBytes(StandardCharsets.UTF_8));
        SystemXattrs.set(root, "user.root", "the backup's root".getBytes(StandardCharsets.UTF_8));

        // times with nanoseconds (SFTP v3 carries whole seconds), atime before mtime
        Files.setLastModifiedTime(root.resolve("small.txt"), FileTime.from(1_600_000_000_123_456_789L, TimeUnit.NANOSECONDS));
        Files.setAttribute(root.resolve("small.txt"), "lastAccessTime",
                FileTime.from(1_500_000_000_987_654_321L, TimeUnit.NANOSECONDS));
        Files.setLastModifiedTime(deep, FileTime.from(1_234_567_890, TimeUnit.SECONDS));
    }

    static byte[] random(Random rnd, int size) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        return b;
    }

    static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** What {@code stat} says about a path (not following symlinks). */
    record Stat(String type, int mode, int uid, int gid, String user, String group, long size, long mtime, long atime,
            String target, long mtimeNanos, long atimeNanos, long ctimeNanos, long inode, long device, int links) {
    }

    static Stat stat(Path p) throws IOException {
        // readlink first: it updates the link's atime, which stat is to report as seen before
        String target = Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString() : null;
        Process proc = new ProcessBuilder("stat", "--printf", "%F\\n%a\\n%u\\n%g\\n%U\\n%G\\n%s\\n%Y\\n%X\\n%.9Y\\n%.9X\\n%.9Z\\n%i\\n%d\\n%h\\n", p.toString())
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (proc.waitFor() != 0) {
                throw new IOException("stat " + p + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String[] f = out.split("\n");
        return new Stat(f[0], Integer.parseInt(f[1], 8), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                "UNKNOWN".equals(f[4]) ? null : f[4], "UNKNOWN".equals(f[5]) ? null : f[5], Long.parseLong(f[6]),
                Long.parseLong(f[7]), Long.parseLong(f[8]), target, nanos(f[9]), nanos(f[10]), nanos(f[11]),
                Long.parseUnsignedLong(f[12]), Long.parseUnsignedLong(f[13]), Integer.parseInt(f[14]));
    }

    private static long nanos(String secondsWithFraction) {
        return new java.math.BigDecimal(secondsWithFraction).movePointRight(9).longValueExact();
    }

    /** Every path under root (root excluded), parents before children. */
    static List<Path> walk(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.walk(root)) {
            s.filter(p -> !p.equals(root)).forEach(out::add);
        }
        return out;
    }

    static boolean isRegular(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }

}
