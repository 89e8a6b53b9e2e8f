/** Jobs: the backups, restores and verifications of a tenant that are running or just ended, for live views. */
package io.strata.kernel.job;
