package io.strata.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments are the bytes they were given: a path whose name is not UTF-8 names its file, in any locale. */
class CommandLineArgsTest {
    @TempDir
    Path dir;

    @Test
    void eachArgumentIsTakenFromTheCommandLineAsTheStringStandingForItsBytes() {
        byte[] cmdline = "java\0-jar\0strata.jar\0ls\0/srv/caf\u00e9\0".getBytes(StandardCharsets.ISO_8859_1);
        String[] decoded = {"ls", "/srv/caf\uFFFD"}; // as the JVM decodes the Latin-1 byte in UTF-8
        assertThat(CommandLineArgs.fromCmdline(cmdline, decoded, StandardCharsets.UTF_8))
                .containsExactly("ls", "/srv/caf\uDCE9");
        // a command line that is not the one the arguments came from is not used
        assertThat(CommandLineArgs.fromCmdline(cmdline, new String[] {"ls", "/srv/other"}, StandardCharsets.UTF_8))
                .containsExactly("ls", "/srv/other");
        assertThat(CommandLineArgs.fromCmdline(cmdline, new String[] {"a", "b", "c", "d", "e", "f"}, StandardCharsets.UTF_8))
                .containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void aParentHandsItsChildTheArgumentsItsEncodingCannotCarry() {
        String[] given = {"backup", "", "/srv/caf\uDCE9", "/srv/r\u00e9sum\u00e9"};
        String hex = CommandLineArgs.toHex(given, StandardCharsets.UTF_8);
        assertThat(hex).isNotNull();
        String[] lossy = {"backup", "", "/srv/caf?", "/srv/r\u00e9sum\u00e9"};
        assertThat(CommandLineArgs.asGiven(lossy, true, Map.of(CommandLineArgs.ENV, hex))).containsExactly(given);
        assertThat(CommandLineArgs.asGiven(lossy, false, Map.of(CommandLineArgs.ENV, hex))).containsExactly(lossy);
        // what the encoding carries needs no hand-over: UTF-8 text, or ASCII in the C locale
        assertThat(CommandLineArgs.toHex(new String[] {"ls", "/srv/r\u00e9sum\u00e9"}, StandardCharsets.UTF_8)).isNull();
        assertThat(CommandLineArgs.toHex(new String[] {"ls", "/srv/r\u00e9sum\u00e9"}, StandardCharsets.US_ASCII)).isNotNull();
    }

    /**
     * The CLI, started by a shell with path arguments holding Latin-1 bytes, in the C locale: it backs up the
     * directory named so and restores the file named so, which a JVM decoding its arguments would not find.
     */
    @Test
    void pathArgumentsThatAreNotUtf8NameTheirFiles() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        EngineFixtures.writeNamesThatAreNotUtf8(tree); // d\351j\340/inside\377 among them
        Path repo = dir.resolve("repo");
        Path target = dir.resolve("target");
        String cli = ProcessHandle.current().info().command().orElseThrow() + " --add-opens java.base/sun.nio.fs=ALL-UNNAMED"
                + " -cp " + System.getProperty("java.class.path") + " " + StrataCli.class.getName();
        String env = "env -i PATH=/usr/bin:/bin STRATA_PASSWORD=pw STRATA_NO_RELAUNCH=1 ";
        EngineFixtures.shell(dir, env + cli + " init --repo " + repo + " --scrypt-n 1024");
        EngineFixtures.shell(dir, env + cli + " backup --repo " + repo + " \"$(printf '" + tree + "/d\\351j\\340')\"");
        EngineFixtures.shell(dir, env + cli + " restore --repo " + repo + " latest --target " + target
                + " --include \"$(printf '" + tree + "/d\\351j\\340/inside\\377')\"");

        Path restored = target.resolve(tree.toString().substring(1));
        assertThat(EngineFixtures.shell(restored, "find . -type f")).isEqualTo("./d\u00e9j\u00e0/inside\u00ff\n");
        assertThat(EngineFixtures.shell(restored, "cat \"$(printf 'd\\351j\\340/inside\\377')\"")).isEqualTo("in");
    }
}
