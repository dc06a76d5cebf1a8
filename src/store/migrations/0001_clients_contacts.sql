-- Clients (organisations or people the user works for) and their contacts.
-- Times are RFC 3339 UTC text; archived rows keep their data and get archived_at.

CREATE TABLE clients (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- Case-folded name: two clients may not differ only by case or spacing.
    name_key    TEXT NOT NULL UNIQUE,
    priority    TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
    colour      TEXT NOT NULL CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    notes       TEXT NOT NULL DEFAULT '',
    archived_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role              TEXT,
    email             TEXT,
    phone             TEXT,
    preferred_channel TEXT CHECK (preferred_channel IN ('email', 'phone', 'video', 'in_person', 'message')),
    authority         TEXT,
    archived_at       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

CREATE INDEX contacts_by_client ON contacts (client_id, name);
