/**
 * Axon's JPA storage on PostgreSQL, with the fixes PostgreSQL needs: every {@code @Lob} column is
 * {@code bytea} (never an OID large object, which {@code VACUUM} cannot reclaim and which break on restore),
 * the event table's global index comes from its own sequence with allocation size 1 (so tracking processors
 * never see gaps from pre-allocated blocks), and timestamps are UTC. Flyway creates the tables; Hibernate
 * only validates them.
 */
package io.strata.platform.eventstore;
