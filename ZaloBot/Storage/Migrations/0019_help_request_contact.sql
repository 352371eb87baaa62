-- The name a resident's Zalo profile shows, looked up once after they ask for help, so the member who takes the request
-- knows whom to look for in Zalo. zalo_name_checked_at says it was looked up (the profile may show no name); a request
-- closed before the lookup is never looked up. With the phone, it is cleared some time after the request is closed
-- (Handoff:ContactRetention). Times are unix milliseconds.
ALTER TABLE help_requests ADD COLUMN resident_zalo_name TEXT;
ALTER TABLE help_requests ADD COLUMN zalo_name_checked_at INTEGER;

-- Requests closed before this migration have no lookup to wait for.
UPDATE help_requests SET zalo_name_checked_at = COALESCE(completed_at, cancelled_at) WHERE status IN ('done', 'cancelled');

CREATE INDEX ix_help_requests_zalo_name_due ON help_requests (id) WHERE zalo_name_checked_at IS NULL;
