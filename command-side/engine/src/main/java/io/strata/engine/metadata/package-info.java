/**
 * What the engine records about a file besides its bytes: {@link io.strata.engine.metadata.FileType}
 * and {@link io.strata.engine.metadata.FileMetadata} (mode including setuid/setgid/sticky, owner ids
 * and names, nanosecond times, inode and device for hard links and change detection, symlink
 * target, device numbers, extended attributes). Shared by sources, trees and outputs.
 */
package io.strata.engine.metadata;
