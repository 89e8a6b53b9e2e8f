package io.strata.kernel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** Identifies a place where a tenant's repository is kept (a directory, an S3 bucket, an Azure container). */
public record StorageLocationId(String value) {

    public StorageLocationId {
        value = OpaqueId.require(value, "storageLocationId");
    }

    @JsonCreator
    public static StorageLocationId of(String value) {
        return new StorageLocationId(value);
    }

    public static StorageLocationId random() {
        return new StorageLocationId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
