-- Issue 16: time tracking. Each row is time worked: a running timer (a start and no end
-- yet), a timer stopped (start and end), or an entry typed by hand (a day and minutes, and
-- a start and end when typed from–to). The tasks' "hours done" and the contracts' "hours
-- worked", typed until now, become entries (not billable: they were never tracked for
-- billing, and may have been invoiced already) and are read from here from now on.
CREATE TABLE time_entries (
    id           INTEGER PRIMARY KEY,
    -- What the time was for: a task, a contract, a client (the client is always set when
    -- the task or contract has one, so a deleted task leaves its hours with the client).
    client_id    INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    contract_id  INTEGER REFERENCES contracts (id) ON DELETE SET NULL,
    task_id      INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
    -- The local day the time counts for (a timer's: the day it started).
    day          TEXT NOT NULL,
    start_utc    INTEGER,            -- UTC seconds; timer and from–to entries
    end_utc      INTEGER,            -- NULL while the timer runs
    minutes      INTEGER CHECK (minutes IS NULL OR minutes >= 0), -- NULL while it runs
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    billable     INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
    -- The invoice the time went on; a void invoice frees it again.
    invoice_id   INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    -- 1: not work logged as such but a total typed on a task ("hours done") or a contract,
    -- the difference from what was logged; lowering that total takes these off first.
    from_total   INTEGER NOT NULL DEFAULT 0 CHECK (from_total IN (0, 1)),
    created_at   TEXT NOT NULL,
    CHECK ((minutes IS NULL) = (start_utc IS NOT NULL AND end_utc IS NULL)),
    CHECK (end_utc IS NULL OR start_utc IS NOT NULL),
    CHECK (end_utc IS NULL OR end_utc >= start_utc)
) STRICT;
-- One timer runs at a time.
CREATE UNIQUE INDEX time_one_running ON time_entries ((end_utc IS NULL))
    WHERE start_utc IS NOT NULL AND end_utc IS NULL;
CREATE INDEX time_by_day ON time_entries (day);
CREATE INDEX time_by_task ON time_entries (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX time_by_contract ON time_entries (contract_id) WHERE contract_id IS NOT NULL;
CREATE INDEX time_by_invoice ON time_entries (invoice_id) WHERE invoice_id IS NOT NULL;

INSERT INTO time_entries (client_id, task_id, day, minutes, note, billable, from_total, created_at)
SELECT client_id, id,
       CASE WHEN substr(updated_at, 1, 10) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            THEN substr(updated_at, 1, 10) ELSE date('now') END,
       done_minutes, 'Hours done before time tracking', 0, 1,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM tasks WHERE done_minutes > 0;

INSERT INTO time_entries (client_id, contract_id, day, minutes, note, billable, from_total, created_at)
SELECT client_id, id, date('now'), logged_minutes, 'Hours worked before time tracking', 0, 1,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM contracts WHERE logged_minutes > 0;

-- The old columns stay (SQLite keeps them for old readers) but are no longer read.
UPDATE tasks SET done_minutes = 0 WHERE done_minutes > 0;
UPDATE contracts SET logged_minutes = 0 WHERE logged_minutes > 0;
