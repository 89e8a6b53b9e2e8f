/**
 * Where restores write. An {@link io.strata.engine.output.Output} creates directories, files
 * (written at offsets, possibly from several threads at once), symlinks, hard links and special
 * files, and applies metadata. Paths are relative, {@code /}-separated, under the output's root;
 * local file system here, SFTP and tar in the platform.
 */
package io.strata.engine.output;
