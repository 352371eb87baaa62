-- Personal data that does not outlive its use: a handled event keeps no body (the dispatcher clears it as it marks
-- the event done), and an unknown event never needed one. This clears the bodies stored before that rule; the app's
-- connections run with secure_delete, so the old text is overwritten rather than left in free pages.
UPDATE inbox_events SET body = '' WHERE status IN ('done', 'unknown') AND body <> '';
