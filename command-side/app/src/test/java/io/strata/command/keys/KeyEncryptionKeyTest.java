package io.strata.command.keys;

import io.strata.command.datadir.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing under the KEK: round trips, refuses tampering and other purposes, keeps its key file private. */
class KeyEncryptionKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesAPrivateKeyFileOnceAndReusesIt() throws Exception {
        KeyEncryptionKey first = new KeyEncryptionKey(new KeyProperties(null), new DataDirectory(dataDir));
        Path file = dataDir.resolve("keys/platform.kek");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] sealed = first.seal("secret".getBytes(StandardCharsets.UTF_8), "purpose");

        KeyEncryptionKey again = new KeyEncryptionKey(new KeyProperties(""), new DataDirectory(dataDir));
        assertThat(new String(again.open(sealed, "purpose"), StandardCharsets.UTF_8)).isEqualTo("secret");
    }

    @Test
    void refusesTamperingAnotherPurposeAndAnotherKek() {
        KeyEncryptionKey kek = new KeyEncryptionKey(new KeyProperties(Base64.getEncoder().encodeToString(new byte[32])),
                new DataDirectory(dataDir));
        byte[] sealed = kek.seal(new byte[]{1, 2, 3}, "ssh-key:a");
        assertThat(kek.open(sealed, "ssh-key:a")).containsExactly(1, 2, 3);

        assertThatThrownBy(() -> kek.open(sealed, "ssh-key:b")).isInstanceOf(SealedValueException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> kek.open(altered, "ssh-key:a")).isInstanceOf(SealedValueException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        KeyEncryptionKey otherKek = new KeyEncryptionKey(new KeyProperties(Base64.getEncoder().encodeToString(other)),
                new DataDirectory(dataDir));
        assertThatThrownBy(() -> otherKek.open(sealed, "ssh-key:a")).isInstanceOf(SealedValueException.class);
        assertThatThrownBy(() -> new KeyEncryptionKey(new KeyProperties("c2hvcnQ="), new DataDirectory(dataDir)))
                .hasMessageContaining("32 bytes");
    }
}
