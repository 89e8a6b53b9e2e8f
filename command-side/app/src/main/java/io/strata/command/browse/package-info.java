/**
 * Browsing and downloading a backup's content straight from its repository: the listing of a directory
 * across the backup's snapshots, and a subtree as a tar stream, every byte decrypted and authenticated on the
 * way and every file's SHA-256 compared with the one recorded at backup time.
 */
package io.strata.command.browse;
