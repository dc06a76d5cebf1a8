-- What the user must remember about each client: important dates, interactions, the
-- touch-base cadence, satisfaction, policies and breaches, the account plan, linked files.
-- Dates are plain YYYY-MM-DD text (the user's calendar day); times of day don't matter here.

-- Touch base at least every N days (NULL: no cadence).
ALTER TABLE clients ADD COLUMN cadence_days INTEGER CHECK (cadence_days BETWEEN 1 AND 3660);

-- The vCard UID a contact was imported from: re-importing the file updates, never duplicates.
ALTER TABLE contacts ADD COLUMN import_uid TEXT;
CREATE UNIQUE INDEX contacts_import_uid ON contacts (client_id, import_uid) WHERE import_uid IS NOT NULL;

CREATE TABLE important_dates (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    -- The person it concerns, or NULL for the client itself (a launch, an anniversary).
    contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('birthday', 'wedding', 'vacation', 'graduation',
                                             'launch', 'anniversary', 'other')),
    -- First day; for a yearly date the original one (a birth date). Year 1604 means
    -- "year unknown" (vCard's --MMDD), as address books do.
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL CHECK (last_day >= first_day),   -- = first_day unless a range
    yearly     INTEGER NOT NULL CHECK (yearly IN (0, 1)),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX important_dates_by_client ON important_dates (client_id);
CREATE INDEX important_dates_one_off ON important_dates (first_day, last_day) WHERE yearly = 0;
CREATE INDEX important_dates_yearly ON important_dates (substr(first_day, 6)) WHERE yearly = 1;

CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('meeting', 'call', 'email', 'message', 'other')),
    day         TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    follow_up   TEXT,                   -- a day to follow up on, if any
    follow_up_done INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_done IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX interactions_by_client ON interactions (client_id, day);
CREATE INDEX interactions_follow_ups ON interactions (follow_up) WHERE follow_up IS NOT NULL AND follow_up_done = 0;

CREATE TABLE interaction_contacts (
    interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    contact_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX interaction_contacts_by_contact ON interaction_contacts (contact_id);

-- Past meetings count as contact: the latest single meeting per client comes from these.
CREATE INDEX events_meetings ON events (client_id, start_utc) WHERE kind = 'meeting' AND rrule IS NULL;
CREATE INDEX events_all_day_meetings ON events (client_id, start_date) WHERE kind = 'meeting' AND rrule IS NULL AND all_day = 1;

CREATE TABLE satisfaction (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX satisfaction_by_client ON satisfaction (client_id, day);

-- The user's policies and procedures; each edit is a new version, so that an
-- acknowledgement names exactly the text the client saw.
CREATE TABLE policy_versions (
    version    INTEGER PRIMARY KEY,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE policy_acks (
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL REFERENCES policy_versions (version),
    day        TEXT NOT NULL,
    PRIMARY KEY (client_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE breaches (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('no_show', 'late_payment', 'scope_creep', 'other')),
    day        TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX breaches_by_client ON breaches (client_id, day);

CREATE TABLE account_plans (
    client_id  INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    goals      TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    review_on  TEXT,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE client_files (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (client_id, path)
) STRICT;
