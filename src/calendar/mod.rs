//! The calendar: events (single or recurring), their occurrences in a window, conflicts,
//! reminders, and iCalendar import/export.
//!
//! Series are stored once with their RRULE and expanded on query for the visible window
//! only. The entries derived from other areas' records (important dates, payments due,
//! task deadlines) are further *sources* added by `crate::views::calendar`, computed from
//! their own tables, never copied into `events`.

mod busy;
mod calendars;
mod error;
mod events;
pub mod ics;
mod meetings;
mod occurrences;
pub mod recurrence;
mod removal;
pub mod time;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use busy::{busy_minutes, free_time, Busy};
pub use calendars::{
    add_calendar, delete_calendar, find_calendar, get_calendar, list_calendars, set_read_only,
    update_calendar, Calendar, CalendarInput,
};
pub use error::CalendarError;
pub use events::{add_event, add_events, delete_event, get_event, move_occurrence, update_event};
pub use meetings::{last_meetings, next_meeting};
pub use occurrences::{
    conflicts_for, due_in, due_reminders, occurrences, occurrences_with, reminder_snapshot,
    CalendarView, CutSeries, Filter, Reminder, ReminderSnapshot, SourceFn, Window, MAX_PER_SERIES,
};
pub use recurrence::{Freq, Recurrence};
pub use removal::{skipped, undo, Removed, SkippedOccurrence, Undo};

use crate::clients::ClientId;

crate::store::id!(EventId);
crate::store::id!(CalendarId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Meeting,
    Deadline,
    TimeBlock,
    Other,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Meeting => "meeting",
            EventKind::Deadline => "deadline",
            EventKind::TimeBlock => "time_block",
            EventKind::Other => "other",
        }
    }

    pub(crate) fn parse(s: &str) -> EventKind {
        match s {
            "meeting" => EventKind::Meeting,
            "deadline" => EventKind::Deadline,
            "time_block" => EventKind::TimeBlock,
            _ => EventKind::Other,
        }
    }
}

/// Where or how an event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventChannel {
    Call,
    Video,
    InPerson,
    Email,
}

impl EventChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            EventChannel::Call => "call",
            EventChannel::Video => "video",
            EventChannel::InPerson => "in_person",
            EventChannel::Email => "email",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<EventChannel> {
        match s {
            "call" => Some(EventChannel::Call),
            "video" => Some(EventChannel::Video),
            "in_person" => Some(EventChannel::InPerson),
            "email" => Some(EventChannel::Email),
            _ => None,
        }
    }
}

/// What the user typed in the event form.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct EventInput {
    /// The calendar it belongs to; `None` is the book's own (work) calendar.
    #[serde(default)]
    pub calendar_id: Option<CalendarId>,
    pub title: String,
    #[serde(default)]
    pub client_id: Option<ClientId>,
    pub kind: EventKind,
    #[serde(default)]
    pub all_day: bool,
    /// Timed: `YYYY-MM-DDTHH:MM`, wall-clock time in `tz`. All-day: `YYYY-MM-DD`.
    pub start: String,
    /// Timed: the end, exclusive, as `start`. All-day: the last day, inclusive.
    pub end: String,
    /// IANA zone (`Europe/Berlin`); empty means the system's zone.
    #[serde(default)]
    pub tz: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub channel: Option<EventChannel>,
    #[serde(default)]
    pub notes: String,
    /// Shown as free: never counts as a conflict.
    #[serde(default)]
    pub free: bool,
    /// Minutes before the start.
    #[serde(default)]
    pub reminders: Vec<u32>,
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
}

/// A stored event (a single event, a series, or one edited occurrence of a series), in
/// the form's terms.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Event {
    pub id: EventId,
    pub uid: String,
    /// `None`: the book's own calendar.
    pub calendar_id: Option<CalendarId>,
    pub client_id: Option<ClientId>,
    pub title: String,
    pub kind: EventKind,
    pub all_day: bool,
    /// As in `EventInput`: wall-clock time in `tz`, or a date.
    pub start: String,
    pub end: String,
    pub tz: String,
    pub location: String,
    pub channel: Option<EventChannel>,
    pub notes: String,
    pub free: bool,
    pub reminders: Vec<u32>,
    /// The stored RRULE, if the event repeats.
    pub rrule: Option<String>,
    /// The same rule in the form's terms; `None` when the rule uses parts the form lacks.
    pub recurrence: Option<Recurrence>,
    /// Set when this event is one edited occurrence of that series.
    pub series_id: Option<EventId>,
}

/// Which occurrences of a series an edit, a move or a delete applies to. (For a single
/// event, or an already edited occurrence, both mean "this event".)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Just the occurrence named by its `occurrence_key`.
    This,
    /// The whole series.
    All,
}

/// Where an occurrence comes from: a stored event, or an entry derived from another
/// area's records (read-only on the calendar; edited where it lives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Event,
    /// A client's important date; `event_id` is the date's id.
    ImportantDate,
    /// A payment falling due (an instalment or an unpaid invoice); `event_id` is its id.
    PaymentDue,
    /// A contract deliverable's deadline; `event_id` is the deliverable's id.
    Deliverable,
    /// An open task's due day; `event_id` is the task's id.
    TaskDue,
    /// A request held tentatively, on its deadline; `event_id` is the booking's id.
    Tentative,
}

/// One occurrence on the calendar. Field names are part of the CLI's `--json` interface.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Occurrence {
    pub source: Source,
    pub event_id: EventId,
    pub uid: String,
    /// Identifies the occurrence within its series: its original start (UTC seconds;
    /// all-day: the date's UTC midnight). Used to edit, move or skip just this one.
    pub occurrence_key: i64,
    pub recurring: bool,
    pub title: String,
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    /// The client's colour, else its calendar's, `#rrggbb`.
    pub colour: Option<String>,
    pub kind: EventKind,
    pub all_day: bool,
    /// Timed: RFC 3339 with the event zone's offset (`2027-03-30T09:00:00+02:00`).
    /// All-day: `YYYY-MM-DD`.
    pub start: String,
    /// Timed: the end (exclusive), as `start`. All-day: the last day, inclusive.
    pub end: String,
    pub tz: String,
    pub location: String,
    pub channel: Option<EventChannel>,
    pub free: bool,
    /// Overlaps another timed, busy occurrence.
    pub conflict: bool,
    pub reminders: Vec<u32>,
}
