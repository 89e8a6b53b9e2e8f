-- Restores and verifications as the API shows them.
create table restore_view (
    restore_id       text        primary key,
    tenant_id        text        not null,
    backup_id        text        not null,
    target_server_id text        not null,
    target_path      text        not null,
    status           text        not null,
    requested_at     timestamptz not null,
    finished_at      timestamptz,
    stats            text,
    failure_code     text,
    failure_message  text,
    failed_files     text
);

create table verification_view (
    verification_id text        primary key,
    tenant_id       text        not null,
    backup_id       text        not null,
    read_data       boolean     not null,
    status          text        not null,
    chunks_checked  bigint      not null default 0,
    problems        text        not null default '[]',
    failure_code    text,
    requested_at    timestamptz not null,
    finished_at     timestamptz
);

alter table restore_view enable row level security;
alter table restore_view force row level security;
create policy tenant_isolation on restore_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table verification_view enable row level security;
alter table verification_view force row level security;
create policy tenant_isolation on verification_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
