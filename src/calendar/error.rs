use crate::clients::ClientError;
use crate::store::StoreError;
use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("Enter a title.")]
    EmptyTitle,
    #[error("The title is too long ({0} characters); keep it under 500.")]
    TitleTooLong(usize),
    #[error("“{0}” is not a time zone; use an IANA name such as Europe/Berlin.")]
    UnknownZone(String),
    #[error("“{0}” is not a date: choose one, or type it like 2026-12-31.")]
    BadDate(String),
    #[error("“{0}” is not a date and time: choose one, or type it like 2026-12-31T09:30.")]
    BadDateTime(String),
    #[error("{0} does not exist in {1}: the clocks skip that hour. Pick another time.")]
    NonexistentTime(String, String),
    #[error("The end is before the start.")]
    EndBeforeStart,
    #[error("An event can last at most 366 days.")]
    TooLong,
    #[error(
        "Reminders are minutes before the start, from 0 to 40,320 (four weeks); “{0}” is not."
    )]
    BadReminder(String),
    #[error("The repeat rule is not valid: {0}")]
    BadRule(String),
    #[error("No event with id {0}.")]
    EventNotFound(super::EventId),
    #[error("That occurrence is not part of the series.")]
    NoSuchOccurrence,
    #[error("There is nothing to undo: it was undone already, or is more than a day old.")]
    NothingToUndo,
    #[error("“{0}” is not a date range: the end is before the start.")]
    BadWindow(String),
    #[error("Could not read the calendar file: {0}")]
    Unreadable(String),
    #[error("Name the calendar.")]
    CalendarNameEmpty,
    #[error("The name is too long ({0} characters); keep it under 200.")]
    CalendarNameTooLong(usize),
    #[error("There is already a calendar named “{0}”.")]
    CalendarNameTaken(String),
    #[error("“{0}” is not a colour; use one like #2f80ed.")]
    CalendarColour(String),
    /// The calendar's name.
    #[error("“{0}” is a subscribed calendar: its events come from its address and are changed there, not in Juggle.")]
    ReadOnly(String),
    #[error("No calendar with id {0}: it may have been deleted.")]
    CalendarNotFound(super::CalendarId),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for CalendarError {
    fn from(e: rusqlite::Error) -> Self {
        CalendarError::Store(e.into())
    }
}

impl Coded for CalendarError {
    fn code(&self) -> &'static str {
        use CalendarError::*;
        match self {
            EmptyTitle => "event.empty_title",
            TitleTooLong(_) => "event.title_too_long",
            UnknownZone(_) => "event.unknown_zone",
            BadDate(_) => "event.bad_date",
            BadDateTime(_) => "event.bad_datetime",
            NonexistentTime(..) => "event.nonexistent_time",
            EndBeforeStart => "event.end_before_start",
            TooLong => "event.too_long",
            BadReminder(_) => "event.bad_reminder",
            BadRule(_) => "event.bad_rule",
            EventNotFound(_) => "event.not_found",
            NoSuchOccurrence => "event.no_such_occurrence",
            NothingToUndo => "event.nothing_to_undo",
            BadWindow(_) => "calendar.bad_window",
            Unreadable(_) => "calendar.unreadable",
            CalendarNameEmpty => "calendar.empty_name",
            CalendarNameTooLong(_) => "calendar.name_too_long",
            CalendarNameTaken(_) => "calendar.duplicate_name",
            CalendarColour(_) => "calendar.invalid_colour",
            CalendarNotFound(_) => "calendar.not_found",
            ReadOnly(_) => "calendar.read_only",
            Client(e) => e.code(),
            Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        use CalendarError::*;
        match self {
            EmptyTitle | TitleTooLong(_) => Some("title"),
            UnknownZone(_) => Some("tz"),
            BadDate(_) | BadDateTime(_) | NonexistentTime(..) => Some("start"),
            EndBeforeStart | TooLong => Some("end"),
            BadReminder(_) => Some("reminders"),
            BadRule(_) => Some("recurrence"),
            CalendarNameEmpty | CalendarNameTooLong(_) | CalendarNameTaken(_) => Some("name"),
            CalendarColour(_) => Some("colour"),
            CalendarNotFound(_) | ReadOnly(_) => Some("calendar_id"),
            Client(e) => e.field(),
            _ => None,
        }
    }
}
