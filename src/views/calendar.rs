//! The calendar as the screen shows it: the events' occurrences and, beside them, the
//! entries derived from other areas' records (clients' important dates, payment due dates
//! and deliverables, open tasks' due days and tentative bookings' deadlines). These are
//! all-day, free and read-only; they are computed for the window, never stored as events.

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::Connection;

use super::Error;
use crate::calendar::time::{self, date_key};
use crate::calendar::{
    self, CalendarError, CalendarView, EventId, EventKind, Filter, Occurrence, Source, SourceFn,
    Window,
};
use crate::clients::ClientId;
use crate::store::Store;

/// Sources beside the events, in the order their entries are collected.
const DERIVED: &[SourceFn] = &[important_dates, contract_dates, capacity_dates];

/// Everything on the calendar from `first_day` to `last_day` (inclusive) in `zone`, in
/// start order, with overlapping timed busy occurrences marked as conflicts.
pub fn occurrences(
    store: &Store,
    first_day: NaiveDate,
    last_day: NaiveDate,
    zone: Tz,
    filter: &Filter,
) -> Result<Vec<Occurrence>, Error> {
    Ok(window(store, first_day, last_day, zone, filter)?.occurrences)
}

/// The calendar screen's query: [`occurrences`], and the series that had more
/// occurrences in the window than are shown (so the screen can say so).
pub fn window(
    store: &Store,
    first_day: NaiveDate,
    last_day: NaiveDate,
    zone: Tz,
    filter: &Filter,
) -> Result<CalendarView, Error> {
    Ok(calendar::occurrences_with(
        store, first_day, last_day, zone, filter, DERIVED,
    )?)
}

/// Clients' important dates as all-day, free entries, computed for the window.
fn important_dates(
    conn: &Connection,
    w: &Window,
    filter: &Filter,
) -> Result<Vec<Occurrence>, CalendarError> {
    let near = crate::relationship::dates::near(
        conn,
        filter.client_id,
        w.first_day,
        w.last_day,
        w.first_day,
    )?;
    Ok(near
        .into_iter()
        .map(|n| Occurrence {
            recurring: n.date.yearly,
            ..derived(
                Source::ImportantDate,
                format!("date-{}", n.date.id),
                n.date.id.0,
                n.title,
                (n.date.client_id, n.date.client, n.date.colour),
                n.on.to_string(),
                n.until.to_string(),
            )
        })
        .collect())
}

/// Payment due dates and deliverable deadlines from contracts, as all-day, free entries.
fn contract_dates(
    conn: &Connection,
    w: &Window,
    filter: &Filter,
) -> Result<Vec<Occurrence>, CalendarError> {
    use crate::contracts::EntryKind;
    let entries =
        crate::contracts::calendar_entries(conn, filter.client_id, w.first_day, w.last_day)?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let (source, tag) = match e.kind {
                EntryKind::InstalmentDue => (Source::PaymentDue, "instalment"),
                EntryKind::InvoiceDue => (Source::PaymentDue, "invoice"),
                EntryKind::Deliverable => (Source::Deliverable, "deliverable"),
            };
            let kind = if e.kind == EntryKind::Deliverable {
                EventKind::Deadline
            } else {
                EventKind::Other
            };
            Occurrence {
                kind,
                ..derived(
                    source,
                    format!("{tag}-{}", e.id),
                    e.id,
                    e.title,
                    (e.client_id, e.client, e.colour),
                    e.day.clone(),
                    e.day,
                )
            }
        })
        .collect())
}

/// Open tasks' due days and tentative bookings' deadlines, as all-day, free entries.
fn capacity_dates(
    conn: &Connection,
    w: &Window,
    filter: &Filter,
) -> Result<Vec<Occurrence>, CalendarError> {
    let entries =
        crate::capacity::calendar_entries(conn, filter.client_id, w.first_day, w.last_day)?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let (source, tag) = if e.tentative {
                (Source::Tentative, "booking")
            } else {
                (Source::TaskDue, "task")
            };
            let client = match (e.client_id, e.client, e.colour) {
                (Some(id), Some(name), Some(colour)) => Some((id, name, colour)),
                _ => None,
            };
            Occurrence {
                kind: EventKind::Deadline,
                ..derived(
                    source,
                    format!("{tag}-{}", e.id),
                    e.id,
                    e.title,
                    client,
                    e.day.clone(),
                    e.day,
                )
            }
        })
        .collect())
}

/// An all-day, free, read-only entry computed from another area's records; `uid` names
/// the record (unique across sources), `id` is its row id.
fn derived(
    source: Source,
    uid: String,
    id: i64,
    title: String,
    client: impl Into<Option<(ClientId, String, String)>>,
    first: String,
    last: String,
) -> Occurrence {
    let client = client.into();
    Occurrence {
        source,
        // A derived entry has no event: it carries its own row's id (a date's, a task's).
        event_id: EventId(id),
        uid: format!("{uid}@juggle.app"),
        occurrence_key: time::parse_date(&first).map(date_key).unwrap_or_default(),
        recurring: false,
        title,
        client_id: client.as_ref().map(|c| c.0),
        colour: client.as_ref().map(|c| c.2.clone()),
        client: client.map(|c| c.1),
        kind: EventKind::Other,
        all_day: true,
        start: first,
        end: last,
        tz: String::new(),
        location: String::new(),
        channel: None,
        free: true,
        conflict: false,
        reminders: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Source;
    use crate::capacity::{decide, settle, tasks, Decision, Request, TaskInput, TaskStatus};

    #[test]
    fn tasks_due_and_tentative_bookings_show_on_the_calendar_until_done_or_settled() {
        let mut s = Store::open_in_memory().unwrap();
        let today: NaiveDate = "2027-01-03".parse().unwrap();
        let t = tasks::add(&mut s, &TaskInput::due("Report", "3", "2027-01-06"), today).unwrap();
        let held = Request {
            title: "Maybe".into(),
            hours: "5".into(),
            deadline: "2027-01-07".into(),
            ..Default::default()
        };
        let b = decide(&mut s, &held, Decision::Tentative, today).unwrap();
        let on_calendar = |s: &Store| -> Vec<(Source, String, String)> {
            occurrences(
                s,
                "2027-01-04".parse().unwrap(),
                "2027-01-10".parse().unwrap(),
                Tz::UTC,
                &Filter::default(),
            )
            .unwrap()
            .into_iter()
            .map(|o| (o.source, o.title, o.start))
            .collect()
        };
        assert_eq!(
            on_calendar(&s),
            vec![
                (Source::TaskDue, "Due: Report".into(), "2027-01-06".into()),
                (
                    Source::Tentative,
                    "Tentative: Maybe".into(),
                    "2027-01-07".into()
                ),
            ]
        );
        tasks::set_status(&mut s, t.id, TaskStatus::Done, today).unwrap();
        settle(&mut s, b.id, false).unwrap();
        assert!(on_calendar(&s).is_empty());
    }
}
