-- Issue 18: working time in clock time. Each weekday (Monday first, separated by ";") may
-- hold working windows in the user's zone, "09:00-12:30,13:30-18:00"; blank keeps that
-- day as a number of hours with no clock times (weekday_minutes), as before.
ALTER TABLE working_hours ADD COLUMN weekday_windows TEXT NOT NULL DEFAULT '';
