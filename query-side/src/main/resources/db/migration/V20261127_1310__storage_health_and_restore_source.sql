-- A location's health (from its probes' changes) and what the tenant's repository there occupies.
alter table storage_location_view
    add column health_status     text        not null default 'UNKNOWN',
    add column health_reason     text,
    add column health_since timestamptz,
    add column used_bytes        bigint,
    add column used_objects      bigint,
    add column usage_measured_at timestamptz;

-- The location a restore read from, and why, when a replica stood in for the location asked for.
alter table restore_view
    add column source_location_id    text,
    add column requested_location_id text,
    add column fallback_reason       text;
