-- Issue 18: calendars. Every event belongs to the book's own calendar (calendar_id NULL,
-- work, as before) or to a calendar the user made or imported into. A calendar marked
-- personal holds life, not work: its events cost no working time in the capacity check.
CREATE TABLE calendars (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key   TEXT NOT NULL UNIQUE,
    colour     TEXT NOT NULL,
    personal   INTEGER NOT NULL DEFAULT 0 CHECK (personal IN (0, 1)),
    client_id  INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    -- A subscribed calendar's events come from its address: changed there, not here.
    read_only  INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    -- Shown on the calendar screen (hidden is a view's choice: it still counts and reminds).
    shown      INTEGER NOT NULL DEFAULT 1 CHECK (shown IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

ALTER TABLE events ADD COLUMN calendar_id INTEGER REFERENCES calendars (id) ON DELETE CASCADE;
CREATE INDEX events_by_calendar ON events (calendar_id) WHERE calendar_id IS NOT NULL;
