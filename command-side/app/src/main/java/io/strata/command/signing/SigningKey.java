package io.strata.command.signing;

import java.security.PrivateKey;
import java.time.Instant;

/** The key that signs new access tokens now. */
public record SigningKey(String kid, PrivateKey privateKey, Instant activatedAt) {

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", activatedAt=" + activatedAt + "]";
    }
}
