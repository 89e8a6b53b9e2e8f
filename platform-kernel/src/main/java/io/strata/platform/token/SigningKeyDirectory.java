package io.strata.platform.token;

import java.security.PublicKey;
import java.util.Optional;

/** Finds the public key that verifies tokens signed under a {@code kid}, while that key is still trusted. */
public interface SigningKeyDirectory {

    Optional<PublicKey> verificationKey(String kid);
}
