-- Issue 15: calendar subscriptions (read-only): an https:// or webcal:// address fetched
-- on a schedule with conditional GET, into a read-only calendar of its own or into days
-- off. The ETag and Last-Modified the server gave are kept for the next request.
CREATE TABLE subscriptions (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    -- NULL for a days-off subscription.
    calendar_id   INTEGER UNIQUE REFERENCES calendars (id) ON DELETE CASCADE,
    days_off      INTEGER NOT NULL DEFAULT 0 CHECK (days_off IN (0, 1)),
    etag          TEXT,
    last_modified TEXT,
    -- When it was last asked for (whatever came of it), and last found changed.
    checked_at    TEXT,
    changed_at    TEXT,
    -- The last refresh's failure in plain words; NULL once one succeeds.
    last_error    TEXT,
    created_at    TEXT NOT NULL,
    CHECK ((calendar_id IS NULL) = (days_off = 1))
) STRICT;
