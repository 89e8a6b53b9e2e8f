package io.strata.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the JVM the CLI starts itself in (see {@link StrataCli#relaunchWithBoundedHeap}).
 *
 * <p>Its heap is bounded at {@value #HEAP}: the engine's live set is a few hundred MB (packs in flight,
 * index, buffers). A backup or check allocates pack-sized arrays fast enough that the collector soon uses
 * all of it, so a run touches every page of the heap once; with 4 KiB pages that is about 170,000 page
 * faults, a tenth of a check's CPU time on a virtual machine. Where the kernel gives transparent huge pages
 * on request ({@code madvise} mode, Debian's default) the child asks for them, which cuts the faults by
 * three quarters; in {@code always} mode the heap gets them anyway, and in {@code never} mode the option
 * would only print a warning, so it is left out.
 */
final class ChildJvm {
    static final String HEAP = "-Xmx768m";
    static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private ChildJvm() {
    }

    /** The kernel's transparent huge page setting, e.g. {@code always [madvise] never}, or empty when unknown. */
    static String transparentHugePages() {
        try {
            return Files.readString(THP_MODE).trim();
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    static List<String> command(String javaBin, Path jar, String transparentHugePages, String[] args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin, HEAP));
        if (transparentHugePages.contains("[madvise]")) {
            cmd.add(HUGE_PAGES);
        }
        cmd.addAll(List.of("-Dstrata.cli.child=1", "--enable-native-access=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED", "-cp", jar.toString(), StrataCli.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
