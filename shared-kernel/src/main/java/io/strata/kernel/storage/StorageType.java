package io.strata.kernel.storage;

/** Kinds of storage location. */
public enum StorageType {
    /** A directory on the platform host. */
    LOCAL,
    /** An S3-compatible bucket (MinIO, Ceph, AWS, …). */
    S3,
    /** An Azure Blob Storage container. */
    AZURE
}
