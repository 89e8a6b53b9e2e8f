package io.strata.engine.storage.azure;

/**
 * Version-level immutability (WORM) for new blobs: every blob except repository lock objects is
 * uploaded with an immutability policy expiring {@code retentionDays} after the upload. The
 * container must have version-level immutability support enabled, which Azure allows only
 * through the management plane (portal, CLI, ARM), not through the blob API this backend uses;
 * {@link AzureBlobStorage#ensureContainer()} checks that it is.
 *
 * @param locked LOCKED policies can never be shortened or removed; UNLOCKED ones can by a principal
 *               allowed to, which suits testing a setup before locking it
 */
public record AzureImmutability(int retentionDays, boolean locked) {
    public AzureImmutability {
        if (retentionDays < 1 || retentionDays > 146_000) {
            throw new IllegalArgumentException("immutability retention is 1..146000 days: " + retentionDays);
        }
    }
}
