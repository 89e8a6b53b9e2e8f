-- The paths a successful backup could not capture as they were (JSON, the first FileProblem.LISTED of them).
alter table backup_view
    add column file_problems text;

-- Rows projected before the statistics counted failed and changed files: none were counted, so none are named.
update backup_view
set stats = (stats::jsonb || '{"filesFailed": 0, "filesChangedDuringRead": 0}'::jsonb)::text
where stats is not null and not (stats::jsonb ? 'filesFailed');
update backup_view set file_problems = '[]' where status = 'SUCCEEDED' and file_problems is null;
