/**
 * Where backups read from. A {@link io.strata.engine.source.Source} lists directories with
 * metadata, reads extended attributes on demand, and opens files as byte channels; paths are
 * absolute strings with {@code /} separators (no {@code java.nio.file.Path}), so an SFTP source
 * fits as well as the local file system. Several files may be open at once from several threads.
 */
package io.strata.engine.source;
