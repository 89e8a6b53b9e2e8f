package io.strata.engine.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wrapping of the master key: AES-256-GCM of the 32 key bytes under a 32-byte wrapping key, with
 * a random 96-bit nonce and the wrap's kind as additional data. The wrapping key is either
 * scrypt(password, salt) or the platform's raw key-encryption key.
 */
public final class KeyWrap {
    public static final int SALT = 32;

    private KeyWrap() {
    }

    public static byte[] scrypt(char[] password, byte[] salt, ScryptParameters params) {
        byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
        return Scrypt.derive(pw, salt, params.n(), params.r(), params.p(), 32);
    }

    public static byte[] wrap(MasterKey master, byte[] wrappingKey, byte[] nonce, String kind) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(checkKey(wrappingKey), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(kind.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(master.bytes());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM key wrap failed", e);
        }
    }

    public static MasterKey unwrap(byte[] wrapped, byte[] wrappingKey, byte[] nonce, String kind)
            throws AuthenticationFailedException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(checkKey(wrappingKey), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(kind.getBytes(StandardCharsets.UTF_8));
            return new MasterKey(c.doFinal(wrapped));
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException("key does not unwrap this master key");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new AuthenticationFailedException("key wrap is malformed: " + e.getMessage());
        }
    }

    public static byte[] randomBytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] checkKey(byte[] k) {
        if (k.length != 32) {
            throw new IllegalArgumentException("wrapping key must be 32 bytes, got " + k.length);
        }
        return k;
    }
}
