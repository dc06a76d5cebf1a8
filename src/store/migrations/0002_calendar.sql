-- Calendar events. A recurring series is one row with its RRULE; occurrences are expanded
-- on query for the visible window only. Timed events keep their instants in UTC (unix
-- seconds) plus the IANA zone they were entered in; all-day events keep plain dates.

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    -- iCalendar UID: generated here, or kept from an imported file (re-import updates).
    uid           TEXT NOT NULL,
    client_id     INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    kind          TEXT NOT NULL CHECK (kind IN ('meeting', 'deadline', 'time_block', 'other')),
    all_day       INTEGER NOT NULL CHECK (all_day IN (0, 1)),
    start_utc     INTEGER,            -- timed only
    end_utc       INTEGER,            -- timed only, exclusive
    start_date    TEXT,               -- all-day only, YYYY-MM-DD
    end_date      TEXT,               -- all-day only, inclusive last day
    tz            TEXT NOT NULL,
    rrule         TEXT,               -- RFC 5545 RRULE value, NULL for a single event
    -- Set on an edited occurrence of a series (iCalendar RECURRENCE-ID): the series and
    -- the original start (UTC seconds; all-day: the date's UTC midnight) it replaces.
    series_id     INTEGER REFERENCES events (id) ON DELETE CASCADE,
    recurrence_utc INTEGER,
    location      TEXT NOT NULL DEFAULT '',
    channel       TEXT CHECK (channel IN ('call', 'video', 'in_person', 'email')),
    notes         TEXT NOT NULL DEFAULT '',
    free          INTEGER NOT NULL DEFAULT 0 CHECK (free IN (0, 1)),
    reminders     TEXT NOT NULL DEFAULT '',   -- minutes before, comma-separated
    -- What the row covers in UTC seconds, for the window index: a series from its first
    -- start to its last end (a far-future sentinel when endless); all-day rows widened by
    -- 14 h each side so that every time zone's day is covered.
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((all_day = 1) = (start_date IS NOT NULL AND end_date IS NOT NULL)),
    CHECK ((all_day = 0) = (start_utc IS NOT NULL AND end_utc IS NOT NULL)),
    CHECK ((series_id IS NULL) = (recurrence_utc IS NULL))
) STRICT;

-- One UID per series; its edited occurrences share the UID (as in iCalendar).
CREATE UNIQUE INDEX events_uid ON events (uid, coalesce(recurrence_utc, -1));
-- Single events in a window: bounded on span_start by the longest single event.
CREATE INDEX events_singles ON events (span_start) WHERE rrule IS NULL;
CREATE INDEX events_single_length ON events (span_end - span_start) WHERE rrule IS NULL;
-- Series are few; they are expanded in Rust.
CREATE INDEX events_series ON events (span_start) WHERE rrule IS NOT NULL;
CREATE INDEX events_by_client ON events (client_id);
CREATE INDEX events_overrides ON events (series_id) WHERE series_id IS NOT NULL;

-- Occurrences removed from a series (iCalendar EXDATE), by original start as above.
CREATE TABLE event_exdates (
    series_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    occurrence_utc INTEGER NOT NULL,
    PRIMARY KEY (series_id, occurrence_utc)
) STRICT, WITHOUT ROWID;
