package io.strata.engine.source;

import java.util.ArrayList;
import java.util.List;

/** Spelling of source paths: absolute, {@code /}-separated, no trailing slash except the root {@code /}. */
public final class SourcePaths {
    private SourcePaths() {
    }

    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** The directory holding {@code path} ({@code /} for {@code /a}, and for {@code /} itself). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** Normalizes {@code a//b/./c/} to {@code /a/b/c}; refuses {@code ..}. */
    public static String normalize(String path) {
        List<String> parts = components(path);
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    public static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw new IllegalArgumentException("'..' is not allowed in backup paths: " + path);
            }
            out.add(p);
        }
        return out;
    }
}
