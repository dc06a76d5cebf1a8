-- Issue 18: working times for one date (a half day, a long day), instead of its weekday's.
-- `windows` is the canonical "09:00-13:00,14:00-20:00".
CREATE TABLE working_days (
    day     TEXT PRIMARY KEY,
    windows TEXT NOT NULL CHECK (windows <> '')
) STRICT;
