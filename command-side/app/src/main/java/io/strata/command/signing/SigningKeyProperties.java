package io.strata.command.signing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Token-signing keys ({@code strata.auth.signing.*}).
 *
 * @param rotationPeriod how long a generated key signs before a new one replaces it
 * @param privateKey     an Ed25519 private key in PKCS#8 PEM (environment {@code STRATA_AUTH_SIGNING_PRIVATE_KEY})
 *                       to sign with instead of generated keys; it is never stored, only its public half
 */
@ConfigurationProperties("strata.auth.signing")
public record SigningKeyProperties(@DefaultValue("30d") Duration rotationPeriod, String privateKey) {

    @Override
    public String toString() {
        return "SigningKeyProperties[rotationPeriod=" + rotationPeriod + ", privateKey="
                + (privateKey == null || privateKey.isBlank() ? "<generated>" : "<set>") + "]";
    }
}
