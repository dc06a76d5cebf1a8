//! What is on the calendar in a window: every source's occurrences, with conflicts marked.
//!
//! Sources are functions from a window to occurrences. This area's own source is its
//! events; entries derived from other areas' records (important dates, payment due dates,
//! task deadlines) are computed by `crate::views::calendar` from their own tables and
//! passed in as extra sources, never copied into `events`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, Row};
use serde::Serialize;
use specta::Type;

use super::events::{reminders_from, When, ALL_DAY_SLACK};
use super::recurrence::{self, Series};
use super::time::{self, date_key};
use super::{CalendarError, EventChannel, EventId, EventInput, EventKind, Occurrence, Source};
use crate::clients::ClientId;
use crate::store::Store;

/// The span being looked at: whole days in the viewer's zone.
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Window {
    fn days(first_day: NaiveDate, last_day: NaiveDate, zone: Tz) -> Window {
        Window {
            from: time::day_start(first_day, zone).with_timezone(&Utc),
            to: time::day_start(last_day + Duration::days(1), zone).with_timezone(&Utc),
            first_day,
            last_day,
        }
    }

    fn instants(from: DateTime<Utc>, to: DateTime<Utc>) -> Window {
        Window {
            from,
            to,
            first_day: from.date_naive(),
            last_day: to.date_naive(),
        }
    }
}

/// Which occurrences to show.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, Type)]
pub struct Filter {
    /// Only this client's.
    pub client_id: Option<ClientId>,
    /// Leave out the calendars the user hid from the calendar screen (the screen's view;
    /// reminders, Today and the brief see every calendar).
    #[serde(default)]
    pub shown_only: bool,
}

/// A source of occurrences: what it has in a window.
pub type SourceFn = fn(&Connection, &Window, &Filter) -> Result<Vec<Occurrence>, CalendarError>;

/// The events' occurrences from `first_day` to `last_day` (inclusive) in `zone`, in start
/// order, with overlapping timed busy occurrences marked as conflicts. What the calendar
/// screen shows, with the derived entries and the series cut short, is
/// `crate::views::calendar::occurrences`.
pub fn occurrences(
    store: &Store,
    first_day: NaiveDate,
    last_day: NaiveDate,
    zone: Tz,
    filter: &Filter,
) -> Result<Vec<Occurrence>, CalendarError> {
    occurrences_with(store, first_day, last_day, zone, filter, &[]).map(|v| v.occurrences)
}

/// A series that has more occurrences in the window than one view shows
/// ([`MAX_PER_SERIES`]): the view shows its first ones and says so.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CutSeries {
    pub event_id: EventId,
    pub title: String,
    /// How many of its occurrences are shown.
    pub shown: u32,
    /// What to tell the user: "Showing the first 20,000 occurrences of “Title”".
    pub note: String,
}

impl CutSeries {
    fn new(event_id: EventId, title: &str) -> CutSeries {
        CutSeries {
            event_id,
            title: title.to_owned(),
            shown: MAX_PER_SERIES as u32,
            note: format!(
                "Showing the first {} occurrences of “{title}”",
                thousands(MAX_PER_SERIES)
            ),
        }
    }
}

/// `20000` as `20,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the calendar shows in a window: the occurrences, and the series cut short.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CalendarView {
    pub occurrences: Vec<Occurrence>,
    /// Series with more occurrences in the window than shown, in the order met.
    pub cut: Vec<CutSeries>,
}

/// [`occurrences`] with more sources beside the events, and the series cut short.
pub fn occurrences_with(
    store: &Store,
    first_day: NaiveDate,
    last_day: NaiveDate,
    zone: Tz,
    filter: &Filter,
    extra: &[SourceFn],
) -> Result<CalendarView, CalendarError> {
    if last_day < first_day {
        return Err(CalendarError::BadWindow(format!(
            "{first_day} to {last_day}"
        )));
    }
    let window = Window::days(first_day, last_day, zone);
    let (mut all, cut) = event_occurrences(store.conn(), &window, filter)?;
    for source in extra {
        all.extend(source(store.conn(), &window, filter)?);
    }
    sort(&mut all, zone);
    mark_conflicts(&mut all);
    Ok(CalendarView {
        occurrences: all,
        cut,
    })
}

