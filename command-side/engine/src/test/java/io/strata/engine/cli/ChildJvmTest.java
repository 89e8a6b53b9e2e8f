package io.strata.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.EngineFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    private static final Path JAR = Path.of("/opt/strata-engine.jar");

    @Test
    void asksForHugePagesOnlyWhereTheKernelGivesThemOnRequest() {
        assertThat(ChildJvm.command("java", JAR, "always [madvise] never", List.of(), new String[0]))
                .contains(ChildJvm.HUGE_PAGES);
        assertThat(ChildJvm.command("java", JAR, "[always] madvise never", List.of(), new String[0]))
                .doesNotContain(ChildJvm.HUGE_PAGES);
        assertThat(ChildJvm.command("java", JAR, "always madvise [never]", List.of(), new String[0]))
                .doesNotContain(ChildJvm.HUGE_PAGES);
        assertThat(ChildJvm.command("java", JAR, "", List.of(), new String[0])).doesNotContain(ChildJvm.HUGE_PAGES);
    }

    @Test
    void boundsTheHeapAndItsYoungGenerationAndPassesTheArgumentsAfterTheMainClass() {
        List<String> cmd = ChildJvm.command("/usr/bin/java", JAR, "always [madvise] never",
                List.of("-XX:AOTCache=/opt/strata-engine-25.aot", ChildJvm.AOT_QUIET),
                new String[] {"check", "--read-data"});
        assertThat(cmd.getFirst()).isEqualTo("/usr/bin/java");
        assertThat(cmd).contains(ChildJvm.HEAP, ChildJvm.YOUNG, "-Dstrata.cli.child=1", JAR.toString());
        assertThat(cmd.subList(0, cmd.indexOf(StrataCli.class.getName()))).containsAll(ChildJvm.INLINING)
                .containsAll(ChildJvm.EARLY_GCM)
                .contains("-XX:AOTCache=/opt/strata-engine-25.aot", ChildJvm.AOT_QUIET);
        assertThat(cmd.subList(cmd.size() - 3, cmd.size()))
                .containsExactly(StrataCli.class.getName(), "check", "--read-data");
    }

    /** The method the child compiles early is in this runtime (a JVM ignores a pattern that matches nothing). */
    @Test
    void theAesGcmMethodCompiledEarlyExistsInThisRuntime() throws Exception {
        assertThat(java.util.Arrays.stream(Class.forName(ChildJvm.GCM_CLASS).getDeclaredMethods())
                .map(java.lang.reflect.Method::getName)).contains(ChildJvm.GCM_BULK_METHOD);
        assertThat(ChildJvm.EARLY_GCM).contains("-XX:CompileCommand=CompileThresholdScaling,"
                + "com.sun.crypto.provider.GaloisCounterMode::implGCMCrypt,0.001");
    }

    /** The child's options on this machine's kernel start a JVM that prints nothing but what the CLI prints. */
    @Test
    void theChildCommandRunsTheCliWithoutJvmWarnings() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Path classpath = Path.of(System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(ChildJvm.command(javaBin, classpath, ChildJvm.transparentHugePages(),
                List.of(), new String[] {"--version"})).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                .isEqualTo("strata-engine 0.1.0");
        assertThat(p.exitValue()).isZero();
    }

    /**
     * The cache beside the jar named for the exact runtime is used when it exists and silences the JVM's report of a
     * stale one; training writes it; requiring it makes the JVM refuse to start without it; other runtimes and other
     * requests get nothing or a clear error.
     */
    @Test
    void startsFromTheAheadOfTimeCacheBesideTheJarWhenThereIsOneForThisRuntime(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("strata-engine.jar");
        Runtime.Version v25 = Runtime.Version.parse("25.0.3+9-LTS");
        Path cache = dir.resolve("strata-engine-25.0.3+9-LTS.aot");
        assertThat(ChildJvm.aotOptions(jar, v25, null)).isEmpty();
        Files.writeString(cache, "cache");
        assertThat(ChildJvm.aotOptions(jar, v25, null)).containsExactly("-XX:AOTCache=" + cache, "-Xlog:aot*=off");
        assertThat(ChildJvm.aotOptions(jar, v25, "")).containsExactly("-XX:AOTCache=" + cache, "-Xlog:aot*=off");
        assertThat(ChildJvm.aotOptions(jar, Runtime.Version.parse("25.0.4+7-LTS"), null)).as("another build").isEmpty();
        Files.writeString(dir.resolve("strata-engine-21.0.9+10-LTS.aot"), "cache");
        assertThat(ChildJvm.aotOptions(jar, Runtime.Version.parse("21.0.9+10-LTS"), null)).as("older than 25")
                .isEmpty();

        assertThat(ChildJvm.aotOptions(jar, v25, "train"))
                .containsExactly("-XX:AOTCacheOutput=" + cache, "-Xlog:aot*=off");
        assertThat(ChildJvm.aotOptions(jar, v25, "require")).containsExactly("-XX:AOTCache=" + cache, "-XX:AOTMode=on");
        assertThatThrownBy(() -> ChildJvm.aotOptions(jar, v25, "yes")).isInstanceOf(CliException.class)
                .hasMessage("STRATA_AOT_CACHE must be train or require, not yes");
        assertThatThrownBy(() -> ChildJvm.aotOptions(jar, Runtime.Version.parse("21.0.9"), "train"))
                .isInstanceOf(CliException.class).hasMessage("STRATA_AOT_CACHE needs Java 25 or later, this is 21.0.9");
    }

    /**
     * A cache that does not match the jar (here: not a cache at all) costs nothing but its use: the child runs the CLI
     * and prints only what the CLI prints, as the JVM would otherwise report the mismatch on standard output.
     */
    @Test
    void aCacheTheJvmCannotUseIsIgnoredWithoutAWord(@TempDir Path dir) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Path classpath = Path.of(System.getProperty("java.class.path"));
        Path cache = Files.writeString(dir.resolve("stale.aot"), "not a cache");
        Process p = new ProcessBuilder(ChildJvm.command(javaBin, classpath, "",
                List.of("-XX:AOTCache=" + cache, ChildJvm.AOT_QUIET), new String[] {"--version"})).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("strata-engine 0.1.0\n");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void givesTheChildAUtf8CharacterTypeOnlyWhereTheParentsIsAscii() {
        Map<String, String> cLocale = new HashMap<>(Map.of("PATH", "/usr/bin"));
        ChildJvm.environment(cLocale, "ANSI_X3.4-1968");
        assertThat(cLocale).containsEntry("LC_CTYPE", "C.UTF-8").doesNotContainKey("LC_ALL").containsEntry("PATH", "/usr/bin");

        Map<String, String> forcedC = new HashMap<>(Map.of("LC_ALL", "C", "LANG", "de_DE.UTF-8"));
        ChildJvm.environment(forcedC, "ANSI_X3.4-1968");
        assertThat(forcedC).containsEntry("LC_ALL", "C.UTF-8").containsEntry("LC_CTYPE", "C.UTF-8");

        for (String charset : new String[] {"UTF-8", "ISO-8859-1", null}) {
            Map<String, String> env = new HashMap<>(Map.of("LANG", "de_DE.ISO-8859-1"));
            ChildJvm.environment(env, charset);
            assertThat(env).containsExactly(Map.entry("LANG", "de_DE.ISO-8859-1"));
        }
    }

    /**
     * A tree with a non-ASCII file name and one that is not UTF-8, backed up by a child JVM started in the C locale:
     * names go to the file system as bytes, so both are backed up under their names even without the UTF-8 character
     * type the parent gives its child (which what the child prints still needs). A JVM that
     * names files in its locale's charset cannot name either there.
     */
    @Test
    void aChildStartedFromTheCLocaleBacksUpEveryFileName(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectory(dir.resolve("tree"));
        EngineFixtures.writeNamedByBytes(tree, "caf\\303\\251.txt"); // this test's own JVM may run in the C locale too
        EngineFixtures.writeNamedByBytes(tree, "latin\\351.txt");
        String repo = dir.resolve("repo").toString();

        Map<String, String> cLocale = new HashMap<>(System.getenv());
        cLocale.keySet().removeIf(k -> k.equals("LANG") || k.equals("LANGUAGE") || k.startsWith("LC_"));
        cLocale.put("STRATA_PASSWORD", "correct horse");
        assertThat(child(cLocale, "init", "--repo", repo).exit).isZero();
        Run backup = child(cLocale, "backup", "--repo", repo, tree.toString());
        assertThat(backup.exit).as(backup.err).isZero();

        Map<String, String> coerced = new HashMap<>(cLocale);
        ChildJvm.environment(coerced, "ANSI_X3.4-1968");
        assertThat(coerced).containsEntry("LC_CTYPE", "C.UTF-8");
        Run ls = child(coerced, "ls", "--repo", repo, "latest");
        assertThat(ls.exit).as(ls.err).isZero();
        // Strings: this JVM may not be able to make them Paths; ls prints a byte that is not UTF-8 as ?
        assertThat(ls.out).contains(tree + "/caf\u00e9.txt", tree + "/latin?.txt");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run child(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Path classpath = Path.of(System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(javaBin, classpath, "", List.of(), args));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process p = builder.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
