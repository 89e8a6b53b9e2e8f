package io.strata.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.command.datadir.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths of a LOCAL server on a real file system, with symbolic links planted in and around its directory. */
class LocalServerPathsTest {
    @TempDir
    Path tmp;
    Path allowed;
    Path server;
    Path outside;
    LocalServerPaths paths;

    @BeforeEach
    void layout() throws IOException {
        allowed = Files.createDirectories(tmp.resolve("allowed"));
        server = Files.createDirectories(allowed.resolve("server"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(server.resolve("real/dir"));
        Files.createSymbolicLink(server.resolve("escape"), outside);
        Files.createSymbolicLink(server.resolve("inner"), server.resolve("real"));
        Files.createSymbolicLink(server.resolve("dangling"), tmp.resolve("nowhere/at/all"));
        paths = new LocalServerPaths(new ServerProperties(List.of(allowed), Duration.ofHours(1)),
                new DataDirectory(tmp.resolve("data")));
    }

    private String in(String relative) {
        return server.resolve(relative).toString();
    }

    @Test
    void pathsInsideTheDirectoryPassEvenThroughLinksThatStayInside() {
        assertThat(paths.outside(server.toString(), List.of(server.toString(), in("real/dir"), in("real/new/file"),
                in("inner/dir")), false)).isEmpty();
        assertThat(paths.outside(server.toString(), List.of(in("real/dir/not-yet")), true)).isEmpty();
    }

    @Test
    void aLinkOutOfTheDirectoryIsRefusedOnTheWayButBackedUpAsItselfAtTheEnd() {
        assertThat(paths.outside(server.toString(), List.of(in("escape/secret")), true))
                .hasValueSatisfying(why -> assertThat(why).contains("escape/secret", "symbolic link", outside.toString()));
        assertThat(paths.outside(server.toString(), List.of(in("escape")), true)).as("recorded as a link").isEmpty();
        assertThat(paths.outside(server.toString(), List.of(in("escape")), false)).as("written through").isPresent();
        assertThat(paths.outside(server.toString(), List.of(in("escape/new/dir")), false)).isPresent();
    }

    @Test
    void aNodeWithoutRootsAdmitsNothingAndSaysWhy() {
        LocalServerPaths unconfigured = new LocalServerPaths(new ServerProperties(List.of(), Duration.ofHours(1)),
                new DataDirectory(tmp.resolve("data")));
        assertThat(unconfigured.outside(server.toString(), List.of(in("real/dir")), true))
                .hasValueSatisfying(why -> assertThat(why).contains("STRATA_SERVERS_LOCAL_ROOTS"));
    }

    @Test
    void aServerDirectoryHoldingThePlatformsDataDirectoryAdmitsNothing() {
        LocalServerPaths holding = new LocalServerPaths(new ServerProperties(List.of(allowed), Duration.ofHours(1)),
                new DataDirectory(server.resolve("real/strata-data")));
        assertThat(holding.outside(server.toString(), List.of(in("real/dir")), true))
                .hasValueSatisfying(why -> assertThat(why).contains("data directory"));
        assertThat(holding.outside(in("real/dir"), List.of(in("real/dir")), true)).as("a directory beside it").isEmpty();
    }

    @Test
    void aDanglingLinkOnTheWayIsRefused() {
        assertThat(paths.outside(server.toString(), List.of(in("dangling/x")), false))
                .hasValueSatisfying(why -> assertThat(why).contains("cannot be resolved"));
    }

    @Test
    void aServerDirectoryThatNowLeadsOutsideTheAllowedRootsAdmitsNothing() throws IOException {
        Path moved = Files.move(server, tmp.resolve("moved"));
        Files.createSymbolicLink(server, moved); // the registered path now leads outside every allowed root
        assertThat(paths.outside(server.toString(), List.of(in("real/dir")), true))
                .hasValueSatisfying(why -> assertThat(why).contains("outside the directories the operator allows"));
        Files.delete(server);
        assertThat(paths.outside(server.toString(), List.of(in("real/dir")), true))
                .as("a backup of a missing directory reports its paths missing").isEmpty();
        assertThat(paths.outside(server.toString(), List.of(in("real/dir")), false))
                .hasValueSatisfying(why -> assertThat(why).contains("does not exist"));
    }
}
