/** Directories of the platform host that LOCAL servers and LOCAL storage locations claim, kept apart. */
package io.strata.command.hostpath;
