//! iCalendar import and export.
