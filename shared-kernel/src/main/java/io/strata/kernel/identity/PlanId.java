package io.strata.kernel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** Identifies a backup plan. */
public record PlanId(String value) {

    public PlanId {
        value = OpaqueId.require(value, "planId");
    }

    @JsonCreator
    public static PlanId of(String value) {
        return new PlanId(value);
    }

    public static PlanId random() {
        return new PlanId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
