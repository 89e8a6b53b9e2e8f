package io.strata.engine.metadata;

import java.util.Arrays;

/** One extended attribute: its full name (e.g. {@code user.comment}) and raw value. */
public record Xattr(String name, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Xattr x && x.name.equals(name) && Arrays.equals(x.value, value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }
}
