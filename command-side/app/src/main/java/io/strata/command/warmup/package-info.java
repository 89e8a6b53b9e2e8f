/** Work a node does once when it has started, so that its first jobs run as fast as later ones. */
package io.strata.command.warmup;
