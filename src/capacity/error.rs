use crate::calendar::CalendarError;
use crate::clients::ClientError;
use crate::store::StoreError;
use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum CapacityError {
    #[error(transparent)]
    Field(#[from] crate::fields::FieldError),
    #[error("Give seven daily hours, Monday first, each from 0 to 24 (like 8,8,8,8,8,0,0).")]
    BadWeek,
    /// One day's box: the day and what was typed.
    #[error("{0}: “{1}” is not a number of hours from 0 to 24.")]
    BadDayHours(&'static str, String),
    /// One day's working windows: the day and what was typed.
    #[error("{0}: “{1}” is not a list of working times; type them like 09:00-12:30, 13:30-18:00, in order.")]
    BadWindows(&'static str, String),
    #[error("The overtime allowance is at most 168 hours a week.")]
    BadOvertime,
    #[error("The due day is before the earliest start.")]
    DueBeforeStart,
    #[error("The last day is before the first.")]
    RangeBackwards,
    #[error("The deadline has passed: capacity counts from tomorrow, so a deadline must be tomorrow or later.")]
    DeadlinePassed,
    #[error("The deadline is before the earliest start.")]
    DeadlineBeforeStart,
    #[error("A request needs some hours of work.")]
    NoHours,
    #[error("Enter a title.")]
    EmptyTitle,
    #[error("Hours done can't be negative.")]
    NegativeDone,
    /// The hours logged on the task, as a number.
    #[error("{0} h are logged on this task by the timer or the timesheet; to go lower, edit or delete those entries there.")]
    DoneBelowLogged(String),
    #[error("To take hours off, edit or delete their entry on the timesheet.")]
    NegativeLog,
    #[error("Unknown {0} “{1}”: use {list}.", list = .2.join(", "))]
    Unknown(&'static str, String, &'static [&'static str]),
    #[error("This task is no longer done, so there is nothing to undo.")]
    NotDone,
    #[error("This request was already {0}.")]
    AlreadyDecided(&'static str),
    #[error("No {0} with id {1}.")]
    NotFound(&'static str, i64),
    #[error(
        "Only a single all-day event can count as days off; for a repeating one, add days off."
    )]
    AwayNotAllDay,
    /// A date with no working times of its own, as a sentence day.
    #[error("{0} has no working times of its own: it works its weekday's.")]
    NoDateHours(String),
    #[error("Could not read {0}: {1}")]
    Unreadable(String, String),
    #[error("That file holds no calendar (no BEGIN:VCALENDAR).")]
    NotACalendar,
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A field as the sentence "Enter …" names it.
impl From<rusqlite::Error> for CapacityError {
    fn from(e: rusqlite::Error) -> Self {
        CapacityError::Store(e.into())
    }
}

impl Coded for CapacityError {
    fn code(&self) -> &'static str {
        use CapacityError::*;
        match self {
            Field(e) => e.code(crate::fields::Area::Capacity),
            BadWeek | BadDayHours(..) => "capacity.bad_week",
            BadWindows(..) => "capacity.bad_windows",
            BadOvertime => "capacity.bad_overtime",
            DueBeforeStart => "task.due_before_start",
            RangeBackwards => "capacity.range_backwards",
            DeadlinePassed => "capacity.deadline_passed",
            NoHours => "capacity.no_hours",
            DoneBelowLogged(_) => "capacity.below_logged",
            NegativeLog => "capacity.negative_hours",
            DeadlineBeforeStart => "capacity.deadline_before_start",
            EmptyTitle => "task.empty_title",
            NegativeDone => "task.negative_done",
            Unknown(..) => "capacity.unknown_value",
            AlreadyDecided(_) => "booking.already_decided",
            NotDone => "task.not_done",
            NotFound(..) | NoDateHours(_) => "capacity.not_found",
            AwayNotAllDay => "capacity.away_not_all_day",
            Unreadable(..) => "capacity.unreadable",
            NotACalendar => "capacity.not_a_calendar",
            Client(e) => e.code(),
            Calendar(e) => e.code(),
            Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        use CapacityError::*;
        match self {
            Field(e) => Some(e.field),
            Unknown(field, ..) => Some(field),
            BadWeek | BadDayHours(..) => Some("weekday_hours"),
            BadWindows(..) => Some("weekday_windows"),
            BadOvertime => Some("overtime_hours"),
            DueBeforeStart => Some("due"),
            RangeBackwards => Some("last_day"),
            DeadlinePassed | DeadlineBeforeStart => Some("deadline"),
            NoHours | NegativeLog => Some("hours"),
            DoneBelowLogged(_) => Some("done_hours"),
            EmptyTitle => Some("title"),
            NegativeDone => Some("done_hours"),
            Client(e) => e.field(),
            _ => None,
        }
    }
}
