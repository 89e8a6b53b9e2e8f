/**
 * The local-filesystem backend: one file per object under a root directory, written to a
 * temporary file, fsynced and renamed atomically into place.
 */
package io.strata.engine.storage.local;
