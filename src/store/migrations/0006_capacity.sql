-- Capacity: working hours, days off, tasks and held requests (bookings). Durations are
-- whole minutes; days are YYYY-MM-DD in the user's zone.

-- One row: minutes per weekday (Monday first) and the weekly overtime allowance.
CREATE TABLE working_hours (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    weekday_minutes        TEXT NOT NULL,
    overtime_week_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (overtime_week_minutes BETWEEN 0 AND 10080)
) STRICT;
INSERT INTO working_hours (id, weekday_minutes, overtime_week_minutes)
VALUES (1, '480,480,480,480,480,0,0', 0);

-- Vacations and public holidays, inclusive ranges. `uid` keeps an imported calendar's
-- event UID so that importing the same file again updates instead of duplicating.
CREATE TABLE days_off (
    id        INTEGER PRIMARY KEY,
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL,
    label     TEXT NOT NULL DEFAULT '',
    uid       TEXT UNIQUE,
    CHECK (last_day >= first_day)
) STRICT;
CREATE INDEX days_off_by_day ON days_off (first_day, last_day);

CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    notes          TEXT NOT NULL DEFAULT '',
    estimate_minutes INTEGER NOT NULL CHECK (estimate_minutes >= 0),
    done_minutes   INTEGER NOT NULL DEFAULT 0 CHECK (done_minutes >= 0),
    earliest_start TEXT,
    due_day        TEXT,
    important      INTEGER NOT NULL DEFAULT 0 CHECK (important IN (0, 1)),
    urgent         INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'waiting', 'done')),
    delegated_to   TEXT NOT NULL DEFAULT '',
    follow_up_day  TEXT,
    -- Set when the task came from a request accepted at a priority other than its
    -- client's; the capacity check and today's list use it instead.
    priority       TEXT CHECK (priority IN ('high', 'normal', 'low')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (due_day IS NULL OR earliest_start IS NULL OR due_day >= earliest_start)
) STRICT;
CREATE INDEX tasks_by_client ON tasks (client_id);
CREATE INDEX tasks_open ON tasks (due_day) WHERE status <> 'done';

-- A request run through the capacity check and held: tentatively (what-if), accepted
-- (it became a task) or declined (kept as history).
CREATE TABLE bookings (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    title          TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    minutes        INTEGER NOT NULL CHECK (minutes > 0),
    earliest_start TEXT NOT NULL,
    deadline       TEXT NOT NULL,
    priority       TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    status         TEXT NOT NULL CHECK (status IN ('tentative', 'accepted', 'declined')),
    task_id        INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    decided_at     TEXT,
    CHECK (deadline >= earliest_start)
) STRICT;
CREATE INDEX bookings_by_status ON bookings (status);

-- Hours already worked on a contract; its estimate minus these is what remains to plan.
ALTER TABLE contracts ADD COLUMN logged_minutes INTEGER NOT NULL DEFAULT 0 CHECK (logged_minutes >= 0);
