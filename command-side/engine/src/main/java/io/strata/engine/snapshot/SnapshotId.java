package io.strata.engine.snapshot;

import io.strata.engine.codec.Hex;

/** A snapshot's id: the 64-hex-character name of its object. */
public record SnapshotId(String hex) {
    public SnapshotId {
        if (hex.length() != 64 || !Hex.isHex(hex)) {
            throw new IllegalArgumentException("snapshot ids are 64 hex characters: " + hex);
        }
    }

    public String shortId() {
        return hex.substring(0, 8);
    }

    @Override
    public String toString() {
        return hex;
    }
}
