//! Storing events: validation into `ValidEvent`, and the SQL of add, update, move, delete.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql, Transaction};

use super::recurrence::{self, Series};
use super::removal::{self, Removed, Undo};
use super::time::{self, date_key};
use super::{
    CalendarError, CalendarId, Event, EventChannel, EventId, EventInput, EventKind, Recurrence,
    Scope,
};
use crate::clients::{self, ClientId};
use crate::store::sql::{self, Named};
use crate::store::trash::Removal;
use crate::store::{now_utc, Store, Writer};

const MAX_TITLE: usize = 500;
const MAX_REMINDER: u32 = 40_320;
/// All-day rows are widened by this much on each side in the window index, so that a
/// day is found from any zone (UTC−12 … UTC+14).
pub(super) const ALL_DAY_SLACK: i64 = 14 * 3600;
/// `span_end` of an endless series: 9999-12-31.
const FOREVER: i64 = 253_402_300_799;

/// When an event happens, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum When {
    Timed {
        start: DateTime<Tz>,
        end: DateTime<Tz>,
    },
    /// Inclusive days.
    AllDay { start: NaiveDate, end: NaiveDate },
}

impl When {
    /// First occurrence as the recurrence engine sees it.
    pub(super) fn dtstart(&self) -> DateTime<Tz> {
        match *self {
            When::Timed { start, .. } => start,
            When::AllDay { start, .. } => recurrence::all_day_anchor(start),
        }
    }

