-- Command-side state that events cannot hold: credentials, uniqueness claims and token bookkeeping.
-- None of these tables is a read model; the query side never reads them.

-- One account per person, globally unique by normalised email; the password as an Argon2id hash.
create table account (
    user_id       text        primary key,
    email         text        not null unique,
    password_hash text        not null,
    created_at    timestamptz not null
);

-- The tenant an account belongs to and its role there (mirrors MemberJoined; read at login and refresh).
create table membership (
    user_id   text        not null references account (user_id),
    tenant_id text        not null,
    role      text        not null check (role in ('OWNER', 'ADMIN', 'OPERATOR', 'AUDITOR')),
    joined_at timestamptz not null,
    primary key (user_id, tenant_id)
);
create index membership_tenant on membership (tenant_id);

-- Every domain (default and custom) is claimed by one tenant at most.
create table domain_claim (
    domain     text        primary key,
    tenant_id  text        not null,
    claimed_at timestamptz not null
);

-- Refresh tokens, stored as SHA-256 of their secret. Each use spends one and issues the next in its family;
-- presenting a spent one revokes the whole family.
create table refresh_token (
    token_id    text        primary key,
    family_id   text        not null,
    user_id     text        not null references account (user_id),
    tenant_id   text        not null,
    secret_hash bytea       not null,
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    revoked_at  timestamptz
);
create index refresh_token_family on refresh_token (family_id);

-- Failed logins per account and per client address, for throttling.
create table login_throttle (
    throttle_key   text        primary key,
    failures       integer     not null,
    window_started timestamptz not null,
    blocked_until  timestamptz
);

-- Each tenant's SSH key pair: the public key as an OpenSSH line, the private key (PKCS#8) sealed under the KEK.
create table tenant_ssh_key (
    tenant_id          text        primary key,
    public_key         text        not null,
    fingerprint        text        not null,
    sealed_private_key bytea       not null,
    created_at         timestamptz not null
);
