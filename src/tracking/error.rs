use crate::capacity::CapacityError;
use crate::contracts::ContractError;
use crate::store::StoreError;
use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum TrackingError {
    #[error(transparent)]
    Field(#[from] crate::fields::FieldError),
    /// The field and what was typed.
    #[error("“{1}” is not a time of day: type it like 09:30 or 14:00.")]
    BadTime(&'static str, String),
    #[error("Give the hours, or the time it started and ended.")]
    NoLength,
    #[error("Give both the start and the end time, or the hours instead.")]
    HalfRange,
    #[error("Give either the hours or the start and end times, not both.")]
    BothLengths,
    #[error("The start and the end are the same time.")]
    ZeroLength,
    #[error("A day has 24 hours: log longer work on each day it took.")]
    OverADay,
    #[error("Time worked can't be logged after now.")]
    InFuture,
    /// What the other entry was for.
    #[error("That overlaps time already logged on “{0}”: change the times, or edit that entry.")]
    Overlaps(String),
    #[error("No timer is running.")]
    NotRunning,
    #[error("The timer is still running on this entry: stop it first.")]
    StillRunning,
    /// The invoice's number.
    #[error("This time is on invoice {0}: void that invoice to change it.")]
    Billed(String),
    #[error("Choose what the time was for: a client, a contract or a task.")]
    NoTarget,
    /// The contract's title.
    #[error("“{0}” is not billed by the hour, so its time is not invoiced: add lines to the invoice instead.")]
    NotHourly(String),
    #[error("No {0} with id {1}.")]
    NotFound(&'static str, i64),
    #[error(transparent)]
    Capacity(#[from] CapacityError),
    #[error(transparent)]
    Contract(#[from] ContractError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for TrackingError {
    fn from(e: rusqlite::Error) -> Self {
        TrackingError::Store(e.into())
    }
}

impl Coded for TrackingError {
    fn code(&self) -> &'static str {
        use TrackingError::*;
        match self {
            Field(e) => e.code(crate::fields::Area::Time),
            BadTime(..) => "time.bad_time",
            NoLength => "time.no_length",
            HalfRange => "time.half_range",
            BothLengths => "time.both_lengths",
            ZeroLength => "time.zero_length",
            OverADay => "time.over_a_day",
            InFuture => "time.in_future",
            Overlaps(_) => "time.overlaps",
            NotRunning => "time.not_running",
            StillRunning => "time.running",
            Billed(_) => "time.billed",
            NoTarget => "time.no_target",
            NotHourly(_) => "time.not_hourly",
            NotFound(..) => "time.not_found",
            Capacity(e) => e.code(),
            Contract(e) => e.code(),
            Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        use TrackingError::*;
        match self {
            Field(e) => Some(e.field),
            BadTime(field, _) => Some(field),
            NoLength | BothLengths | OverADay => Some("hours"),
            HalfRange | ZeroLength | Overlaps(_) => Some("to"),
            InFuture => Some("day"),
            NoTarget => Some("target"),
            Capacity(e) => e.field(),
            Contract(e) => e.field(),
            _ => None,
        }
    }
}
