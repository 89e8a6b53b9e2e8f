package io.strata.kernel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** Identifies a server registered by a tenant (reached over SSH, or a path on the platform host). */
public record ServerId(String value) {

    public ServerId {
        value = OpaqueId.require(value, "serverId");
    }

    @JsonCreator
    public static ServerId of(String value) {
        return new ServerId(value);
    }

    public static ServerId random() {
        return new ServerId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
