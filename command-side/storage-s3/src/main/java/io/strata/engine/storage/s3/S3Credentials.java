package io.strata.engine.storage.s3;

import java.util.Objects;

/**
 * The secret half of an S3 location: an access key and its secret key, optionally with the
 * session token of temporary credentials. Kept apart from {@link S3Config} so that settings can be
 * logged and shown while credentials are not; {@link #toString()} never prints the secret.
 */
public record S3Credentials(String accessKey, String secretKey, String sessionToken) {
    public S3Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (accessKey.isBlank() || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key and secret key must not be blank");
        }
    }

    public S3Credentials(String accessKey, String secretKey) {
        this(accessKey, secretKey, null);
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=****" + (sessionToken == null ? "" : ", sessionToken=****")
                + "]";
    }
}
