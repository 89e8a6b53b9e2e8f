package io.strata.engine.snapshot;

/**
 * FULL reads every file (no parent). DIFFERENTIAL and INCREMENTAL name a parent snapshot and skip
 * files unchanged since it; to the engine they are the same operation, the platform decides which
 * parent each level names. Codes are part of the format.
 */
public enum BackupLevel {
    FULL(0), DIFFERENTIAL(1), INCREMENTAL(2);

    private final int code;

    BackupLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static BackupLevel ofCode(int code) {
        for (BackupLevel l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown backup level code " + code);
    }
}
