package io.strata.command.sshkey;

import io.strata.command.keys.Ed25519Keys;
import io.strata.command.keys.KeyEncryptionKey;
import io.strata.kernel.identity.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** Makes, keeps and reads tenants' SSH key pairs. Callers run {@link #generate} inside their transaction. */
@Component
public class TenantSshKeys {

    private static final String KEY_TYPE = "ssh-ed25519";
    private static final String PURPOSE = "ssh-key:";

    private final JdbcTemplate jdbc;
    private final KeyEncryptionKey kek;

    public TenantSshKeys(JdbcTemplate jdbc, KeyEncryptionKey kek) {
        this.jdbc = jdbc;
        this.kek = kek;
    }

    /** Generates the tenant's key pair and stores it; {@code comment} ends the public line. */
    public PublicSshKey generate(TenantId tenantId, String comment, Instant now) {
        KeyPair pair = Ed25519Keys.generate();
        byte[] blob = publicBlob(Ed25519Keys.raw(pair.getPublic()));
        PublicSshKey key = new PublicSshKey(KEY_TYPE + " " + Base64.getEncoder().encodeToString(blob) + " " + comment,
                "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(blob)));
        jdbc.update("insert into tenant_ssh_key (tenant_id, public_key, fingerprint, sealed_private_key, created_at)"
                        + " values (?, ?, ?, ?, ?)", tenantId.value(), key.openSshLine(), key.fingerprint(),
                kek.seal(pair.getPrivate().getEncoded(), PURPOSE + tenantId.value()), Timestamp.from(now));
        return key;
    }

    public Optional<PublicSshKey> publicKey(TenantId tenantId) {
        return jdbc.query("select public_key, fingerprint from tenant_ssh_key where tenant_id = ?",
                (rs, row) -> new PublicSshKey(rs.getString(1), rs.getString(2)), tenantId.value()).stream().findFirst();
    }

    /** The tenant's private key as PKCS#8 DER, for connecting to its servers. */
    public Optional<byte[]> privateKey(TenantId tenantId) {
        return jdbc.query("select sealed_private_key from tenant_ssh_key where tenant_id = ?",
                (rs, row) -> kek.open(rs.getBytes(1), PURPOSE + tenantId.value()), tenantId.value()).stream().findFirst();
    }

    /** The SSH wire encoding of an Ed25519 public key: string "ssh-ed25519", string key (RFC 8709). */
    private static byte[] publicBlob(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            byte[] type = KEY_TYPE.getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            out.writeInt(raw.length);
            out.write(raw);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A public key as an OpenSSH line, and its fingerprint as {@code ssh-keygen -l} prints it. */
    public record PublicSshKey(String openSshLine, String fingerprint) {
    }
}