/// Start instant used for ordering and overlap (all-day: the day's start in `zone`).
/// Every occurrence's start and end are written from typed values (`row`, `expand_series`,
/// the views' derived entries), so they read back; should one not, it sorts last and
/// overlaps nothing rather than standing at 1970-01-01.
fn bounds(o: &Occurrence, zone: Tz) -> (i64, i64) {
    const UNREADABLE: i64 = i64::MAX;
    if o.all_day {
        let day = |s: &str, plus: i64| {
            time::parse_date(s).map_or(UNREADABLE, |d| {
                time::day_start(d + Duration::days(plus), zone).timestamp()
            })
        };
        (day(&o.start, 0), day(&o.end, 1))
    } else {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).map_or(UNREADABLE, |t| t.timestamp());
        (t(&o.start), t(&o.end))
    }
}

fn sort(all: &mut [Occurrence], zone: Tz) {
    all.sort_by_cached_key(|o| (bounds(o, zone).0, !o.all_day, o.title.clone()));
}

/// Marks every timed, busy occurrence that overlaps another. One sweep in start order:
/// anything overlapping an earlier occurrence overlaps the one that ends latest so far.
fn mark_conflicts(sorted: &mut [Occurrence]) {
    let mut latest: Option<(usize, i64)> = None;
    for i in 0..sorted.len() {
        if sorted[i].all_day || sorted[i].free {
            continue;
        }
        let (start, end) = bounds(&sorted[i], Tz::UTC);
        if let Some((j, latest_end)) = latest {
            if start < latest_end {
                sorted[i].conflict = true;
                sorted[j].conflict = true;
            }
        }
        if latest.is_none_or(|(_, e)| end > e) {
            latest = Some((i, end));
        }
    }
}

const SELECT_OCCURRENCE_ROW: &str = "
    SELECT e.id, e.uid, e.title, e.client_id, c.name, coalesce(c.colour, k.colour), e.kind,
           e.all_day, e.start_utc, e.end_utc, e.start_date, e.end_date, e.tz, e.location,
           e.channel, e.free, e.reminders, e.rrule, e.recurrence_utc
    FROM events e LEFT JOIN clients c ON c.id = e.client_id
                  LEFT JOIN calendars k ON k.id = e.calendar_id";

/// An `events` row with what expanding it needs besides the occurrence itself.
struct EventRow {
    base: Occurrence,
    start_utc: Option<i64>,
    end_utc: Option<i64>,
    rrule: Option<String>,
    tz: Tz,
}

fn row(r: &Row) -> rusqlite::Result<EventRow> {
    let tz_name: String = r.get(12)?;
    let tz: Tz = tz_name.parse().unwrap_or(Tz::UTC);
    let kind: String = r.get(6)?;
    let channel: Option<String> = r.get(14)?;
    let all_day: bool = r.get(7)?;
    let start_utc: Option<i64> = r.get(8)?;
    let end_utc: Option<i64> = r.get(9)?;
    // Days and instants read typed: a stored value that is not one is an error for the
    // calendar to report, never a made-up 1970-01-01 (the schema's CHECK says which of
    // the two pairs a row has).
    let start_date: Option<NaiveDate> = r.get(10)?;
    let end_date: Option<NaiveDate> = r.get(11)?;
    let (start, end, key) = match (all_day, start_date, end_date, start_utc, end_utc) {
        (true, Some(s), Some(e), _, _) => (s.to_string(), e.to_string(), date_key(s)),
        (false, _, _, Some(s), Some(e)) => (rfc3339(s, tz, 8)?, rfc3339(e, tz, 9)?, s),
        (true, ..) => return Err(missing(10)),
        (false, ..) => return Err(missing(8)),
    };
    let rrule: Option<String> = r.get(17)?;
    let recurrence_utc: Option<i64> = r.get(18)?;
    let reminders: String = r.get(16)?;
    let base = Occurrence {
        source: Source::Event,
        event_id: r.get(0)?,
        uid: r.get(1)?,
        occurrence_key: recurrence_utc.unwrap_or(key),
        recurring: rrule.is_some() || recurrence_utc.is_some(),
        title: r.get(2)?,
        client_id: r.get(3)?,
        client: r.get(4)?,
        colour: r.get(5)?,
        kind: EventKind::parse(&kind),
        all_day,
        start,
        end,
        tz: tz_name,
        location: r.get(13)?,
        channel: channel.as_deref().and_then(EventChannel::parse),
        free: r.get(15)?,
        conflict: false,
        reminders: reminders_from(&reminders),
    };
    Ok(EventRow {
        base,
        start_utc,
        end_utc,
        rrule,
        tz,
    })
}

