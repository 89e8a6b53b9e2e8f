package io.strata.engine.metadata;

/** Kinds of directory entries. The numeric code is part of the tree format. */
public enum FileType {
    FILE(0), DIRECTORY(1), SYMLINK(2), FIFO(3), SOCKET(4), CHAR_DEVICE(5), BLOCK_DEVICE(6);

    private final int code;

    FileType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FileType ofCode(int code) {
        for (FileType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown file type code " + code);
    }

    public boolean isSpecial() {
        return this == FIFO || this == SOCKET || isDevice();
    }

    /** A character or block device: the types whose entries carry a device number ({@link FileMetadata#rdev}). */
    public boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }
}
