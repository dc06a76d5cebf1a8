-- Issue 18: an all-day event (out of office, a vacation) that counts as days off in the
-- capacity check, as the user marked it.
CREATE TABLE away_events (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE
) STRICT;
