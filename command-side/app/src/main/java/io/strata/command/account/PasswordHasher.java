package io.strata.command.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes (PHC string format, salt and parameters inside). {@link #verifyAgainstNothing}
 * spends the same work as a real verification, so a login for an unknown email takes as long as a wrong
 * password.
 */
public final class PasswordHasher {

    private final Argon2PasswordEncoder encoder;
    private final String decoy;

    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.encoder = new Argon2PasswordEncoder(16, 32, parallelism, memoryKib, iterations);
        this.decoy = encoder.encode("decoy password, never a real account's");
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean verify(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Does the work of one verification and answers false: the path for an email no account has. */
    public boolean verifyAgainstNothing(String password) {
        encoder.matches(password, decoy);
        return false;
    }
}
