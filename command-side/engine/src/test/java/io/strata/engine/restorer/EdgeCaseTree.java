package io.strata.engine.restorer;

import io.strata.engine.EngineFixtures;
import io.strata.engine.SystemXattrs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.concurrent.TimeUnit;

/** Builds a tree with every kind of entry and metadata the engine promises to keep. */
public final class EdgeCaseTree {
    /** Whether the file system took a user xattr (tmpfs and ext4 do; some do not). */
    public boolean xattrsSupported;

    public static EdgeCaseTree create(Path root) throws Exception {
        EdgeCaseTree t = new EdgeCaseTree();
        Files.createDirectories(root);
        EngineFixtures.write(root.resolve("plain.txt"), "hello\n".getBytes());
        EngineFixtures.write(root.resolve("name with spaces and ünïcødé ✓.txt"), "unicode".getBytes());
        EngineFixtures.write(root.resolve("x".repeat(255)), "long name".getBytes());
        // names that are not UTF-8 (Latin-1 bytes): a file, a directory and a file in it, a dangling link whose target
        // is not UTF-8 either, a FIFO
        EngineFixtures.writeNamesThatAreNotUtf8(root);
        EngineFixtures.shell(root, "mkfifo \"$(printf 'f\\351fo')\"");
        Path deep = root;
        for (int i = 0; i < 40; i++) {
            deep = deep.resolve("d" + i);
        }
        EngineFixtures.write(deep.resolve("bottom"), "deep".getBytes());
        Files.createFile(root.resolve("empty"));
        byte[] big = EngineFixtures.randomBytes(3 * 1024 * 1024 + 17, 7);
        EngineFixtures.write(root.resolve("big-random.bin"), big);
        EngineFixtures.write(root.resolve("copy/duplicate-of-big.bin"), big);
        byte[] inserted = new byte[big.length + 1];
        System.arraycopy(big, 0, inserted, 0, 1_500_000);
        inserted[1_500_000] = 7;
        System.arraycopy(big, 1_500_000, inserted, 1_500_001, big.length - 1_500_000);
        EngineFixtures.write(root.resolve("big-with-one-byte-inserted.bin"), inserted);
        EngineFixtures.write(root.resolve("big-zero.bin"), new byte[2 * 1024 * 1024]);
        try (FileChannel ch = FileChannel.open(root.resolve("sparse.img"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("start".getBytes()), 0);
            ch.write(ByteBuffer.wrap("middle".getBytes()), 16L * 1024 * 1024);
            ch.write(ByteBuffer.wrap("end".getBytes()), 40L * 1024 * 1024);
        }
        Files.createSymbolicLink(root.resolve("link-to-plain"), Path.of("plain.txt"));
        Files.createSymbolicLink(root.resolve("dangling-link"), Path.of("/nonexistent/target"));
        Files.createLink(root.resolve("hardlink-a"), root.resolve("plain.txt"));
        Files.createDirectories(root.resolve("links"));
        Files.createLink(root.resolve("links/hardlink-b"), root.resolve("plain.txt"));
        Path suid = EngineFixtures.write(root.resolve("modes/setuid"), "x".getBytes());
        Files.setAttribute(suid, "unix:mode", 04755);
        Path sgid = EngineFixtures.write(root.resolve("modes/setgid"), "y".getBytes());
        Files.setAttribute(sgid, "unix:mode", 02750);
        for (int mode : new int[] {0640, 0444, 0604}) { // created narrower than they end, then chmod-ed
            Files.setAttribute(EngineFixtures.write(root.resolve("permissions/" + Integer.toOctalString(mode)),
                    "m".getBytes()), "unix:mode", mode);
        }
        Path sticky = root.resolve("modes/sticky-dir");
        Files.createDirectories(sticky);
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path owned = EngineFixtures.write(root.resolve("modes/owned-by-1234"), "z".getBytes());
        try {
            Files.setAttribute(owned, "unix:uid", 1234);
            Files.setAttribute(owned, "unix:gid", 4321);
        } catch (FileSystemException notRoot) {
            // not running as root: ownership stays ours, still compared
        }
        Path readOnlyDir = root.resolve("read-only-dir");
        EngineFixtures.write(readOnlyDir.resolve("inside"), "ro".getBytes());
        Path fifo = root.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Path xattr = EngineFixtures.write(root.resolve("with-xattrs"), "attrs".getBytes());
        try {
            UserDefinedFileAttributeView v = Files.getFileAttributeView(xattr, UserDefinedFileAttributeView.class);
            v.write("comment", ByteBuffer.wrap("kept by strata".getBytes()));
            v.write("binary", ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}));
            t.xattrsSupported = true;
        } catch (IOException | UnsupportedOperationException e) {
            t.xattrsSupported = false;
        }
        // namespaces beyond user.*, which java.nio cannot reach: POSIX ACLs (an access ACL giving uid 1000 read, and a
        // directory's default ACL), and trusted.* where the tests run as root
        Path aclFile = EngineFixtures.write(root.resolve("acl-file"), "acl".getBytes());
        SystemXattrs.set(aclFile, "system.posix_acl_access", SystemXattrs.POSIX_ACL);
        Path aclDir = Files.createDirectories(root.resolve("acl-dir"));
        SystemXattrs.set(aclDir, "system.posix_acl_default", SystemXattrs.POSIX_ACL);
        if (SystemXattrs.root()) { // on a symlink and a FIFO too (user.* is for files and directories only)
            SystemXattrs.set(xattr, "trusted.strata", "root's".getBytes());
            SystemXattrs.set(root.resolve("link-to-plain"), "trusted.link", "a link's own".getBytes());
            SystemXattrs.set(fifo, "trusted.fifo", new byte[] {0});
        }
        // nanosecond mtimes everywhere (set last: writing inside a directory changes its mtime)
        long ns = 1_600_000_000_123_456_789L;
        try (var s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(FileTime.from(ns, TimeUnit.NANOSECONDS), null, null);
                    ns += 1_000_000_007L;
                }
            }
        }
        Files.setAttribute(readOnlyDir, "unix:mode", 0555);
        return t;
    }
}
