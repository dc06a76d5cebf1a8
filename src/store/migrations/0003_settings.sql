-- The user's settings, one row per key (values as text; the code owns their types).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
