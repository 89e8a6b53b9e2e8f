package io.strata.engine.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The repository's 256-bit master key and the subkeys derived from it. The master key itself only
 * ever leaves memory wrapped (see {@link KeyWrap}); data is encrypted under the derived data key,
 * so adding or removing a wrap never touches data.
 */
public final class MasterKey {
    public static final int LENGTH = 32;
    private final byte[] key;
    private final SecretKey dataKey;
    private final byte[] configMacKey;
    private final byte[] chunkerSeed;

    public MasterKey(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("master key must be 32 bytes");
        }
        this.key = key.clone();
        byte[] salt = "strata repository v1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.dataKey = new SecretKeySpec(Hkdf.derive(key, salt, "data encryption", 32), "AES");
        this.configMacKey = Hkdf.derive(key, salt, "config authentication", 32);
        this.chunkerSeed = Hkdf.derive(key, salt, "chunker gear table", 32);
    }

    public static MasterKey generate(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        return new MasterKey(k);
    }

    byte[] bytes() {
        return key.clone();
    }

    public SecretKey dataKey() {
        return dataKey;
    }

    public byte[] configMac(byte[] configBody) {
        return Hkdf.hmac(configMacKey, configBody);
    }

    /** Secret seed of the content-defined chunker, so chunk boundaries do not fingerprint content. */
    public byte[] chunkerSeed() {
        return chunkerSeed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey m && java.security.MessageDigest.isEqual(m.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Sha256.hash(key));
    }
}
