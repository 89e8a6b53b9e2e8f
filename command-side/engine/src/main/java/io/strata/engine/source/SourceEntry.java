package io.strata.engine.source;

import io.strata.engine.metadata.FileMetadata;

/** One directory entry: its name (no slashes) and metadata (extended attributes not yet read). */
public record SourceEntry(String name, FileMetadata metadata) {
}
