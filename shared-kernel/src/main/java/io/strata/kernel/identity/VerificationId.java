package io.strata.kernel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** Identifies a verification of a backup's data. */
public record VerificationId(String value) {

    public VerificationId {
        value = OpaqueId.require(value, "verificationId");
    }

    @JsonCreator
    public static VerificationId of(String value) {
        return new VerificationId(value);
    }

    public static VerificationId random() {
        return new VerificationId(UUID.randomUUID().toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
