-- Backups as the command side needs them: to request the next one (the plan's lineage), to restore or
-- verify one (its snapshots and location), and to limit how many run at once (claims).

create table backup_registry (
    backup_id           text primary key,
    tenant_id           text    not null,
    plan_id             text    not null,
    server_id           text    not null,
    storage_location_id text    not null,
    level               text    not null,
    status              text    not null,
    dry_run             boolean not null,
    base_snapshot_ids   text    not null default '[]',
    snapshot_ids        text    not null default '[]'
);
create index backup_registry_plan on backup_registry (plan_id, status);

-- The plan's latest successful FULL and latest successful backup of any level (dry runs excluded).
create table plan_lineage (
    plan_id             text primary key,
    tenant_id           text not null,
    last_full_backup_id text,
    last_full_snapshots text,
    last_backup_id      text,
    last_snapshots      text
);

-- Running attempts, for the per-tenant and per-server limits across the cluster. A claim whose heartbeat
-- is older than the stall timeout no longer counts.
create table backup_claim (
    backup_id  text primary key,
    tenant_id  text        not null,
    server_id  text        not null,
    node       text        not null,
    heartbeat  timestamptz not null
);
create index backup_claim_tenant on backup_claim (tenant_id);
create index backup_claim_server on backup_claim (server_id);
