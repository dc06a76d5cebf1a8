-- Issue 15: the user's own CalDAV accounts, synced both ways. The password is never here:
-- it lives in the system keychain (or is asked for each session). What is kept is what
-- a sync needs to be incremental and to lose nothing: each collection's sync token and
-- each object's ETag and original text (properties Juggle does not model survive an edit).
CREATE TABLE dav_accounts (
    id            INTEGER PRIMARY KEY,
    -- The address the user gave (or the domain, made https://), and what discovery found.
    url           TEXT NOT NULL UNIQUE,
    user_name     TEXT NOT NULL,
    principal_url TEXT,
    -- The SHA-256 fingerprint of a server certificate the user trusted beside the
    -- system's (a self-signed one), `AB:CD:…`.
    trusted_certificate TEXT,
    -- The last sync's failure in plain words, and its code; NULL once one succeeds.
    last_error    TEXT,
    last_error_code TEXT,
    synced_at     TEXT,
    -- Back-off after failures: no automatic retry before this instant (RFC 3339).
    retry_at      TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
) STRICT;

-- The calendars, task lists and address books discovery found. A calendar syncs while
-- `calendar_id` is set (its events live in that calendar); a task list or an address
-- book while `synced` is 1 (a task list holds the tasks of `client_id`, or those of no
-- client; an address book, the contacts that came from it).
CREATE TABLE dav_collections (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES dav_accounts (id) ON DELETE CASCADE,
    url           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('calendar', 'tasks', 'addressbook')),
    name          TEXT NOT NULL,
    colour        TEXT,
    calendar_id   INTEGER UNIQUE REFERENCES calendars (id) ON DELETE SET NULL,
    synced        INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1)),
    client_id     INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    -- RFC 6578's token from the last sync; NULL: not synced yet, or the server has none.
    sync_token    TEXT
) STRICT;

-- A task that came from a task list keeps the UID it has there; a task made in Juggle
-- is known as `task-<id>@juggle` until then.
ALTER TABLE tasks ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX tasks_uid ON tasks (uid) WHERE uid IS NOT NULL;

-- One object (one .ics resource: a UID's event, its series and edited occurrences) as it
-- was on the server at the last sync, and as Juggle wrote it then.
CREATE TABLE dav_objects (
    id            INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES dav_collections (id) ON DELETE CASCADE,
    href          TEXT NOT NULL,
    uid           TEXT NOT NULL,
    etag          TEXT,
    -- The server's text, patched (never rewritten) when Juggle changes the event.
    original      TEXT NOT NULL,
    -- Juggle's own rendering of the event at the last sync: a different rendering now
    -- means the event was changed in Juggle since, and is waiting to go out.
    local         TEXT NOT NULL,
    UNIQUE (collection_id, href),
    UNIQUE (collection_id, uid)
) STRICT;

-- Both sides changed the same event: the server's version stayed in place, Juggle's became
-- a copy (`copy_uid`), shown to the user until they keep one.
CREATE TABLE dav_conflicts (
    id            INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES dav_collections (id) ON DELETE CASCADE,
    uid           TEXT NOT NULL,
    copy_uid      TEXT NOT NULL,
    title         TEXT NOT NULL,
    found_at      TEXT NOT NULL
) STRICT;
