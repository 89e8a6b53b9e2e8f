-- Replica locations of each backup and whether the backup is complete there (SYNCED) or gave up (FAILED).
create table backup_replica (
    backup_id           text not null references backup_registry (backup_id),
    storage_location_id text not null,
    status              text not null check (status in ('SYNCED', 'FAILED')),
    primary key (backup_id, storage_location_id)
);
