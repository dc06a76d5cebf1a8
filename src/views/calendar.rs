//! The calendar as the screen shows it: the events' occurrences and, beside them, the
//! entries derived from other areas' records (clients' important dates, payment due dates
//! and deliverables, open tasks' due days and tentative bookings' deadlines). These are
//! all-day, free and read-only; they are computed for the window, never stored as events.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Timelike};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::Error;
use crate::calendar::time::date_key;
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

/// How densely the screen can show entries: a month cell holds a few per day, a week or
/// day column a few per hour; a list shows all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "per", rename_all = "snake_case")]
pub enum Fit {
    All,
    /// At most `max` entries a day (all-day and timed together).
    Day {
        max: u32,
    },
    /// At most `max` all-day entries a day, and `max` timed ones starting in each hour.
    Hour {
        max: u32,
    },
}

/// Entries left out of one slot, for the screen's "+N more".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Hidden {
    /// The slot's day, `YYYY-MM-DD`, in the calendar's zone.
    pub day: String,
    /// The slot's hour (0–23) for timed entries in [`Fit::Hour`]; none for a whole day,
    /// or the all-day row.
    pub hour: Option<u8>,
    pub count: u32,
}

/// The calendar screen's window cut to what fits: the first entries of each slot in
/// start order (all-day entries first within a day) and, per slot, how many were left out.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FittedView {
    pub occurrences: Vec<Occurrence>,
    /// Series with more occurrences in the window than shown, in the order met.
    pub cut: Vec<crate::calendar::CutSeries>,
    pub hidden: Vec<Hidden>,
}

/// [`window`] cut to `fit`: a dense week (2,000 meetings) or month (11,000) is sent and
/// drawn as a few hundred entries and a count per slot, not all of them.
pub fn fitted(
    store: &Store,
    first_day: NaiveDate,
    last_day: NaiveDate,
    zone: Tz,
    filter: &Filter,
    fit: Fit,
) -> Result<FittedView, Error> {
    let view = window(store, first_day, last_day, zone, filter)?;
    let (occurrences, hidden) = fit_to(view.occurrences, fit, zone);
    Ok(FittedView {
        occurrences,
        cut: view.cut,
        hidden,
    })
}

/// The slot an entry is counted in: its first day in `zone`, and its hour when timed.
fn slot(o: &Occurrence, fit: Fit, zone: Tz) -> (String, Option<u8>) {
    if o.all_day {
        return (o.start.clone(), None);
    }
    let Ok(start) = chrono::DateTime::parse_from_rfc3339(&o.start) else {
        return (o.start.get(..10).unwrap_or_default().to_owned(), None);
    };
    let local = start.with_timezone(&zone);
    let hour = match fit {
        Fit::Hour { .. } => u8::try_from(local.hour()).ok(),
        Fit::All | Fit::Day { .. } => None,
    };
    (local.date_naive().to_string(), hour)
}

