package io.strata.kernel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** Identifies one backup run of a plan (its snapshot, once it succeeds). */
public record BackupId(String value) {

    public BackupId {
        value = OpaqueId.require(value, "backupId");
    }

    @JsonCreator
    public static BackupId of(String value) {
        return new BackupId(value);
    }

    public static BackupId random() {
        return new BackupId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
