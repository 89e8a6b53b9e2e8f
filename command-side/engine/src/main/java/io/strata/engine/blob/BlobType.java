package io.strata.engine.blob;

/** DATA blobs hold file content chunks, TREE blobs hold encoded directory listings. Codes are part of the format. */
public enum BlobType {
    DATA(0), TREE(1);

    private final int code;

    BlobType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static BlobType ofCode(int code) {
        return switch (code) {
            case 0 -> DATA;
            case 1 -> TREE;
            default -> throw new IllegalArgumentException("unknown blob type code " + code);
        };
    }
}
