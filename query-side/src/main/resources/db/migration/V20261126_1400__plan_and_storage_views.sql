-- Read models of plans and storage locations, under the same row-level security as every read model.

create table plan_view (
    plan_id    text        primary key,
    tenant_id  text        not null,
    name       text        not null,
    server_id  text        not null,
    definition text        not null,
    created_at timestamptz not null
);
create index plan_view_tenant on plan_view (tenant_id, created_at);

create table storage_location_view (
    storage_location_id text        primary key,
    tenant_id           text        not null,
    name                text        not null,
    type                text        not null,
    settings            text        not null,
    created_at          timestamptz not null
);
create index storage_location_view_tenant on storage_location_view (tenant_id, created_at);

alter table plan_view enable row level security;
alter table plan_view force row level security;
create policy tenant_isolation on plan_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table storage_location_view enable row level security;
alter table storage_location_view force row level security;
create policy tenant_isolation on storage_location_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
