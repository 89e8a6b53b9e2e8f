-- After every migration: the application role may read and write the platform's tables, never the
-- migration history, and may only append to the event store (recorded history is never rewritten).
grant select, insert, update, delete on all tables in schema public to ${appRole};
grant usage, select, update on all sequences in schema public to ${appRole};
revoke all on flyway_schema_history from ${appRole};
revoke update, delete, truncate on domain_event_entry from ${appRole};
