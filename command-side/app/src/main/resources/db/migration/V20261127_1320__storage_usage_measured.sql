-- When each location's usage was last measured, so that on any node the health probe lists a repository at most
-- once per usage interval.
alter table storage_location_registry add column usage_measured_at timestamptz;
