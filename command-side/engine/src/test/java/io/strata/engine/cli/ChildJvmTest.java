package io.strata.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
    private static final Path JAR = Path.of("/opt/strata-engine.jar");

    @Test
    void asksForHugePagesOnlyWhereTheKernelGivesThemOnRequest() {
        assertThat(ChildJvm.command("java", JAR, "always [madvise] never", new String[0])).contains(ChildJvm.HUGE_PAGES);
        assertThat(ChildJvm.command("java", JAR, "[always] madvise never", new String[0]))
                .doesNotContain(ChildJvm.HUGE_PAGES);
        assertThat(ChildJvm.command("java", JAR, "always madvise [never]", new String[0]))
                .doesNotContain(ChildJvm.HUGE_PAGES);
        assertThat(ChildJvm.command("java", JAR, "", new String[0])).doesNotContain(ChildJvm.HUGE_PAGES);
    }

    @Test
    void boundsTheHeapAndPassesTheArgumentsAfterTheMainClass() {
        List<String> cmd = ChildJvm.command("/usr/bin/java", JAR, "always [madvise] never", new String[] {"check", "--read-data"});
        assertThat(cmd.getFirst()).isEqualTo("/usr/bin/java");
        assertThat(cmd).contains(ChildJvm.HEAP, "-Dstrata.cli.child=1", JAR.toString());
        assertThat(cmd.subList(0, cmd.indexOf(StrataCli.class.getName()))).containsAll(ChildJvm.INLINING);
        assertThat(cmd.subList(cmd.size() - 3, cmd.size()))
                .containsExactly(StrataCli.class.getName(), "check", "--read-data");
    }

    /** The child's options on this machine's kernel start a JVM that prints nothing but what the CLI prints. */
    @Test
    void theChildCommandRunsTheCliWithoutJvmWarnings() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Path classpath = Path.of(System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(ChildJvm.command(javaBin, classpath, ChildJvm.transparentHugePages(),
                new String[] {"--version"})).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                .isEqualTo("strata-engine 0.1.0");
        assertThat(p.exitValue()).isZero();
    }
}
