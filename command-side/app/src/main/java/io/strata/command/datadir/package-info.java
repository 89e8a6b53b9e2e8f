/** The node's data directory: key material and, by default, local backup storage. */
package io.strata.command.datadir;