/// A stored instant (column `col`) as the UI reads it, in the event's zone.
fn rfc3339(ts: i64, tz: Tz, col: usize) -> rusqlite::Result<String> {
    DateTime::from_timestamp(ts, 0)
        .map(|t| t.with_timezone(&tz).to_rfc3339())
        .ok_or(rusqlite::Error::IntegralValueOutOfRange(col, ts))
}

/// A row without the start its kind needs (the schema's CHECK forbids it).
fn missing(col: usize) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(col, "start".into(), rusqlite::types::Type::Null)
}

fn all_day_overlaps(o: &Occurrence, w: &Window) -> bool {
    let (Ok(start), Ok(end)) = (time::parse_date(&o.start), time::parse_date(&o.end)) else {
        return false;
    };
    start <= w.last_day && end >= w.first_day
}

/// The events' occurrences in the window, and the series cut short.
fn event_occurrences(
    conn: &Connection,
    w: &Window,
    filter: &Filter,
) -> Result<(Vec<Occurrence>, Vec<CutSeries>), CalendarError> {
    let mut out = single_occurrences(conn, w, filter)?;
    let (series, cut) = expand_series(series_rows(conn, w, filter)?, w)?;
    out.extend(series);
    Ok((out, cut))
}

/// Single events and edited occurrences: an index range on `span_start`, bounded below
/// by the longest single event, then the exact overlap test.
fn single_occurrences(
    conn: &Connection,
    w: &Window,
    filter: &Filter,
) -> Result<Vec<Occurrence>, CalendarError> {
    let (from, to) = (w.from.timestamp(), w.to.timestamp());
    let longest: i64 = conn.query_row(
        "SELECT coalesce(max(span_end - span_start), 0) FROM events WHERE rrule IS NULL",
        [],
        |r| r.get(0),
    )?;
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_OCCURRENCE_ROW}
         WHERE e.rrule IS NULL AND e.span_start < ?2 AND e.span_start >= ?1 - ?3 AND e.span_end > ?1
           AND (?4 IS NULL OR e.client_id = ?4) AND (?5 = 0 OR k.shown IS NOT 0)"
    ))?;
    for r in stmt.query_map(
        params![from, to, longest, filter.client_id, filter.shown_only],
        row,
    )? {
        let r = r?;
        let keep = match (r.start_utc, r.end_utc) {
            (Some(s), Some(e)) => s < to && e > from,
            _ => all_day_overlaps(&r.base, w),
        };
        if keep {
            out.push(r.base);
        }
    }
    Ok(out)
}

/// Most occurrences one series contributes to one query: a month of a series every two
/// minutes; a calendar view is a day to a month.
pub const MAX_PER_SERIES: usize = 20_000;

