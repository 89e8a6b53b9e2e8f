-- The backup catalogue: one row per backup run with its level, base, status, statistics and outcome.
create table backup_view (
    backup_id           text        primary key,
    tenant_id           text        not null,
    plan_id             text        not null,
    server_id           text        not null,
    storage_location_id text        not null,
    requested_level     text        not null,
    level               text        not null,
    level_reason        text,
    base_backup_id      text,
    status              text        not null,
    dry_run             boolean     not null,
    attempt             integer     not null,
    requested_at        timestamptz not null,
    started_at          timestamptz,
    finished_at         timestamptz,
    stats               text,
    failure_code        text,
    failure_message     text,
    integrity_status    text        not null default 'UNVERIFIED',
    verified_at         timestamptz
);
create index backup_view_tenant_time on backup_view (tenant_id, requested_at desc);
create index backup_view_plan on backup_view (plan_id, requested_at desc);
create index backup_view_server on backup_view (server_id, requested_at desc);

alter table backup_view enable row level security;
alter table backup_view force row level security;
create policy tenant_isolation on backup_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
