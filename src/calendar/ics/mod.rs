//! iCalendar (.ics, RFC 5545) import and export, so Juggle lives beside Google Calendar,
//! Outlook and Apple Calendar. The `icalendar` crate parses each VEVENT and writes the
//! file (escaping, line folding); the mapping to Juggle's events is here:
//!
//! - `import.rs`: reading a file (size, encoding, unfolding) and importing it;
//! - `lines.rs`: the file line by line, its components and malformed lines;
//! - `event.rs`: one VEVENT understood; `values.rs`: its dates, times and durations;
//! - `overrides.rs`: edited occurrences and RANGE=THISANDFUTURE; `save.rs`: storing;
//! - `export.rs`: the book as an .ics file;
//! - zones: `zones.rs` (what one import sees), `zone_names.rs` (IANA, vendor and
//!   Windows names; the Windows table in `windows_zones.rs`), `vtimezone.rs` (a file's VTIMEZONE and its rules), `offsets.rs`
//!   (the offsets those rules give), `iana.rs` (the IANA zone that keeps them).
//!
//! Import is one transaction. What is left out is reported by kind, with its line and
//! UID: a whole event Juggle cannot use, a malformed line (dropped, the event kept), a
//! value read another way (an unknown zone read as local time), to-dos and journal
//! entries. An event whose UID is already in the book is updated, never duplicated; an
//! event without UID gets one derived from its content, so importing it again updates it.
//! docs/calendar-import.md says what is supported and where Juggle deliberately differs.

mod event;
mod export;
mod iana;
mod import;
mod lines;
mod offsets;
mod overrides;
mod save;
mod values;
pub(super) mod vtimezone;
mod windows_zones;
mod zone_names;
mod zones;

use serde::Serialize;
use specta::Type;

pub use export::{export, export_file, render_calendar, render_uid};
pub use import::{decode, import, import_file, import_file_into_new, import_into, refresh_into};

/// Largest .ics file imported (a year of a busy shared calendar is a few MB).
pub const MAX_ICS_BYTES: u64 = 32 * 1024 * 1024;
/// The event form's limit on reminders (four weeks).
pub(super) const MAX_REMINDER_MINUTES: u32 = 40_320;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct ImportReport {
    pub added: u32,
    pub updated: u32,
    /// Events a subscription's refresh removed because its file no longer has them.
    pub removed: u32,
    pub skipped: Vec<Skipped>,
}

/// What kind of thing an import left out (or read another way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// A whole event.
    Event,
    /// A to-do (VTODO): Juggle's calendar holds events.
    Todo,
    /// A journal entry (VJOURNAL).
    Journal,
    /// One malformed or unusable line; its event was kept.
    Line,
    /// A value read another way, e.g. an unknown time zone read as local time.
    Value,
}

/// Something left out of an import, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Skipped {
    /// Line in the file (1-based): the BEGIN of an event, or the line itself.
    pub line: u32,
    pub uid: Option<String>,
    pub kind: SkipKind,
    pub reason: String,
}
