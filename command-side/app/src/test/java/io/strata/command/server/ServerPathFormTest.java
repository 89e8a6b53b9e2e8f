package io.strata.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Server paths are checked as text, with Linux's limits counted in bytes, whatever names this node's host allows. */
class ServerPathFormTest {

    @Test
    void acceptsAbsoluteNormalisedPathsWithinTheLimits() {
        assertThat(ServerPathForm.isValid("/")).isTrue();
        assertThat(ServerPathForm.isValid("/var/lib/postgresql")).isTrue();
        assertThat(ServerPathForm.isValid("/home/caf\u00e9/.config")).isTrue();
        assertThat(ServerPathForm.isValid("/srv/r\uDCE9sum\uDCE9")).as("Latin-1 bytes of an SSH server's name").isTrue();
        assertThat(ServerPathForm.isValid("/" + "n".repeat(255))).isTrue();
        assertThat(ServerPathForm.isValid(("/" + "n".repeat(255)).repeat(15) + "/" + "n".repeat(254))).as("4095 bytes").isTrue();
    }

    @Test
    void refusesWhatNoServerCouldHold() {
        for (String raw : new String[] {null, "", "relative/path", "/a//b", "/a/", "/a/./b", "/a/../b", "/..", "/a\0b",
                "/" + "n".repeat(256), "/" + "\u00e9".repeat(128), ("/" + "n".repeat(255)).repeat(16)}) {
            assertThat(ServerPathForm.isValid(raw)).as(String.valueOf(raw)).isFalse();
        }
    }

    @Test
    void aPathIsWithinItsDirectoryAndNothingBeside() {
        assertThat(ServerPathForm.isWithin("/srv/data", "/srv/data")).isTrue();
        assertThat(ServerPathForm.isWithin("/srv/data/x", "/srv/data")).isTrue();
        assertThat(ServerPathForm.isWithin("/srv/data/x", "/srv/data/")).isTrue();
        assertThat(ServerPathForm.isWithin("/srv/database", "/srv/data")).isFalse();
        assertThat(ServerPathForm.isWithin("/srv", "/srv/data")).isFalse();
        assertThat(ServerPathForm.isWithin("/anything", "/")).isTrue();
    }

    /** The tests' JVM opens sun.nio.fs, as the platform's does: names are bytes, whatever the locale. */
    @Test
    void everyPathSomeBytesStandForCanBeNamedWhereNamesAreBytes() {
        assertThat(io.strata.engine.metadata.FileNames.BYTES).isTrue();
        assertThat(ServerPathForm.nameableHere("/srv/plain")).isTrue();
        assertThat(ServerPathForm.nameableHere("/srv/r\u00e9sum\u00e9")).isTrue();
        assertThat(ServerPathForm.nameableHere("/srv/r\uDCE9sum\uDCE9")).isTrue();
        assertThat(ServerPathForm.nameableHere("/srv/lone\uD800")).isFalse();
    }
}
