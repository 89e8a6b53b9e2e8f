/**
 * Replicas: after each successful backup its repository is mirrored to every replica location of its plan.
 * Objects are named by the SHA-256 of their bytes, so mirroring copies what is missing, checks each copy
 * against its name, and can be repeated or resumed at any point. A replica that cannot be reached is retried
 * with backoff; one still missing at the deadline is marked FAILED and caught up by the next reconciliation: a
 * recurring round that mirrors every (tenant repository, replica location) pair again, counts the objects only the
 * replica has (never deleting them), marks FAILED backups SYNCED once complete, and records a
 * {@code ReplicaReconciled} event on the replica location.
 */
package io.strata.command.replication;
