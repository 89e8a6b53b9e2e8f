package io.strata.engine.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.checker.Checker;
import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.storage.local.LocalStorage;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed version-1 repository must stay readable by every future engine (see fixtures/README.md). */
class FormatV1FixtureTest {
    @TempDir
    Path dir;

    private Path copyFixture() throws Exception {
        Path from = Path.of(getClass().getResource("/fixtures/v1-repository/config").toURI()).getParent();
        Path to = dir.resolve("repo");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    private static String sha(Path p) throws Exception {
        return Hex.encode(Sha256.hash(Files.readAllBytes(p)));
    }

    @Test
    void opensWithItsPasswordAndItsKeyEncryptionKeyListsChecksAndRestoresBitExact() throws Exception {
        Path repoDir = copyFixture();
        byte[] kek = new byte[32];
        for (int i = 0; i < 32; i++) {
            kek[i] = (byte) i;
        }
        Repository viaKek = Repository.open(new LocalStorage(repoDir), new Credentials.KeyEncryptionKey(kek),
                RepositoryOptions.defaults());
        assertThat(viaKek.config().version()).isEqualTo(1);
        Repository repo = Repository.open(new LocalStorage(repoDir), Credentials.password("strata-fixture-v1"),
                RepositoryOptions.defaults());
        List<Repository.SnapshotEntry> snaps = repo.snapshots();
        assertThat(snaps).hasSize(1);
        assertThat(snaps.getFirst().snapshot().hostname()).isEqualTo("fixture-host");
        assertThat(snaps.getFirst().snapshot().paths()).containsExactly("/tmp/fx/data");
        assertThat(new Checker(repo).check(true).ok()).isTrue();

        Path target = dir.resolve("restored");
        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(snaps.getFirst().id()), new LocalOutput(target));
        assertThat(r.failed()).isEmpty();
        Path data = target.resolve("tmp/fx/data");
        assertThat(sha(data.resolve("hello.txt"))).isEqualTo("9d16e380b7c86e6fba6f716be7dc2f289267a799de6b84a0fb1948b6ddff7695");
        assertThat(sha(data.resolve("docs/random.bin"))).isEqualTo("efff47644a4494e0be421d1e8c384448b3cd70f9211515690fa46a73f5e0bfd1");
        assertThat(sha(data.resolve("docs/zeros.bin"))).isEqualTo("9192c25b734fcbadbe32dadc28089c60db0e39f90cc20ce2e5733f57261acc0c");
        assertThat(Files.readSymbolicLink(data.resolve("link"))).isEqualTo(Path.of("hello.txt"));
        assertThat((Integer) Files.getAttribute(data.resolve("hello.txt"), "unix:mode") & 07777).isEqualTo(04750);
        assertThat(((FileTime) Files.getAttribute(data.resolve("hello.txt"), "lastModifiedTime", LinkOption.NOFOLLOW_LINKS))
                .to(TimeUnit.NANOSECONDS)).isEqualTo(1_700_000_000_123_456_789L);
    }
}
