package io.strata.command.ssh.testing;

import io.strata.command.ssh.ClientKey;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;

/** Client keys made the way the platform makes tenant keys: the JDK's Ed25519 generator, PKCS#8 DER. */
public final class TestKeys {
    private TestKeys() {
    }

    /** A fresh key's PKCS#8 DER bytes. */
    public static byte[] newEd25519Pkcs8() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ClientKey newClientKey() {
        return ClientKey.fromPkcs8(newEd25519Pkcs8());
    }
}
