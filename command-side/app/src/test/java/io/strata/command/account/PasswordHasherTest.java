package io.strata.command.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Argon2id hashes: salted, verifiable, and the unknown-account path never verifies anything. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(19456, 2, 1);

    @Test
    void hashesAreArgon2idSaltedAndVerify() {
        String first = hasher.hash("Correct-Horse-42");
        String second = hasher.hash("Correct-Horse-42");
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(second);
        assertThat(hasher.verify("Correct-Horse-42", first)).isTrue();
        assertThat(hasher.verify("Correct-Horse-43", first)).isFalse();
        assertThat(hasher.verifyAgainstNothing("Correct-Horse-42")).isFalse();
    }
}