    pub(super) fn length(&self) -> Duration {
        match *self {
            When::Timed { start, end } => end - start,
            When::AllDay { start, end } => end - start + Duration::days(1),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct ValidEvent {
    pub calendar_id: Option<CalendarId>,
    pub title: String,
    pub client_id: Option<ClientId>,
    pub kind: EventKind,
    pub when: When,
    pub tz: Tz,
    pub location: String,
    pub channel: Option<EventChannel>,
    pub notes: String,
    pub free: bool,
    pub reminders: Vec<u32>,
    pub rrule: Option<String>,
}

impl EventInput {
    pub(super) fn validate(&self, conn: &Connection) -> Result<ValidEvent, CalendarError> {
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(CalendarError::EmptyTitle);
        }
        if title.chars().count() > MAX_TITLE {
            return Err(CalendarError::TitleTooLong(title.chars().count()));
        }
        let tz = if self.tz.trim().is_empty() {
            time::local_zone()
        } else {
            time::parse_zone(&self.tz)?
        };
        let when = if self.all_day {
            let (start, end) = (time::parse_date(&self.start)?, time::parse_date(&self.end)?);
            if end < start {
                return Err(CalendarError::EndBeforeStart);
            }
            When::AllDay { start, end }
        } else {
            let start = time::resolve(time::parse_wall(&self.start)?, tz)?;
            let end = time::resolve(time::parse_wall(&self.end)?, tz)?;
            if end <= start {
                return Err(CalendarError::EndBeforeStart);
            }
            When::Timed { start, end }
        };
        if when.length() > Duration::days(366) {
            return Err(CalendarError::TooLong);
        }
        if let Some(bad) = self.reminders.iter().find(|m| **m > MAX_REMINDER) {
            return Err(CalendarError::BadReminder(bad.to_string()));
        }
        let mut reminders = self.reminders.clone();
        reminders.sort_unstable();
        reminders.dedup();
        if let Some(id) = self.client_id {
            clients::get(conn, id)?;
        }
        super::calendars::ensure_writable(conn, self.calendar_id)?;
        let rrule = match &self.recurrence {
            Some(rec) => {
                let rule = rec.to_rrule(tz)?;
                recurrence::validate(&Series {
                    rrule: &rule,
                    dtstart: when.dtstart(),
                    exdates: &[],
                })?;
                Some(rule)
            }
            None => None,
        };
        Ok(ValidEvent {
            calendar_id: self.calendar_id,
            title,
            client_id: self.client_id,
            kind: self.kind,
            when,
            tz,
            location: self.location.trim().to_owned(),
            channel: self.channel,
            notes: self.notes.trim().to_owned(),
            free: self.free,
            reminders,
            rrule,
        })
    }
}

impl ValidEvent {
    /// What the row covers in UTC seconds (see the `span_*` columns).
    fn span(&self) -> Result<(i64, i64), CalendarError> {
        let first_end = match self.when {
            When::Timed { start, end } => (start.timestamp(), end.timestamp()),
            When::AllDay { start, end } => (
                date_key(start) - ALL_DAY_SLACK,
                date_key(end) + 86_400 + ALL_DAY_SLACK,
            ),
        };
        let Some(rule) = &self.rrule else {
            return Ok(first_end);
        };
        let series = Series {
            rrule: rule,
            dtstart: self.when.dtstart(),
            exdates: &[],
        };
        let end = match recurrence::last_start(&series)? {
            None => FOREVER,
            Some(last) => {
                let slack = if matches!(self.when, When::AllDay { .. }) {
                    ALL_DAY_SLACK
                } else {
                    0
                };
                (last + self.when.length()).timestamp() + slack
            }
        };
        Ok((first_end.0, end))
    }

    /// The event's time slots (UTC seconds) for conflict checks, and the span they cover:
    /// `None` for all-day and free events, which conflict with nothing. A series counts
    /// over its first year.
    #[allow(clippy::type_complexity)]
    pub(super) fn timed_instances(
        &self,
    ) -> Result<Option<(Vec<(i64, i64)>, (DateTime<Utc>, DateTime<Utc>))>, CalendarError> {
        let When::Timed { start, end } = self.when else {
            return Ok(None);
        };
        if self.free {
            return Ok(None);
        }
        let length = end - start;
        let starts = match &self.rrule {
            None => vec![start],
            Some(rule) => {
                let series = Series {
                    rrule: rule,
                    dtstart: start,
                    exdates: &[],
                };
                let from = start.with_timezone(&Utc);
                recurrence::starts_between(&series, from, from + Duration::days(366), 1000)?
            }
        };
        let slots: Vec<(i64, i64)> = starts
            .iter()
            .map(|s| (s.timestamp(), (*s + length).timestamp()))
            .collect();
        let first = slots.first().map_or(start.timestamp(), |s| s.0);
        let last = slots.last().map_or(end.timestamp(), |s| s.1);
        Ok(Some((slots, (time::from_key(first), time::from_key(last)))))
    }
}

pub(super) const SELECT_EVENT: &str = "
    SELECT id, uid, client_id, title, kind, all_day, start_utc, end_utc, start_date, end_date,
           tz, location, channel, notes, free, reminders, rrule, series_id, calendar_id
    FROM events";

pub(super) fn reminders_from(text: &str) -> Vec<u32> {
    text.split(',')
        .filter_map(|m| m.trim().parse().ok())
        .collect()
}

fn event_from_row(row: &Row) -> rusqlite::Result<Event> {
    let tz_name: String = row.get(10)?;
    let tz: Tz = tz_name.parse().unwrap_or(Tz::UTC);
    let all_day: bool = row.get(5)?;
    let (start, end) = if all_day {
        (row.get::<_, String>(8)?, row.get::<_, String>(9)?)
    } else {
        let wall = |ts: i64| {
            time::from_key(ts)
                .with_timezone(&tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        (wall(row.get(6)?), wall(row.get(7)?))
    };
    let rrule: Option<String> = row.get(16)?;
    let kind: String = row.get(4)?;
    let channel: Option<String> = row.get(12)?;
    let reminders: String = row.get(15)?;
    Ok(Event {
        id: row.get(0)?,
        uid: row.get(1)?,
        client_id: row.get(2)?,
        title: row.get(3)?,
        kind: EventKind::parse(&kind),
        all_day,
        start,
        end,
        tz: tz_name,
        location: row.get(11)?,
        channel: channel.as_deref().and_then(EventChannel::parse),
        notes: row.get(13)?,
        free: row.get(14)?,
        reminders: reminders_from(&reminders),
        recurrence: rrule.as_deref().and_then(|r| Recurrence::from_rrule(r, tz)),
        rrule,
        series_id: row.get(17)?,
        calendar_id: row.get(18)?,
    })
}

pub(super) fn fetch(conn: &Connection, id: EventId) -> Result<Event, CalendarError> {
    conn.query_row(
        &format!("{SELECT_EVENT} WHERE id = ?1"),
        [id],
        event_from_row,
    )
    .optional()?
    .ok_or(CalendarError::EventNotFound(id))
}

pub fn get_event(store: &Store, id: EventId) -> Result<Event, CalendarError> {
    fetch(store.conn(), id)
}

pub fn add_event(store: &mut impl Writer, input: &EventInput) -> Result<Event, CalendarError> {
    store.write(|tx| {
        let valid = input.validate(tx)?;
        let id = insert(tx, &valid, &new_uid(), None)?;
        let event = fetch(tx, id)?;
        Ok(event)
    })
}

/// Adds many events in one transaction (all or none), e.g. a generated book.
pub fn add_events(store: &mut impl Writer, inputs: &[EventInput]) -> Result<usize, CalendarError> {
    store.write(|tx| {
        for input in inputs {
            let valid = input.validate(tx)?;
            insert(tx, &valid, &new_uid(), None)?;
        }
        Ok(inputs.len())
    })
}

pub(super) fn new_uid() -> String {
    format!("{}@juggle.app", uuid::Uuid::new_v4())
}

/// Inserts a row; `recurrence_of` makes it an edited occurrence of a series.
pub(super) fn insert(
    tx: &Transaction,
    e: &ValidEvent,
    uid: &str,
    recurrence_of: Option<(EventId, i64)>,
) -> Result<EventId, CalendarError> {
    let row = Columns::of(e)?;
    let (series_id, recurrence_utc) = (recurrence_of.map(|r| r.0), recurrence_of.map(|r| r.1));
    let mut params = row.named();
    params.extend([
        (":uid", &uid as &dyn ToSql),
        (":series_id", &series_id),
        (":recurrence_utc", &recurrence_utc),
        (":created_at", &row.updated_at),
    ]);
    // Cached: an import inserts thousands of rows with the same statement.
    tx.prepare_cached(&sql::insert("events", &params))?
        .execute(params.as_slice())?;
    Ok(EventId(tx.last_insert_rowid()))
}

fn reminders_text(r: &[u32]) -> String {
    r.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// An event's stored columns, computed once from its validated fields: the one list of
/// what an INSERT and an UPDATE of `events` write.
struct Columns<'a> {
    e: &'a ValidEvent,
    kind: &'static str,
    tz: &'static str,
    channel: Option<&'static str>,
    all_day: bool,
    start_utc: Option<i64>,
    end_utc: Option<i64>,
    start_date: Option<String>,
    end_date: Option<String>,
    reminders: String,
    span: (i64, i64),
    updated_at: String,
}

impl<'a> Columns<'a> {
    fn of(e: &'a ValidEvent) -> Result<Columns<'a>, CalendarError> {
        let (start_utc, end_utc, start_date, end_date) = match e.when {
            When::Timed { start, end } => {
                (Some(start.timestamp()), Some(end.timestamp()), None, None)
            }
            When::AllDay { start, end } => {
                (None, None, Some(start.to_string()), Some(end.to_string()))
            }
        };
        Ok(Columns {
            e,
            kind: e.kind.as_str(),
            tz: e.tz.name(),
            channel: e.channel.map(EventChannel::as_str),
            all_day: matches!(e.when, When::AllDay { .. }),
            start_utc,
            end_utc,
            start_date,
            end_date,
            reminders: reminders_text(&e.reminders),
            span: e.span()?,
            updated_at: now_utc(),
        })
    }

    fn named(&self) -> Named<'_> {
        let e = self.e;
        vec![
            (":calendar_id", &e.calendar_id),
            (":client_id", &e.client_id),
            (":title", &e.title),
            (":kind", &self.kind),
            (":all_day", &self.all_day),
            (":start_utc", &self.start_utc),
            (":end_utc", &self.end_utc),
            (":start_date", &self.start_date),
            (":end_date", &self.end_date),
            (":tz", &self.tz),
            (":rrule", &e.rrule),
            (":location", &e.location),
            (":channel", &self.channel),
            (":notes", &e.notes),
            (":free", &e.free),
            (":reminders", &self.reminders),
            (":span_start", &self.span.0),
            (":span_end", &self.span.1),
            (":updated_at", &self.updated_at),
        ]
    }
}

/// Replaces an event's fields, or (with `Scope::This` on a series) turns the occurrence
/// at `occurrence_key` into an edited occurrence of its own.
pub fn update_event(
    store: &mut impl Writer,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
    input: &EventInput,
) -> Result<Event, CalendarError> {
    store.write(|tx| {
        let mut valid = input.validate(tx)?;
        let current = fetch(tx, id)?;
        super::calendars::ensure_writable(tx, current.calendar_id)?;
        if let (Scope::All, Some(rule), None, None) = (
            scope,
            &current.rrule,
            &current.recurrence,
            &input.recurrence,
        ) {
            // A rule the form cannot show (an imported one: several RRULEs, BYSETPOS, a
            // zone only its file defined) is not in the form's input, which says it is kept.
            recurrence::validate(&Series {
                rrule: rule,
                dtstart: valid.when.dtstart(),
                exdates: &[],
            })?;
            valid.rrule = Some(rule.clone());
        }
        if let (Scope::All, Some(_)) = (scope, &current.rrule) {
            // The form shows the occurrence the user opened; a change of its time applies to
            // the whole series as a shift, keeping the series' first date.
            ensure_occurrence(tx, &current, occurrence_key)?;
            let (_, first) = stored_when(tx, id)?;
            valid.when = shift(first, valid.when, occurrence_key);
        }
        let id = write(tx, &current, &mut valid, occurrence_key, scope)?;
        let event = fetch(tx, id)?;
        Ok(event)
    })
}

/// Saves `valid` over `current` for `target`; returns the id of the row written.
pub(super) fn write(
    tx: &Transaction,
    current: &Event,
    valid: &mut ValidEvent,
    occurrence_key: i64,
    scope: Scope,
) -> Result<EventId, CalendarError> {
    match (scope, &current.rrule) {
        (Scope::This, Some(_)) => {
            ensure_occurrence(tx, current, occurrence_key)?;
            valid.rrule = None;
            tx.execute(
                "INSERT OR IGNORE INTO event_exdates (series_id, occurrence_utc) VALUES (?1, ?2)",
                params![current.id, occurrence_key],
            )?;
            insert(tx, valid, &current.uid, Some((current.id, occurrence_key)))
        }
        _ => {
            if current.series_id.is_some() {
                valid.rrule = None; // an edited occurrence never repeats on its own
            }
            overwrite(tx, current.id, valid)?;
            Ok(current.id)
        }
    }
}

pub(super) fn overwrite(
    tx: &Transaction,
    id: EventId,
    e: &ValidEvent,
) -> Result<(), CalendarError> {
    let row = Columns::of(e)?;
    let mut params = row.named();
    params.push((":id", &id));
    tx.prepare_cached(&sql::update("events", &params))?
        .execute(params.as_slice())?;
    Ok(())
}

/// Refuses keys that are not an occurrence of the series (a stale or forged key).
fn ensure_occurrence(conn: &Connection, series: &Event, key: i64) -> Result<(), CalendarError> {
    let (rrule, when) = stored_when(conn, series.id)?;
    let rrule = rrule.ok_or(CalendarError::NoSuchOccurrence)?;
    let at = time::from_key(key);
    let found = recurrence::starts_between(
        &Series {
            rrule: &rrule,
            dtstart: when.dtstart(),
            exdates: &[],
        },
        at,
        at + Duration::seconds(1),
        1,
    )?;
    if found.is_empty() {
        return Err(CalendarError::NoSuchOccurrence);
    }
    Ok(())
}

/// The stored rule and first occurrence of an event.
pub(super) fn stored_when(
    conn: &Connection,
    id: EventId,
) -> Result<(Option<String>, When), CalendarError> {
    conn.query_row(
        "SELECT rrule, all_day, start_utc, end_utc, start_date, end_date, tz FROM events WHERE id = ?1",
        [id],
        |r| {
            let tz: Tz = r.get::<_, String>(6)?.parse().unwrap_or(Tz::UTC);
            let when = if r.get::<_, bool>(1)? {
                let d = |s: String| s.parse::<NaiveDate>().unwrap_or_default();
                When::AllDay { start: d(r.get(4)?), end: d(r.get(5)?) }
            } else {
                let t = |ts: i64| time::from_key(ts).with_timezone(&tz);
                When::Timed { start: t(r.get(2)?), end: t(r.get(3)?) }
            };
            Ok((r.get(0)?, when))
        },
    )
    .optional()?
    .ok_or(CalendarError::EventNotFound(id))
}

/// Moves (drag) or resizes the occurrence at `occurrence_key`. Timed: new start and end
/// as RFC 3339 instants; all-day: dates, the end inclusive. With `Scope::All` a series
/// moves as a whole, shifted by as much as this occurrence moved.
pub fn move_occurrence(
    store: &mut impl Writer,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
    new_start: &str,
    new_end: &str,
) -> Result<Event, CalendarError> {
    store.write(|tx| {
        let current = fetch(tx, id)?;
        super::calendars::ensure_writable(tx, current.calendar_id)?;
        let (_, first) = stored_when(tx, id)?;
        let tz: Tz = current.tz.parse().unwrap_or(Tz::UTC);
        let moved = parse_move(first, tz, new_start, new_end)?;
        let when = match (scope, &current.rrule) {
            (Scope::All, Some(_)) => {
                ensure_occurrence(tx, &current, occurrence_key)?;
                shift(first, moved, occurrence_key)
            }
            _ => moved,
        };
        if when.length() > Duration::days(366) {
            return Err(CalendarError::TooLong);
        }
        let mut valid = ValidEvent {
            calendar_id: current.calendar_id,
            title: current.title.clone(),
            client_id: current.client_id,
            kind: current.kind,
            when,
            tz,
            location: current.location.clone(),
            channel: current.channel,
            notes: current.notes.clone(),
            free: current.free,
            reminders: current.reminders.clone(),
            rrule: current.rrule.clone(),
        };
        let id = write(tx, &current, &mut valid, occurrence_key, scope)?;
        let event = fetch(tx, id)?;
        Ok(event)
    })
}

fn parse_move(first: When, tz: Tz, start: &str, end: &str) -> Result<When, CalendarError> {
    let when = match first {
        When::Timed { .. } => {
            let instant = |s: &str| {
                DateTime::parse_from_rfc3339(s.trim())
                    .map(|t| t.with_timezone(&tz))
                    .map_err(|_| CalendarError::BadDateTime(s.to_owned()))
            };
            When::Timed {
                start: instant(start)?,
                end: instant(end)?,
            }
        }
        When::AllDay { .. } => When::AllDay {
            start: time::parse_date(start)?,
            end: time::parse_date(end)?,
        },
    };
    let backwards = match when {
        When::Timed { start, end } => end <= start,
        When::AllDay { start, end } => end < start,
    };
    if backwards {
        return Err(CalendarError::EndBeforeStart);
    }
    Ok(when)
}

/// The series' first occurrence moved by as much as the occurrence at `key` moved to `to`.
fn shift(first: When, to: When, key: i64) -> When {
    match (first, to) {
        (When::Timed { start, .. }, When::Timed { start: ns, end: ne }) => {
            let delta = ns.timestamp() - key;
            let s = start + Duration::seconds(delta);
            When::Timed {
                start: s,
                end: s + (ne - ns),
            }
        }
        (When::AllDay { start, .. }, When::AllDay { start: ns, end: ne }) => {
            let delta = ns - time::from_key(key).date_naive();
            let s = start + delta;
            When::AllDay {
                start: s,
                end: s + (ne - ns),
            }
        }
        (_, moved) => moved,
    }
}

/// Copies the events matching `filter` (an SQL condition on `events`' columns and `?1`)
/// into `taken`, with everything that hangs on them and goes when they go: a series'
/// skipped dates, the task a time block is work on, the "counts as days off" mark. Undo
/// then puts back the links as well as the rows.
pub(super) fn take_events(
    taken: &mut Removal,
    tx: &Transaction,
    filter: &str,
    param: &dyn ToSql,
) -> Result<(), CalendarError> {
    let inside = format!("IN (SELECT id FROM events WHERE {filter})");
    taken.take(tx, "events", filter, param)?;
    taken.take(tx, "event_exdates", &format!("series_id {inside}"), param)?;
    taken.take(tx, "task_blocks", &format!("event_id {inside}"), param)?;
    taken.take(tx, "away_events", &format!("event_id {inside}"), param)?;
    Ok(())
}

/// Deletes an event or a whole series (`Scope::All`), or skips the occurrence at
/// `occurrence_key` of a series (`Scope::This`).
pub fn delete_event(
    store: &mut impl Writer,
    id: EventId,
    occurrence_key: i64,
    scope: Scope,
) -> Result<Removed, CalendarError> {
    store.write(|tx| {
        let current = fetch(tx, id)?;
        super::calendars::ensure_writable(tx, current.calendar_id)?;
        match (scope, &current.rrule) {
            (Scope::This, Some(_)) => {
                ensure_occurrence(tx, &current, occurrence_key)?;
                tx.execute(
                    "INSERT OR IGNORE INTO event_exdates (series_id, occurrence_utc) VALUES (?1, ?2)",
                    params![id, occurrence_key],
                )?;
                Ok(Removed {
                    label: format!("an occurrence of “{}”", current.title),
                    undo: Undo::Unskip {
                        series: id,
                        key: occurrence_key,
                    },
                    note: None,
                })
            }
            _ => {
                // Everything the row takes with it (its edited occurrences and skipped
                // dates) is kept for Undo. An edited occurrence is already excluded from
                // its series; removing it leaves that occurrence cancelled, as in other
                // calendars.
                let note = removal::past_meetings_note(tx, &current)?;
                let mut taken = Removal::default();
                take_events(&mut taken, tx, "id = ?1 OR series_id = ?1", &id)?;
                let label = format!("“{}”", current.title);
                let entry = taken.keep(tx, &label)?;
                tx.execute("DELETE FROM events WHERE id = ?1", [id])?;
                Ok(Removed {
                    label,
                    undo: Undo::Restore { entry },
                    note,
                })
            }
        }
    })
}
