package io.strata.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.snapshot.BackupLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's own parser: options, parameters, conversions and the usage, without running a command. */
class CommandLineParsingTest {
    private static final CommandSpec SPEC = CommandSpec.command("try", List.of("A command to parse against."),
            RepositoryAccess.with(
                    OptionSpec.value("--level", "level", "A level."),
                    OptionSpec.repeated("--tag", "tags", "Repeatable."),
                    OptionSpec.flag("--dry-run", "A flag.")),
            List.of(ParameterSpec.one("snapshot", "One."), ParameterSpec.optional("path", "Maybe one.")),
            (args, out) -> () -> 0);

    private static ParsedArgs parse(String... args) {
        return ParsedArgs.parse(SPEC, List.of(args));
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignOrAsTheNextArgumentAndRepeatableOnesCollectEvery() {
        ParsedArgs a = parse("--repo=/r", "--tag", "x", "s1", "--tag=y", "--dry-run", "--level", "FULL", "/p");
        assertThat(a.path("--repo")).isEqualTo(Path.of("/r"));
        assertThat(a.values("--tag")).containsExactly("x", "y");
        assertThat(a.flag("--dry-run")).isTrue();
        assertThat(a.flag("--json")).isFalse();
        assertThat(a.choice("--level", BackupLevel.class)).isEqualTo(BackupLevel.FULL);
        assertThat(a.parameter("snapshot")).isEqualTo("s1");
        assertThat(a.parameter("path")).isEqualTo("/p");
        assertThat(parse("--repo", "/r", "s1").parameter("path")).isNull();
        assertThat(parse("--repo", "/r", "--", "--s1").parameter("snapshot")).isEqualTo("--s1"); // after --, no options
        assertThat(parse("--repo", "/r", "--scrypt-n", "1024", "s").integer("--scrypt-n")).isEqualTo(1024); // hidden
    }

    @Test
    void whatTheSpecDoesNotAllowIsRefusedSayingWhat() {
        assertThatThrownBy(() -> parse("--repo", "/r", "--bogus", "s")).isInstanceOf(UsageException.class)
                .hasMessage("Unknown option: '--bogus'");
        assertThatThrownBy(() -> parse("--repo", "/r", "--repo", "/q", "s")).hasMessageContaining("only once");
        assertThatThrownBy(() -> parse("--repo", "/r", "--dry-run=yes", "s")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> parse("s", "--repo")).hasMessage("Missing value for option '--repo=<repo>'");
        assertThatThrownBy(() -> parse("s")).hasMessage("Missing required option: '--repo=<repo>'");
        assertThatThrownBy(() -> parse("--repo", "/r")).hasMessage("Missing required parameter: '<snapshot>'");
        assertThatThrownBy(() -> parse("--repo", "/r", "a", "b", "c")).hasMessage("Unmatched argument: 'c'");
        assertThatThrownBy(() -> parse("--repo", "/r", "--level", "full", "s").choice("--level", BackupLevel.class))
                .hasMessageContaining("expected one of [FULL, DIFFERENTIAL, INCREMENTAL] but was 'full'");
        assertThatThrownBy(() -> parse("--repo", "/r", "--scrypt-n", "many", "s").integer("--scrypt-n"))
                .hasMessageContaining("'many' is not a whole number");
    }

    @Test
    void aParameterOfAnyCountTakesWhatTheOthersLeave() {
        CommandSpec spec = CommandSpec.command("many", List.of("-"), List.of(),
                List.of(ParameterSpec.oneOrMore("paths", "Some."), ParameterSpec.one("last", "One.")), (a, o) -> () -> 0);
        ParsedArgs a = ParsedArgs.parse(spec, List.of("a", "b", "c"));
        assertThat(a.parameters("paths")).containsExactly("a", "b");
        assertThat(a.parameter("last")).isEqualTo("c");
        assertThatThrownBy(() -> ParsedArgs.parse(spec, List.of("a"))).hasMessage("Missing required parameter: '<paths>...'");
    }

    @Test
    void theUsageShowsEveryOptionAndParameterButTheHiddenOnes() {
        String usage = Usage.of("strata-engine try", SPEC);
        assertThat(usage).startsWith("Usage: strata-engine try [-hV] [--dry-run]")
                .contains("--repo=<repo>", "[--tag=<tags>]...", "<snapshot> [<path>]", "A command to parse against.",
                        "      --level=<level>", "  -h, --help", "Exit codes:", "  12  wrong password or key")
                .doesNotContain("--scrypt-n", "--no-fsync", "--compression-level");
        assertThat(usage.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @Test
    void helpAndVersionWinOverEverythingElseOnTheLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StrataCli.run(new String[] {"backup", "--bogus", "--help"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("Usage: strata-engine backup ");
        assertThat(err.toString()).isEmpty();
        StringWriter version = new StringWriter();
        assertThat(StrataCli.run(new String[] {"key", "-V"}, new PrintWriter(version), new PrintWriter(err)))
                .isEqualTo(ExitCodes.OK);
        assertThat(version.toString().strip()).isEqualTo(StrataCli.VERSION);
    }

    @Test
    void aMistypedCommandIsRefusedWithTheOnesItResembles() {
        assertThat(StrataCli.editDistance("snapshot", "snapshots")).isEqualTo(1);
        assertThat(StrataCli.editDistance("chekc", "check")).isEqualTo(2);
        StringWriter err = new StringWriter();
        int code = StrataCli.run(new String[] {"key", "lst"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'lst' is not a command", "Did you mean: strata-engine key list?");
    }
}
