//! What the screens show that no single area owns: read models composed from several
//! areas. Today, the client card (and the client list's rows), the pre-meeting brief, and
//! the calendar with the entries derived from other areas' records.
//!
//! Views sit above every area and only read; an area never imports a view. Their error is
//! the crate-level [`crate::Error`], which keeps each area's code and field.

pub mod brief;
pub mod calendar;
pub mod card;
pub mod clients_report;
mod error;
pub mod exit_plan;
pub mod today;

pub use brief::{brief, Brief};
pub use calendar::{
    fitted as calendar_fitted, occurrences, window as calendar_window, Fit, FittedView, Hidden,
};
pub use card::{card, overview, ClientCard, ClientRow};
pub use clients_report::{clients_report, ClientReportRow, ClientsReport};
pub use error::Error;
pub use exit_plan::{exit_plan, ExitPlan};
pub use today::{today, today_top, ClientColour, Today, TodayPanel, TodayTotals};