/// The series rows that may have occurrences in the window, each with its skipped
/// occurrences: all the store is needed for; `expand_series` then works without it.
fn series_rows(
    conn: &Connection,
    w: &Window,
    filter: &Filter,
) -> Result<Vec<(EventRow, Vec<i64>)>, CalendarError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT_OCCURRENCE_ROW}
         WHERE e.rrule IS NOT NULL AND e.span_start < ?2 AND e.span_end > ?1
           AND (?3 IS NULL OR e.client_id = ?3) AND (?4 = 0 OR k.shown IS NOT 0)"
    ))?;
    let rows: Vec<EventRow> = stmt
        .query_map(
            params![
                w.from.timestamp(),
                w.to.timestamp(),
                filter.client_id,
                filter.shown_only
            ],
            row,
        )?
        .collect::<Result<_, _>>()?;
    let mut skipped =
        conn.prepare_cached("SELECT occurrence_utc FROM event_exdates WHERE series_id = ?1")?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let exdates: Vec<i64> = skipped
            .query_map([r.base.event_id], |x| x.get(0))?
            .collect::<Result<_, _>>()?;
        out.push((r, exdates));
    }
    Ok(out)
}

/// The series' occurrences in the window, each series bounded by [`MAX_PER_SERIES`], and
/// the series so cut.
fn expand_series(
    rows: Vec<(EventRow, Vec<i64>)>,
    w: &Window,
) -> Result<(Vec<Occurrence>, Vec<CutSeries>), CalendarError> {
    let mut out = Vec::new();
    let mut cuts = Vec::new();
    for (r, exdates) in rows {
        let first = match (r.start_utc, r.end_utc) {
            (Some(s), Some(e)) => When::Timed {
                start: time::from_key(s).with_timezone(&r.tz),
                end: time::from_key(e).with_timezone(&r.tz),
            },
            _ => When::AllDay {
                start: time::parse_date(&r.base.start)?,
                end: time::parse_date(&r.base.end)?,
            },
        };
        let length = first.length();
        let series = Series {
            rrule: r.rrule.as_deref().unwrap_or_default(),
            dtstart: first.dtstart(),
            exdates: &exdates,
        };
        // Occurrences that started before the window may still run into it.
        let slack = if r.base.all_day {
            Duration::seconds(ALL_DAY_SLACK)
        } else {
            Duration::zero()
        };
        // Bounded per series and query: a hostile rule cannot make one view unbounded.
        // The view shows the first MAX_PER_SERIES occurrences and says it was cut.
        let (starts, cut) = recurrence::starts_between_bounded(
            &series,
            w.from - length - slack,
            w.to + slack,
            MAX_PER_SERIES,
        )?;
        if cut {
            cuts.push(CutSeries::new(r.base.event_id, &r.base.title));
        }
        for start in starts {
            let mut o = r.base.clone();
            o.occurrence_key = start.timestamp();
            if o.all_day {
                let day = start.date_naive();
                o.start = day.to_string();
                o.end = (day + length - Duration::days(1)).to_string();
                if !all_day_overlaps(&o, w) {
                    continue;
                }
            } else {
                let end = start + length;
                if end.with_timezone(&Utc) <= w.from {
                    continue;
                }
                o.start = start.with_timezone(&r.tz).to_rfc3339();
                o.end = end.with_timezone(&r.tz).to_rfc3339();
            }
            out.push(o);
        }
    }
    Ok((out, cuts))
}

/// Occurrences the event in `input` would overlap, for a warning before saving it.
/// `editing` is the event being edited (its own occurrences don't count). A recurring
/// event is checked over its first year. All-day and free events conflict with nothing.
pub fn conflicts_for(
    store: &Store,
    input: &EventInput,
    editing: Option<EventId>,
) -> Result<Vec<Occurrence>, CalendarError> {
    let valid = input.validate(store.conn())?;
    let Some((candidates, span)) = valid.timed_instances()? else {
        return Ok(vec![]);
    };
    let window = Window::instants(span.0, span.1);
    let mut others: Vec<Occurrence> = event_occurrences(store.conn(), &window, &Filter::default())?
        .0
        .into_iter()
        .filter(|o| !o.all_day && !o.free && Some(o.event_id) != editing)
        .filter(|o| {
            let (s, e) = bounds(o, Tz::UTC);
            candidates.iter().any(|(cs, ce)| s < *ce && e > *cs)
        })
        .collect();
    sort(&mut others, Tz::UTC);
    others.truncate(20);
    Ok(others)
}

/// A reminder that is due: the occurrence and how many minutes before its start.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Reminder {
    pub occurrence: Occurrence,
    pub minutes_before: u32,
}

