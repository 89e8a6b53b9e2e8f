/**
 * Upcasters: how events stored in an older shape are read in today's. Stored events are never rewritten;
 * each event class that changes shape gets a new {@code @Revision}, and an upcaster here turns the previous
 * revision's JSON into the new one while events are read (by aggregates and by projections alike). Every
 * upcaster is tested against the old revision's frozen JSON, kept beside the new one in the shared kernel's
 * test resources.
 */
package io.strata.platform.upcasting;
