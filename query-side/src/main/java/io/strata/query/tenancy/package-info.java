/**
 * Binding a tenant to database work. Row-level security admits a row only when its {@code tenant_id} equals
 * the transaction's {@code app.tenant_id} setting; this package sets it, transaction-locally, for each read
 * ({@link io.strata.query.tenancy.TenantReads}) and for each event a projection handles
 * ({@link io.strata.query.tenancy.EventTenantBinding}). Work that binds no tenant sees no rows.
 */
package io.strata.query.tenancy;