/// What the reminders due in a span need from the store: read under the store's lock,
/// expanded after it is released (`due_in`), so that a long series never holds the lock.
pub struct ReminderSnapshot {
    window: Window,
    singles: Vec<Occurrence>,
    series: Vec<(EventRow, Vec<i64>)>,
}

/// Reads what `due_in` needs for reminders falling in `(after, upto]`.
pub fn reminder_snapshot(
    store: &Store,
    after: DateTime<Utc>,
    upto: DateTime<Utc>,
) -> Result<ReminderSnapshot, CalendarError> {
    // A reminder at most four weeks ahead of its occurrence can be due now.
    let window = Window::instants(after - Duration::days(1), upto + Duration::days(29));
    let conn = store.conn();
    let filter = Filter::default();
    Ok(ReminderSnapshot {
        singles: single_occurrences(conn, &window, &filter)?,
        series: series_rows(conn, &window, &filter)?,
        window,
    })
}

/// Reminders whose time falls in `(after, upto]`, for the app to show as notifications.
/// All-day events remind relative to the day's start in `zone`.
pub fn due_reminders(
    store: &Store,
    after: DateTime<Utc>,
    upto: DateTime<Utc>,
    zone: Tz,
) -> Result<Vec<Reminder>, CalendarError> {
    due_in(reminder_snapshot(store, after, upto)?, after, upto, zone)
}

/// The reminders of a snapshot due in `(after, upto]`; needs no store.
pub fn due_in(
    snapshot: ReminderSnapshot,
    after: DateTime<Utc>,
    upto: DateTime<Utc>,
    zone: Tz,
) -> Result<Vec<Reminder>, CalendarError> {
    let mut all = snapshot.singles;
    all.extend(expand_series(snapshot.series, &snapshot.window)?.0);
    let mut due = Vec::new();
    for o in all {
        let start = bounds(&o, zone).0;
        for &m in &o.reminders {
            let at = start - i64::from(m) * 60;
            if at > after.timestamp() && at <= upto.timestamp() {
                due.push(Reminder {
                    occurrence: o.clone(),
                    minutes_before: m,
                });
            }
        }
    }
    due.sort_by_key(|r| bounds(&r.occurrence, zone).0 - i64::from(r.minutes_before) * 60);
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::add_event;

    fn window(store: &Store) -> Result<Vec<Occurrence>, CalendarError> {
        occurrences(
            store,
            "2027-01-01".parse().unwrap(),
            "2027-01-31".parse().unwrap(),
            Tz::UTC,
            &Filter::default(),
        )
    }

    #[test]
    fn stored_days_and_instants_are_read_typed_never_as_1970() {
        let mut store = Store::open_in_memory().unwrap();
        let day = add_event(
            &mut store,
            &EventInput::all_day("Offsite", "2027-01-06", "2027-01-07"),
        )
        .unwrap();
        let timed = add_event(
            &mut store,
            &EventInput::meeting("Call", "2027-01-05T10:00", "2027-01-05T11:00"),
        )
        .unwrap();
        let seen = window(&store).unwrap();
        let keys: Vec<_> = seen.iter().map(|o| o.occurrence_key).collect();
        let ten = "2027-01-05T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            keys,
            [ten.timestamp(), date_key("2027-01-06".parse().unwrap())]
        );
        // A hand-edited day that is no day: an error, where its key used to be 1970's.
        let conn = store.conn();
        conn.execute(
            "UPDATE events SET start_date = '2027-01-0x' WHERE id = ?1",
            [day.id],
        )
        .unwrap();
        assert!(window(&store).is_err());
        conn.execute(
            "UPDATE events SET start_date = '2027-01-06' WHERE id = ?1",
            [day.id],
        )
        .unwrap();
        // An instant beyond any year: an error, where it used to read as 1970.
        conn.execute(
            "UPDATE events SET end_utc = 9223372036854775807 WHERE id = ?1",
            [timed.id],
        )
        .unwrap();
        assert!(window(&store).is_err());
    }
}
