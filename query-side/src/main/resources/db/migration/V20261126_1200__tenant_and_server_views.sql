-- Read models of tenants and servers. Every table has tenant_id under row-level security: the application
-- role sees and writes only rows of the tenant bound to its transaction (app.tenant_id); with no tenant
-- bound it sees nothing. FORCE applies the policies to the table owner as well.

create table tenant_view (
    tenant_id      text        primary key,
    name           text        not null,
    slug           text        not null,
    ssh_public_key text,
    created_at     timestamptz not null
);

create table tenant_domain_view (
    tenant_id          text    not null,
    domain             text    not null,
    status             text    not null,
    is_default         boolean not null,
    verification_name  text,
    verification_value text,
    added_at           timestamptz not null,
    primary key (tenant_id, domain)
);

create table server_view (
    server_id     text        primary key,
    tenant_id     text        not null,
    name          text        not null,
    kind          text        not null,
    host          text,
    port          integer,
    username      text,
    local_path    text,
    registered_at timestamptz not null
);
create index server_view_tenant on server_view (tenant_id, registered_at);

-- The tenant's SSH public key as the server projection knows it (each projection keeps what it shows).
create table server_tenant_key_view (
    tenant_id  text primary key,
    public_key text not null
);

alter table tenant_view enable row level security;
alter table tenant_view force row level security;
create policy tenant_isolation on tenant_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table tenant_domain_view enable row level security;
alter table tenant_domain_view force row level security;
create policy tenant_isolation on tenant_domain_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table server_tenant_key_view enable row level security;
alter table server_tenant_key_view force row level security;
create policy tenant_isolation on server_tenant_key_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table server_view enable row level security;
alter table server_view force row level security;
create policy tenant_isolation on server_view
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
