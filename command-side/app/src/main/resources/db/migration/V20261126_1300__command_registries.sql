-- Command-side registries: what command handlers, validators and workers must look up synchronously.
-- Kept by a subscribing event handler inside the transaction that appends the events, so a registry row
-- exists exactly when its events do. Not read models: the query side never reads them.

create table server_registry (
    server_id            text primary key,
    tenant_id            text    not null,
    kind                 text    not null,
    host                 text,
    port                 integer,
    username             text,
    local_path           text,
    host_key_fingerprint text,
    removed              boolean not null default false
);
create index server_registry_tenant on server_registry (tenant_id);

create table storage_location_registry (
    storage_location_id text primary key,
    tenant_id           text        not null,
    name                text        not null,
    type                text        not null,
    settings            text        not null,
    created_at          timestamptz not null
);
create index storage_location_registry_tenant on storage_location_registry (tenant_id);

-- Credentials of storage locations, sealed under the KEK; written with the location, never read back
-- through the API.
create table storage_credential (
    storage_location_id text primary key,
    sealed              bytea not null
);

create table plan_registry (
    plan_id    text primary key,
    tenant_id  text        not null,
    server_id  text        not null,
    definition text        not null,
    created_at timestamptz not null
);
create index plan_registry_tenant on plan_registry (tenant_id);
