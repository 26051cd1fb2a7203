-- The nightly retention purge deletes a library service's notice log rows older than its period.
create index notice_log_tenant_date on notice_log (tenant_id, notice_date);
