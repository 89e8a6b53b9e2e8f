-- Each server's latest successful backup, for the inventory.
alter table server_view add column last_backup_id text;
alter table server_view add column last_backup_at timestamptz;

-- Rebuilding a projection by replay starts from empty tables. TRUNCATE is not subject to row-level
-- security, so the application role may empty a read model whole, and only that.
grant truncate on tenant_view, tenant_domain_view, server_view, server_tenant_key_view, plan_view,
    storage_location_view, backup_view, restore_view, verification_view to ${appRole};
