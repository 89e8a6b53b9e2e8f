package io.strata.engine.restorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.SystemXattrs;
import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.metadata.FileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Describes a directory tree entry by entry (type, mode, owner, times, content hash, xattrs, links) for comparison. */
public final class TreeComparison {
    private TreeComparison() {
    }

    public static Map<String, String> describe(Path root) {
        Map<String, String> out = new TreeMap<>();
        Map<Object, String> firstByInode = new java.util.HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            Map<String, Map<String, String>> xattrs = SystemXattrs.dump(root); // every namespace
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = FileNames.text(root.relativize(p)); // a name's bytes exactly, UTF-8 or not
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,nlink,ino", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                StringBuilder d = new StringBuilder();
                d.append(String.format("mode=%o uid=%s gid=%s", mode, a.get("uid"), a.get("gid")));
                if (Files.isSymbolicLink(p)) {
                    d.append(" -> ").append(FileNames.text(Files.readSymbolicLink(p)));
                } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    d.append(" special mtime=").append(((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
                } else {
                    d.append(" mtime=").append(((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
                }
                xattrs.getOrDefault(rel, Map.of()).forEach((n, v) -> d.append(" xattr:").append(n).append('=').append(v));
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    d.append(" size=").append(a.get("size")).append(" sha=").append(Hex.encode(Sha256.hash(Files.readAllBytes(p))));
                    if ((Integer) a.get("nlink") > 1) {
                        String first = firstByInode.putIfAbsent(a.get("ino"), rel);
                        d.append(" link=").append(first == null ? rel : first);
                    }
                }
                out.put(rel, d.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Every path below {@code root} (as {@code ./name}) with a link's target ({@code " -> target"}), sorted, as find(1)
     * prints their bytes, each byte as one char: names exactly, with no Java string in between.
     */
    public static List<String> namesAndTargets(Path root) {
        return Arrays.stream(EngineFixtures.shell(root, "find . -printf '%p -> %l\\0'").split("\0"))
                .map(line -> line.endsWith(" -> ") ? line.substring(0, line.length() - 4) : line).sorted().toList();
    }

    public static void assertSameTree(Path expected, Path actual) {
        assertThat(describe(actual)).isEqualTo(describe(expected));
    }

    /** Allocated 512-byte blocks, from stat(1): java.nio does not expose st_blocks. */
    public static long allocatedBlocks(Path p) throws IOException, InterruptedException {
        Process proc = new ProcessBuilder("stat", "-c", "%b", p.toString()).start();
        String out = new String(proc.getInputStream().readAllBytes()).trim();
        proc.waitFor();
        return Long.parseLong(out);
    }
}
