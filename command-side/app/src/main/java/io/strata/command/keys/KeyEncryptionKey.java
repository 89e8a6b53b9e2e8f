package io.strata.command.keys;

import io.strata.command.datadir.DataDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The platform key-encryption key, and sealing with it. A sealed value is
 * {@code version(1) || nonce(12) || AES-256-GCM(plaintext, aad = purpose)}; {@link #open} refuses a value
 * sealed for another purpose, altered, or sealed under another KEK.
 */
@Component
@EnableConfigurationProperties({KeyProperties.class, DataDirectory.class})
public class KeyEncryptionKey {

    private static final byte FORMAT_VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public KeyEncryptionKey(KeyProperties properties, DataDirectory dataDirectory) {
        this.key = new SecretKeySpec(load(properties, dataDirectory), "AES");
    }

    /** Seals {@code plaintext} for {@code purpose} (for example {@code "ssh-key:<tenantId>"}). */
    public byte[] seal(byte[] plaintext, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT_VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Opens a value sealed for {@code purpose}; fails if it was altered, or sealed for anything else. */
    public byte[] open(byte[] sealed, String purpose) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_VERSION) {
            throw new SealedValueException("A sealed value has an unknown format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedValueException("A sealed value does not open under this platform's key-encryption key"
                    + " (altered, sealed for another purpose, or under another KEK)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * A 32-byte key derived from the KEK for one purpose (HKDF-SHA256 with the purpose as info), for keys the
     * engine wraps itself, such as a tenant's repository keys. The same purpose always gives the same key.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(key.getEncoded());
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static byte[] load(KeyProperties properties, DataDirectory dataDirectory) {
        if (properties.kek() != null && !properties.kek().isBlank()) {
            return decode(properties.kek().trim(), "STRATA_KEYS_KEK");
        }
        Path file = dataDirectory.resolve("keys").resolve("platform.kek");
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key-encryption key at " + file, e);
        }
    }

    /** Writes a new KEK to a private temporary file, then links it into place, never replacing one. */
    private static void generate(Path file) throws IOException {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        Path temporary = Files.createTempFile(file.getParent(), "platform.kek.", ".tmp");
        try {
            if (temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(kek) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            // another node sharing the directory created it first: use theirs
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] kek;
        try {
            kek = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The key-encryption key in " + source + " is not base64");
        }
        if (kek.length != 32) {
            throw new IllegalStateException("The key-encryption key in " + source + " must be 32 bytes, not " + kek.length);
        }
        return kek;
    }
}
