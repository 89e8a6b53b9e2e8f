package io.strata.command.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/** Exclude globs match text as the JDK's glob path matchers match paths, and names no Path can hold as well. */
class ExcludeGlobTest {
    private static final List<String> GLOBS = List.of("*.tmp", "**/node_modules", "/var/cache/**", "/var/*/log",
            "?.txt", "[abc]*", "[!abc]*", "[a-c]x", "[-a]b", "[a-]c", "[-]", "{foo,bar}.log", "/home/*/{.cache,tmp}/**",
            "a\\*b", "a\\\\b", "x[[]y", "file.(1)", "a+b", "c}d", "e,f", "**", "*", "/srv/**.bak", "[^x]z");
    private static final List<String> PATHS = List.of("/", "/a.tmp", "/dir/a.tmp", "a.tmp", "/x/node_modules",
            "/x/y/node_modules", "node_modules", "/var/cache", "/var/cache/apt/x", "/var/foo/log", "/var/a/b/log",
            "a.txt", "ab.txt", "apple", "zebra", "bx", "dx", "-b", "ab", "-c", "ac", "foo.log", "baz.log",
            "/home/u/.cache/x", "/home/u/tmp/y/z", "/home/u/other/x", "a*b", "axb", "a\\b", "x[y", "file.(1)",
            "a+b", "aab", "c}d", "e,f", "/srv/x.bak", "/srv/a/b.bak", "^z", "yz", "-", "caf\u00e9.tmp");

    @Test
    void matchesWhatTheJdksGlobMatches() {
        for (String glob : GLOBS) {
            PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            ExcludeGlob ours = ExcludeGlob.compile(glob);
            for (String path : PATHS) {
                assertThat(ours.matches(path)).as("%s against %s", glob, path).isEqualTo(jdk.matches(Path.of(path)));
            }
        }
    }

    @Test
    void refusesWhatTheJdkRefuses() {
        for (String glob : List.of("[abc", "{a,b", "{a,{b}}", "a\\", "[a/b]", "[z-a]", "[a-", "[-z-a]")) {
            assertThatThrownBy(() -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).as(glob)
                    .isInstanceOf(PatternSyntaxException.class);
            assertThatThrownBy(() -> ExcludeGlob.compile(glob)).as(glob).isInstanceOf(PatternSyntaxException.class);
        }
    }

    @Test
    void matchesNamesThatNoPathCanHold() {
        String notUtf8 = "/srv/data/r\uDCE9sum\uDCE9.tmp"; // Latin-1 bytes of a name listed over SSH
        assertThat(ExcludeGlob.compile("*.tmp").matches("r\uDCE9sum\uDCE9.tmp")).isTrue();
        assertThat(ExcludeGlob.compile("/srv/**").matches(notUtf8)).isTrue();
        assertThat(ExcludeGlob.compile("/srv/*/r?sum?.tmp").matches(notUtf8)).isTrue();
        assertThat(ExcludeGlob.compile("/srv/*").matches(notUtf8)).isFalse();
        assertThat(ExcludeGlob.compile("/srv/**").matches("/srv/a\nb/c")).as("a name with a newline").isTrue();
    }
}
