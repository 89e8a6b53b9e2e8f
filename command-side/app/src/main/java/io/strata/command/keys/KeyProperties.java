package io.strata.command.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the key-encryption key comes from ({@code strata.keys.*}).
 *
 * @param kek the KEK as base64 of 32 bytes (environment {@code STRATA_KEYS_KEK}), for deployments that keep
 *            it in a secret store; when empty, the KEK is read from {@code <data-dir>/keys/platform.kek},
 *            which is generated on first start
 */
@ConfigurationProperties("strata.keys")
public record KeyProperties(String kek) {

    @Override
    public String toString() {
        return "KeyProperties[kek=" + (kek == null || kek.isEmpty() ? "<from data directory>" : "<set>") + "]";
    }
}