fn fit_to(occurrences: Vec<Occurrence>, fit: Fit, zone: Tz) -> (Vec<Occurrence>, Vec<Hidden>) {
    let max = match fit {
        Fit::All => return (occurrences, Vec::new()),
        Fit::Day { max } | Fit::Hour { max } => max as usize,
    };
    let mut seen: BTreeMap<(String, Option<u8>), usize> = BTreeMap::new();
    // All-day entries first, so a day's banner row is what survives in month view; the
    // kept ones go back to the window's start order.
    let mut ordered: Vec<(usize, Occurrence)> = occurrences.into_iter().enumerate().collect();
    ordered.sort_by_key(|(i, o)| (!o.all_day, *i));
    let mut kept = Vec::new();
    for (i, o) in ordered {
        let n = seen.entry(slot(&o, fit, zone)).or_insert(0);
        *n += 1;
        if *n <= max {
            kept.push((i, o));
        }
    }
    kept.sort_by_key(|(i, _)| *i);
    let kept = kept.into_iter().map(|(_, o)| o).collect();
    let hidden = seen
        .into_iter()
        .filter(|(_, n)| *n > max)
        .map(|((day, hour), n)| Hidden {
            day,
            hour,
            count: u32::try_from(n - max).unwrap_or(u32::MAX),
        })
        .collect();
    (kept, hidden)
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
                n.on,
                n.until,
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
                    e.day,
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
                    e.day,
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
    first: NaiveDate,
    last: NaiveDate,
) -> Occurrence {
    let client = client.into();
    Occurrence {
        source,
        // A derived entry has no event: it carries its own row's id (a date's, a task's).
        event_id: EventId(id),
        uid: format!("{uid}@juggle.app"),
        occurrence_key: date_key(first),
        recurring: false,
        title,
        client_id: client.as_ref().map(|c| c.0),
        colour: client.as_ref().map(|c| c.2.clone()),
        client: client.map(|c| c.1),
        kind: EventKind::Other,
        all_day: true,
        start: first.to_string(),
        end: last.to_string(),
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

    fn timed(title: &str, start: &str) -> Occurrence {
        Occurrence {
            all_day: false,
            start: start.into(),
            end: start.into(),
            ..derived(
                Source::Event,
                title.into(),
                1,
                title.into(),
                None,
                NaiveDate::MIN,
                NaiveDate::MIN,
            )
        }
    }

    fn all_day(title: &str, day: &str) -> Occurrence {
        derived(
            Source::Event,
            title.into(),
            1,
            title.into(),
            None,
            day.parse().unwrap(),
            day.parse().unwrap(),
        )
    }

    fn titles(o: &[Occurrence]) -> Vec<&str> {
        o.iter().map(|o| o.title.as_str()).collect()
    }

    #[test]
    fn a_dense_day_keeps_its_first_entries_and_counts_the_rest() {
        let day = vec![
            timed("a", "2027-01-04T09:00:00+00:00"),
            timed("b", "2027-01-04T09:30:00+00:00"),
            timed("c", "2027-01-04T10:00:00+00:00"),
            all_day("holiday", "2027-01-04"),
            timed("d", "2027-01-05T09:00:00+00:00"),
        ];
        let (kept, hidden) = fit_to(day.clone(), Fit::Day { max: 2 }, Tz::UTC);
        assert_eq!(
            titles(&kept),
            ["a", "holiday", "d"],
            "all-day first, then start order"
        );
        assert_eq!(
            hidden,
            vec![Hidden {
                day: "2027-01-04".into(),
                hour: None,
                count: 2
            }]
        );

        let (kept, hidden) = fit_to(day.clone(), Fit::Hour { max: 1 }, Tz::UTC);
        assert_eq!(titles(&kept), ["a", "c", "holiday", "d"]);
        assert_eq!(
            hidden,
            vec![Hidden {
                day: "2027-01-04".into(),
                hour: Some(9),
                count: 1
            }]
        );

        let (kept, hidden) = fit_to(day, Fit::All, Tz::UTC);
        assert_eq!(kept.len(), 5);
        assert!(hidden.is_empty());
    }

    #[test]
    fn slots_are_counted_on_the_screens_clock() {
        // 23:30 in UTC is already the next day at 00:30 in Lisbon's summer time.
        let late = vec![
            timed("x", "2027-07-01T23:30:00+00:00"),
            timed("y", "2027-07-01T23:45:00+00:00"),
        ];
        let zone: Tz = "Europe/Lisbon".parse().unwrap();
        let (_, hidden) = fit_to(late, Fit::Hour { max: 1 }, zone);
        assert_eq!(
            hidden,
            vec![Hidden {
                day: "2027-07-02".into(),
                hour: Some(0),
                count: 1
            }]
        );
    }

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
        settle(&mut s, b.id, crate::capacity::Decision::Decline, today).unwrap();
        assert!(on_calendar(&s).is_empty());
    }

    #[test]
    fn a_derived_entry_is_keyed_by_its_day_and_a_day_that_does_not_read_is_an_error() {
        let mut s = Store::open_in_memory().unwrap();
        let today: NaiveDate = "2027-01-03".parse().unwrap();
        let t = tasks::add(&mut s, &TaskInput::due("Report", "3", "2027-01-06"), today).unwrap();
        let window = |s: &Store| {
            occurrences(
                s,
                "2027-01-04".parse().unwrap(),
                "2027-01-31".parse().unwrap(),
                Tz::UTC,
                &Filter::default(),
            )
        };
        let seen = window(&s).unwrap();
        assert_eq!(
            seen[0].occurrence_key,
            date_key("2027-01-06".parse().unwrap())
        );
        // Text that sorts inside the window but is no day (a hand-edited file): once it was
        // keyed as 1970-01-01; now the calendar says it cannot read it.
        s.conn()
            .execute(
                "UPDATE tasks SET due_day = '2027-01-1x' WHERE id = ?1",
                [t.id],
            )
            .unwrap();
        assert!(window(&s).is_err());
    }
}
