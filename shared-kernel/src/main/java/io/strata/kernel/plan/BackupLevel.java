package io.strata.kernel.plan;

/**
 * What a backup reads. Every snapshot is complete whatever its level; the level only says what it is
 * compared with to skip unchanged files.
 */
public enum BackupLevel {
    /** Reads every file; compared with nothing. */
    FULL,
    /** Reads what changed since the plan's last successful FULL. */
    DIFFERENTIAL,
    /** Reads what changed since the plan's last successful backup of any level. */
    INCREMENTAL;

    /** The higher of two levels (FULL > DIFFERENTIAL > INCREMENTAL), for schedules firing at once. */
    public BackupLevel max(BackupLevel other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
