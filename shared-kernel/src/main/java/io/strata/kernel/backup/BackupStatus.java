package io.strata.kernel.backup;

/** Where a backup is in its life. Only {@link #SUCCEEDED} backups that are not dry runs are restorable. */
public enum BackupStatus {
    REQUESTED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
