package io.strata.command.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/** OpenSSH-style key fingerprints: {@code SHA256:} and the unpadded base64 of the SHA-256 of the key blob. */
public final class HostKeyFingerprints {
    private static final Pattern FORMAT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    private HostKeyFingerprints() {
    }

    /** Fingerprint of a public key as sent in SSH (its wire encoding). */
    public static String of(PublicKey key) {
        ByteArrayBuffer b = new ByteArrayBuffer();
        b.putRawPublicKey(key);
        return sha256(b.getCompactData());
    }

    static String sha256(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code s} is spelled like an OpenSSH SHA-256 fingerprint. */
    public static boolean isValid(String s) {
        return s != null && FORMAT.matcher(s).matches();
    }

    static String requireValid(String s) {
        if (!isValid(s)) {
            throw new IllegalArgumentException("not an OpenSSH SHA-256 fingerprint (expected SHA256: and 43 base64"
                    + " characters, as ssh-keygen -lf prints): '" + s + "'");
        }
        return s;
    }
}
