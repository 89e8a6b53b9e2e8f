-- Keys that sign access tokens. The public half is read by every node to verify tokens; the private half
-- is sealed (AES-256-GCM) under the platform key-encryption key, or absent when supplied by configuration.
-- A key verifies tokens while verify_until is null or in the future; the newest activated key signs.
create table signing_key (
    kid                text        primary key,
    algorithm          text        not null,
    public_key         bytea       not null,
    sealed_private_key bytea,
    created_at         timestamptz not null,
    activated_at       timestamptz,
    verify_until       timestamptz
);
