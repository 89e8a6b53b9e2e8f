/**
 * What every Strata node runs, whichever side it hosts: the HTTP edge (who is calling, from verified access
 * tokens; refusals as RFC 9457 problems with a stable {@code code}), the metadata that messages sent on a
 * caller's behalf carry, the platform clock, and Axon's storage on PostgreSQL.
 */
package io.strata.platform;
