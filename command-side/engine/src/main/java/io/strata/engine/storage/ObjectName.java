package io.strata.engine.storage;

import io.strata.engine.codec.Hex;

/**
 * Name of a stored object. The config object is named {@code config}; every other object is named
 * by lower-case hex (the SHA-256 of its stored bytes, 64 characters), which backends may rely on
 * to build paths safely.
 */
public record ObjectName(ObjectKind kind, String name) {
    public static final ObjectName CONFIG = new ObjectName(ObjectKind.CONFIG, "config");

    public ObjectName {
        if (kind == ObjectKind.CONFIG) {
            if (!"config".equals(name)) {
                throw new IllegalArgumentException("the config object is named 'config'");
            }
        } else if (name == null || name.length() < 8 || name.length() > 128 || !Hex.isHex(name)) {
            throw new IllegalArgumentException("object names are lower-case hex (8..128 chars): " + name);
        }
    }

    public static ObjectName of(ObjectKind kind, byte[] hash) {
        return new ObjectName(kind, Hex.encode(hash));
    }

    @Override
    public String toString() {
        return kind == ObjectKind.CONFIG ? "config" : kind.directory() + "/" + name;
    }
}
