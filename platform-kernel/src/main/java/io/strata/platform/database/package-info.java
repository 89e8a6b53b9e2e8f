/**
 * The platform's PostgreSQL: where it is ({@code strata.db.*}, environment {@code STRATA_DB_…}), preparing it
 * on start (database and application role created when the administrator account may), and the two accounts
 * the platform uses. Migrations run as the administrator, who owns every table; the application runs as its
 * own role, which is neither superuser nor owner, so row-level security applies to it without exception.
 */
package io.strata.platform.database;
