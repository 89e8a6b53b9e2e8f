package io.strata.command.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A tenant's SSH client key: an Ed25519 private key in PKCS#8 DER, as the JDK's
 * {@code KeyPairGenerator.getInstance("Ed25519")} encodes it ({@code getEncoded()}); the
 * version-2 form with the public key embedded is read too. The public key is derived from the
 * private one. {@link #toString()} never shows key material.
 *
 * <p>Apache MINA SSHD 2.20 signs Ed25519 only with Bouncy Castle or net.i2p eddsa keys, not the
 * JDK's, so the key is re-read through a private Bouncy Castle provider instance (no global
 * provider is registered).
 */
public final class ClientKey {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112"); // RFC 8410

    private final KeyPair keyPair;
    private final byte[] publicKey;

    private ClientKey(KeyPair keyPair, byte[] publicKey) {
        this.keyPair = keyPair;
        this.publicKey = publicKey;
    }

    /** Reads an Ed25519 private key from PKCS#8 DER; anything else raises {@link InvalidClientKeyException}. */
    public static ClientKey fromPkcs8(byte[] der) {
        if (der == null || der.length == 0) {
            throw new InvalidClientKeyException("no key bytes", null);
        }
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new InvalidClientKeyException("not a PKCS#8 DER private key (" + e.getMessage() + ")", e);
        }
        if (info == null) {
            throw new InvalidClientKeyException("not a PKCS#8 DER private key", null);
        }
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (!ED25519.equals(alg)) {
            throw new InvalidClientKeyException("expected an Ed25519 key (OID " + ED25519 + "), got algorithm OID " + alg,
                    null);
        }
        try {
            Ed25519PrivateKeyParameters params = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(info);
            byte[] pub = params.generatePublicKey().getEncoded();
            KeyFactory kf = KeyFactory.getInstance("Ed25519", BC);
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(der));
            PublicKey pk = kf.generatePublic(new X509EncodedKeySpec(
                    new SubjectPublicKeyInfo(new AlgorithmIdentifier(ED25519), pub).getEncoded()));
            return new ClientKey(new KeyPair(pk, priv), pub);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw new InvalidClientKeyException("unreadable Ed25519 private key (" + e.getMessage() + ")", e);
        }
    }

    /** The key pair in the form MINA SSHD signs with. */
    KeyPair keyPair() {
        return keyPair;
    }

    /** The public key as one {@code authorized_keys} line: {@code ssh-ed25519 AAAA… comment}. */
    public String openSshPublicKey(String comment) {
        String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(publicKeyBlob());
        return comment == null || comment.isBlank() ? line : line + " " + comment.strip();
    }

    /** OpenSSH fingerprint of the public key, {@code SHA256:…} as {@code ssh-keygen -lf} prints it. */
    public String fingerprint() {
        return HostKeyFingerprints.sha256(publicKeyBlob());
    }

    private byte[] publicKeyBlob() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(51);
        writeString(out, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
        writeString(out, publicKey);
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    @Override
    public String toString() {
        return "ClientKey[ed25519 " + fingerprint() + "]";
    }
}
