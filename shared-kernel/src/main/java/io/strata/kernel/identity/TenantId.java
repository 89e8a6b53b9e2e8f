package io.strata.kernel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** Identifies a tenant: the unit of isolation for data, keys, repositories and events. */
public record TenantId(String value) {

    public TenantId {
        value = OpaqueId.require(value, "tenantId");
    }

    @JsonCreator
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
