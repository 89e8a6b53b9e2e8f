package io.strata.kernel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** Identifies a restore of a backup. */
public record RestoreId(String value) {

    public RestoreId {
        value = OpaqueId.require(value, "restoreId");
    }

    @JsonCreator
    public static RestoreId of(String value) {
        return new RestoreId(value);
    }

    public static RestoreId random() {
        return new RestoreId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
