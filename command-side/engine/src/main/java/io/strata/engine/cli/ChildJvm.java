package io.strata.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *
 * <p>Its young generation is fixed at {@value #YOUNG_SIZE} ({@link #YOUNG}). G1 otherwise sizes it at up to 60% of the
 * heap, and every region it allocates into for the first time is a page the kernel must zero: an unchanged rescan of a
 * source tree (79,000 files), whose live set is the index and a few trees, touched 395 MB and spent 17% of its CPU in
 * the kernel's page clearing. With a small young generation the collector runs more often and reuses the same regions
 * (and frees large buffers sooner). Measured interleaved on a 2-core AMD EPYC (child JVM run directly, means of 4-6
 * runs): unchanged rescan 1.30 s to 1.01 s (peak RSS 395 to 297 MB), backup of the 6.12 tree after 6.1 4.25 to
 * 3.93 s, {@code check --read-data} 2.61 to 2.31 s; a first backup and a restore as fast as before (4.73 against
 * 4.70 s, 3.76 against 3.60 s); 32 MB and 64 MB did as well as 48.
 *
 * <p>Its JIT inlines less than HotSpot's defaults ({@link #INLINING}). A CLI run is short and keeps no compiled
 * code for the next one, so the C2 compiler's work is paid on every run: with the defaults it took 4.8-6.9 of
 * the 14-17 CPU-seconds of a first backup of a source tree (79,000 files), most of it in a few large
 * per-file and per-directory methods (the archiver's directory step, tree encoding, blob saving) whose
 * inlined callees it compiled again and again. Smaller inlining limits took its share to 3.1-3.7 CPU-seconds,
 * and every phase of the engine bench ran 3-10% faster (backup, rescan, restore), check as fast; the hot
 * loops spend their time in intrinsics and native code (SHA-256, AES-GCM, zstd), which inlining does not
 * change.
 *
 * <p>It compiles the JDK's AES-GCM bulk method early ({@link #EARLY_GCM}). AES-GCM runs on the processor's AES and
 * carry-less multiply instructions only from code the C2 compiler made: {@code GaloisCounterMode.implGCMCrypt}
 * calls the intrinsic stub once C2 has compiled it, and until then runs the Java fallback, about 40 MB/s here
 * against 4 GB/s. With the default thresholds that took about 1,000 calls, a thousand 64 KiB segments: the first
 * 64 MB of every run went through the fallback, about 1.5 CPU-seconds. With that one method's thresholds at 1% it
 * took about 80 (5 MB), at 0.1% about 20 (1.3 MB), with the same speed after. At 1%, a first backup of the Linux 6.1
 * tree (four interleaved runs each way) took 12.5 instead of 13.4 user CPU-seconds and 6.84-7.97 s instead of
 * 7.55-8.39 s; {@code check --read-data} 5.8 instead of 6.2 CPU-seconds. At 0.1% against 1% (a rescan decrypts only
 * the index and the trees, a few MB): eight interleaved rescans of 6.1, 1.76-2.51 s (median 2.17) and 3.67 user
 * CPU-seconds against 1.93-2.52 s (median 2.35) and 3.86; first backups alike (7.44-8.18 s against 7.71-8.58 s, four
 * each). Early compilation of the other two intrinsic callers ({@code GHASH.update}, {@code CounterMode.crypt}, for
 * inputs under 512 bytes) made rescans slower, so it is left out.
 *
 * <p>Its locale's character type is UTF-8 where the parent's is ASCII ({@link #environment}). The JVM converts file
 * names and its streams' text with the charset of {@code LC_CTYPE} and cannot be told otherwise
 * ({@code -Dsun.jnu.encoding} is ignored); in the C or POSIX locale (no {@code LANG}: cron jobs, many containers and
 * service managers) that is ASCII. File names and arguments no longer depend on it (the engine passes names as bytes,
 * {@link io.strata.engine.metadata.FileNames}, and takes arguments as given, {@link CommandLineArgs}); what the child
 * prints does. Like Python's coercion of the C locale (PEP 538), the child gets {@code C.UTF-8}, which differs from
 * C only in its character set. Other locales are left as they are.
 *
 * <p>It starts from the CLI's ahead-of-time cache where one lies beside the jar for this exact Java runtime
 * ({@link #aotOptions}): the engine's classes already loaded and linked, with the method profiles of a training
 * backup, so its JIT compiles the hot paths sooner. The build trains one ({@code aot/train.sh}); a JDK other than
 * the one it was built with finds none under its name and starts as before. Measured on the engine bench's machine
 * through {@code java -jar} (eight interleaved runs each): an unchanged rescan of the Linux 6.1 tree took 2.27-2.46 s
 * without (median 2.41), 2.00-2.58 s with (median 2.06), 4.0 against 3.6 CPU-seconds; a first backup of it ran as
 * fast either way, a restore of it took 8.0 against 7.1 CPU-seconds (three runs each). The JVM checks that the
 * cache matches the jar (path aside, its size and time) and silently ignores one that does not: its logging of
 * that is turned off, since it would go to standard output, where {@code --json} results go.
 * {@code STRATA_AOT_CACHE=train} writes the cache instead (from the run it is given), {@code STRATA_AOT_CACHE=require}
 * fails the start when the cache cannot be used; both only where the CLI starts a child.
 */
final class ChildJvm {
    static final String HEAP = "-Xmx768m";
    static final String YOUNG_SIZE = "48m";
    static final String YOUNG = "-Xmn" + YOUNG_SIZE;
    static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    /** Inlining limits (HotSpot's defaults: 35 bytes, 325 bytes for hot calls, callees up to 2,500 bytes of code). */
    static final List<String> INLINING = List.of("-XX:MaxInlineSize=20", "-XX:FreqInlineSize=70", "-XX:InlineSmallCode=700");
    /** The JDK class and method whose compilation puts AES-GCM on the processor's instructions. */
    static final String GCM_CLASS = "com.sun.crypto.provider.GaloisCounterMode";
    static final String GCM_BULK_METHOD = "implGCMCrypt";
    /**
     * Compiles {@code GaloisCounterMode.implGCMCrypt} after a thousandth of the usual calls; {@code quiet} keeps the JVM
     * from announcing the command on standard output.
     */
    static final List<String> EARLY_GCM = List.of("-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling," + GCM_CLASS + "::" + GCM_BULK_METHOD + ",0.001");
    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    /** The locale the child gets instead of C or POSIX: glibc 2.35 and later have it built in, older Debian and Red Hat ship it. */
    static final String UTF8_LOCALE = "C.UTF-8";
    /** Names the JVM gives its file name charset in the C or POSIX locale. */
    private static final Set<String> ASCII = Set.of("ANSI_X3.4-1968", "US-ASCII", "ASCII", "646");
    /** The first Java release that writes an AOT cache from one run ({@code -XX:AOTCacheOutput}, JEP 514). */
    static final int AOT_FROM_FEATURE = 25;
    /** Turns off the JVM's AOT logging, which reports a cache it cannot use on standard output. */
    static final String AOT_QUIET = "-Xlog:aot*=off";

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

    /**
     * Changes the child's environment so that its file name charset is UTF-8 when {@code fileNameCharset} (the
     * parent's {@code sun.jnu.encoding}) is ASCII: {@code LC_CTYPE} set to {@value #UTF8_LOCALE}, and {@code LC_ALL}
     * too when it is set (it overrides every category).
     */
    static void environment(Map<String, String> environment, String fileNameCharset) {
        if (fileNameCharset == null || !ASCII.contains(fileNameCharset)) {
            return;
        }
        environment.put("LC_CTYPE", UTF8_LOCALE);
        if (environment.containsKey("LC_ALL")) {
            environment.put("LC_ALL", UTF8_LOCALE);
        }
    }

    /**
     * The options that give the child the CLI's ahead-of-time cache: {@code jar}'s sibling named for {@code runtime}
     * (e.g. {@code strata-engine-25.0.3+9-LTS.aot}), used when it exists, none on a runtime older than 25 (whose
     * caches the build does not make). {@code request} is {@code STRATA_AOT_CACHE}: null to use it when present,
     * {@code train} to write it from this run, {@code require} to refuse to start without it.
     *
     * @throws CliException for another request, or one this runtime cannot carry out
     */
    static List<String> aotOptions(Path jar, Runtime.Version runtime, String request) {
        String name = jar.getFileName().toString();
        Path cache = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-" + runtime + ".aot");
        if (request == null || request.isEmpty()) {
            return runtime.feature() >= AOT_FROM_FEATURE && Files.isRegularFile(cache)
                    ? List.of("-XX:AOTCache=" + cache, AOT_QUIET) : List.of();
        }
        if (!request.equals("train") && !request.equals("require")) {
            throw new CliException(ExitCodes.USAGE, "STRATA_AOT_CACHE must be train or require, not " + request);
        }
        if (runtime.feature() < AOT_FROM_FEATURE) {
            throw new CliException(ExitCodes.USAGE,
                    "STRATA_AOT_CACHE needs Java " + AOT_FROM_FEATURE + " or later, this is " + runtime);
        }
        return request.equals("train") ? List.of("-XX:AOTCacheOutput=" + cache, AOT_QUIET)
                : List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on");
    }

    static List<String> command(String javaBin, Path jar, String transparentHugePages, List<String> aotOptions,
            String[] args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin, HEAP, YOUNG));
        if (transparentHugePages.contains("[madvise]")) {
            cmd.add(HUGE_PAGES);
        }
        cmd.addAll(INLINING);
        cmd.addAll(EARLY_GCM);
        cmd.addAll(aotOptions);
        cmd.addAll(List.of("-Dstrata.cli.child=1", "--enable-native-access=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED", "-cp", jar.toString(), StrataCli.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
