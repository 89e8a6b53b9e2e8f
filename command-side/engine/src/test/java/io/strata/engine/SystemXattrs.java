package io.strata.engine;

import io.strata.engine.metadata.Xattr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extended attributes set and read by Debian's {@code setfattr} and {@code getfattr} (package {@code attr}), a view
 * independent of the engine's own calls: every namespace, never following a symlink.
 */
public final class SystemXattrs {
    /**
     * A POSIX ACL as Linux keeps it in {@code system.posix_acl_access} or {@code _default}: version 2, then (tag,
     * permissions, id) entries in order: owner rw-, user 1000 r--, group r--, mask r--, other ---.
     */
    public static final byte[] POSIX_ACL = HexFormat.of().parseHex("02000000" + "01000600ffffffff" + "02000400e8030000"
            + "04000400ffffffff" + "10000400ffffffff" + "20000000ffffffff");

    private SystemXattrs() {
    }

    public static void set(Path p, String name, byte[] value) throws IOException {
        run("setfattr", "-h", "-n", name, "-v", "0x" + HexFormat.of().formatHex(value), p.toString());
    }

    /** Every attribute of every entry under {@code root} (root itself as ""), by relative path, then name; hex values. */
    public static Map<String, Map<String, String>> dump(Path root) throws IOException {
        String out = run("getfattr", "-R", "-P", "-h", "-d", "-m", "-", "-e", "hex", "--absolute-names", root.toString());
        Map<String, Map<String, String>> all = new TreeMap<>();
        Map<String, String> current = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("# file: ")) {
                current = all.computeIfAbsent(root.relativize(Path.of(line.substring(8))).toString(), k -> new TreeMap<>());
            } else if (!line.isBlank() && current != null) {
                int eq = line.indexOf('=');
                current.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 3)); // after "=0x"
            }
        }
        return all;
    }

    /** Extended attributes as {@link #dump} gives them for one entry. */
    public static Map<String, String> hex(List<Xattr> xattrs) {
        Map<String, String> out = new TreeMap<>();
        xattrs.forEach(x -> out.put(x.name(), HexFormat.of().formatHex(x.value())));
        return out;
    }

    /** Whether the tests run as root, who alone may set {@code trusted.*}. */
    public static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command[0] + " is needed by this test: apt-get install -y attr", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
