-- Where each backup's data is: its primary location and its plan's replicas, each PENDING, SYNCED or FAILED.
create table backup_location_view (
    backup_id           text        not null,
    tenant_id           text        not null,
    storage_location_id text        not null,
    role                text        not null,
    status              text        not null,
    position            integer     not null,
    updated_at          timestamptz not null,
    primary key (backup_id, storage_location_id)
);

-- The replicas each plan names, so the catalogue can list a backup's replicas before they sync.
create table catalogue_plan_replica (
    plan_id             text    not null,
    tenant_id           text    not null,
    storage_location_id text    not null,
    position            integer not null,
    primary key (plan_id, storage_location_id)
);

alter table backup_location_view enable row level security;
alter table backup_location_view force row level security;
create policy tenant_isolation on backup_location_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table catalogue_plan_replica enable row level security;
alter table catalogue_plan_replica force row level security;
create policy tenant_isolation on catalogue_plan_replica
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

grant truncate on backup_location_view, catalogue_plan_replica to ${appRole};
