package io.strata.engine.repository;

import io.strata.engine.crypto.AuthenticationFailedException;
import io.strata.engine.crypto.KeyWrap;
import io.strata.engine.crypto.MasterKey;
import io.strata.engine.crypto.ScryptParameters;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * A key object: one wrap of the master key.
 *
 * <pre>
 * strata-key
 * version: 1
 * kind: password | kek
 * label: free text
 * created: 2026-01-01T00:00:00Z
 * kdf: scrypt            (password only)
 * scrypt-n: 65536        (password only)
 * scrypt-r: 8
 * scrypt-p: 2
 * salt: base64           (password only)
 * nonce: base64
 * wrapped: base64        (AES-256-GCM of the 32 master key bytes, additional data = kind)
 * </pre>
 */
final class KeyFile {
    static final String PASSWORD = "password";
    static final String KEK = "kek";

    private KeyFile() {
    }

    static byte[] create(MasterKey master, Credentials credentials, String label, Instant created, ScryptParameters scrypt,
            SecureRandom random) {
        byte[] nonce = KeyWrap.randomBytes(random, 12);
        TextFields.Builder b = new TextFields.Builder("strata-key").put("version", 1);
        Base64.Encoder enc = Base64.getEncoder();
        switch (credentials) {
            case Credentials.Password p -> {
                byte[] salt = KeyWrap.randomBytes(random, KeyWrap.SALT);
                byte[] wrapping = KeyWrap.scrypt(p.password(), salt, scrypt);
                b.put("kind", PASSWORD).put("label", label).put("created", created).put("kdf", "scrypt")
                        .put("scrypt-n", scrypt.n()).put("scrypt-r", scrypt.r()).put("scrypt-p", scrypt.p())
                        .put("salt", enc.encodeToString(salt)).put("nonce", enc.encodeToString(nonce))
                        .put("wrapped", enc.encodeToString(KeyWrap.wrap(master, wrapping, nonce, PASSWORD)));
            }
            case Credentials.KeyEncryptionKey k -> b.put("kind", KEK).put("label", label).put("created", created)
                    .put("nonce", enc.encodeToString(nonce))
                    .put("wrapped", enc.encodeToString(KeyWrap.wrap(master, k.key(), nonce, KEK)));
        }
        return b.bytes();
    }

    static KeyInfo info(String id, byte[] bytes) {
        TextFields f = TextFields.parse(bytes, "keys/" + id);
        Instant created;
        try {
            created = Instant.parse(f.get("created", "keys/" + id));
        } catch (java.time.format.DateTimeParseException e) {
            created = Instant.EPOCH;
        }
        return new KeyInfo(id, f.get("kind", "keys/" + id), f.getOrNull("label"), created);
    }

    /** Tries to unwrap; returns null when these credentials do not fit this key. */
    static MasterKey tryUnwrap(String id, byte[] bytes, Credentials credentials) {
        String what = "keys/" + id;
        TextFields f = TextFields.parse(bytes, what);
        if (!"strata-key".equals(f.kind())) {
            throw new CorruptObjectException(what, "not a key object");
        }
        Base64.Decoder dec = Base64.getDecoder();
        String kind = f.get("kind", what);
        try {
            byte[] nonce = dec.decode(f.get("nonce", what));
            byte[] wrapped = dec.decode(f.get("wrapped", what));
            switch (credentials) {
                case Credentials.Password p -> {
                    if (!PASSWORD.equals(kind)) {
                        return null;
                    }
                    ScryptParameters params = new ScryptParameters(f.getInt("scrypt-n", what), f.getInt("scrypt-r", what),
                            f.getInt("scrypt-p", what));
                    byte[] wrapping = KeyWrap.scrypt(p.password(), dec.decode(f.get("salt", what)), params);
                    return KeyWrap.unwrap(wrapped, wrapping, nonce, PASSWORD);
                }
                case Credentials.KeyEncryptionKey k -> {
                    if (!KEK.equals(kind)) {
                        return null;
                    }
                    return KeyWrap.unwrap(wrapped, k.key(), nonce, KEK);
                }
            }
        } catch (AuthenticationFailedException e) {
            return null;
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException(what, e.getMessage());
        }
    }
}
