package io.strata.engine.repository;

import io.strata.engine.chunker.ChunkerParameters;
import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The {@code config} object. Plaintext so any version of the engine can read the version number
 * before it has a key; authenticated by an HMAC under the master key, checked after unlocking.
 *
 * <pre>
 * strata-repository
 * version: 1
 * id: &lt;64 hex&gt;
 * hash: SHA-256
 * cipher: AES-256-GCM/64KiB-segments
 * compression: zstd
 * compression-level: 3
 * chunker: FastCDC-gear/normalized-2
 * chunker-min: 524288
 * chunker-avg: 1048576
 * chunker-max: 8388608
 * pack-target: 16777216
 * mac: &lt;64 hex HMAC-SHA256 of every line above&gt;
 * </pre>
 */
public record RepositoryConfig(int version, String id, ChunkerParameters chunker, int compressionLevel, int packTarget) {
    public static final int VERSION = 1;
    static final String HASH = "SHA-256";
    static final String CIPHER = "AES-256-GCM/64KiB-segments";
    static final String COMPRESSION = "zstd";
    static final String CHUNKER = "FastCDC-gear/normalized-2";

    byte[] encode(MasterKey key) {
        String body = new TextFields.Builder("strata-repository")
                .put("version", version)
                .put("id", id)
                .put("hash", HASH)
                .put("cipher", CIPHER)
                .put("compression", COMPRESSION)
                .put("compression-level", compressionLevel)
                .put("chunker", CHUNKER)
                .put("chunker-min", chunker.min())
                .put("chunker-avg", chunker.avg())
                .put("chunker-max", chunker.max())
                .put("pack-target", packTarget)
                .text();
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        return (body + "mac: " + Hex.encode(key.configMac(bodyBytes)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the version only: refuses unknown versions before any key is tried. */
    static void checkVersion(byte[] bytes) {
        TextFields f = TextFields.parse(bytes, "config");
        if (!"strata-repository".equals(f.kind())) {
            throw new CorruptObjectException("config", "not a Strata repository config");
        }
        String v = f.get("version", "config");
        if (!String.valueOf(VERSION).equals(v)) {
            throw new UnsupportedFormatVersionException(v, VERSION);
        }
    }

    static RepositoryConfig decode(byte[] bytes, MasterKey key) {
        checkVersion(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int macAt = text.lastIndexOf("mac: ");
        if (macAt < 0) {
            throw new CorruptObjectException("config", "no mac line");
        }
        byte[] body = text.substring(0, macAt).getBytes(StandardCharsets.UTF_8);
        byte[] mac = Hex.decode(text.substring(macAt + 5).trim());
        if (!MessageDigest.isEqual(mac, key.configMac(body))) {
            throw new CorruptObjectException("config", "authentication failed (altered, or not this repository's key)");
        }
        TextFields f = TextFields.parse(bytes, "config");
        require(f, "hash", HASH);
        require(f, "cipher", CIPHER);
        require(f, "compression", COMPRESSION);
        require(f, "chunker", CHUNKER);
        ChunkerParameters chunker;
        try {
            chunker = new ChunkerParameters(f.getInt("chunker-min", "config"), f.getInt("chunker-avg", "config"),
                    f.getInt("chunker-max", "config"));
        } catch (IllegalArgumentException e) {
            throw new CorruptObjectException("config", e.getMessage());
        }
        return new RepositoryConfig(VERSION, f.get("id", "config"), chunker, f.getInt("compression-level", "config"),
                f.getInt("pack-target", "config"));
    }

    private static void require(TextFields f, String name, String expected) {
        String v = f.get(name, "config");
        if (!expected.equals(v)) {
            throw new UnsupportedFormatVersionException("1 with " + name + " '" + v + "'", VERSION);
        }
    }
}
