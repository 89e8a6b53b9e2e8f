package io.strata.engine.source;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * One directory's result in {@link Source#listMany}: its entries, or the exception listing it raised.
 *
 * @param entries the entries (as {@link Source#list} gives them), or null when it failed
 * @param error why it could not be listed, or null
 */
public record DirectoryListing(List<SourceEntry> entries, IOException error) {

    public DirectoryListing {
        if ((entries == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of entries and error");
        }
    }

    public static DirectoryListing of(List<SourceEntry> entries) {
        return new DirectoryListing(Objects.requireNonNull(entries), null);
    }

    public static DirectoryListing failed(IOException error) {
        return new DirectoryListing(null, Objects.requireNonNull(error));
    }

    /** The entries, or the error thrown. */
    public List<SourceEntry> entriesOrThrow() throws IOException {
        if (error != null) {
            throw error;
        }
        return entries;
    }
}
