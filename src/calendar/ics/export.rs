//! The book's events written as an .ics file.

use chrono::{DateTime, Duration, NaiveDate, Offset, Utc};
use chrono_tz::Tz;
use icalendar::{Alarm, Calendar, Component, Event as IcsEvent, EventLike, Property};

use crate::calendar::events;
use crate::calendar::recurrence;
use crate::calendar::time;
use crate::calendar::{CalendarError, CalendarId};
use crate::clients::ClientId;
use crate::store::Store;

/// The book's events as an .ics text: all of them, or one client's.
pub fn export(store: &Store, client: Option<ClientId>) -> Result<String, CalendarError> {
    let conn = store.conn();
    let name = match client {
        Some(id) => format!("Juggle — {}", crate::clients::get(conn, id)?.name),
        None => "Juggle".to_owned(),
    };
    let mut cal = calendar();
    cal.name(&name);
    for ev in events(conn, Only::Client(client))? {
        cal.push(ev);
    }
    Ok(cal.done().to_string())
}

/// One event of `calendar` (its series and edited occurrences: one CalDAV object) as an
/// .ics text, or `None` when the calendar has no event with that UID. What a sync sends
/// for a new event, and compares with the last sync's rendering to see a change.
pub fn render_uid(
    conn: &rusqlite::Connection,
    calendar: CalendarId,
    uid: &str,
) -> Result<Option<String>, CalendarError> {
    let events = events(conn, Only::Uid(calendar, uid))?;
    if events.is_empty() {
        return Ok(None);
    }
    let mut cal = calendar_header();
    for ev in events {
        cal.push(ev);
    }
    Ok(Some(cal.done().to_string()))
}

/// Every event of `calendar` rendered as `render_uid` renders it, by UID (an occurrence
/// kept on its own under its series' UID): what a sync compares in one pass.
pub fn render_calendar(
    conn: &rusqlite::Connection,
    calendar: CalendarId,
) -> Result<std::collections::HashMap<String, String>, CalendarError> {
    let mut groups: std::collections::HashMap<String, Calendar> = std::collections::HashMap::new();
    for ev in events(conn, Only::Calendar(calendar))? {
        let uid = ev.get_uid().unwrap_or_default();
        let base = uid.split_once("#occ-").map_or(uid, |(b, _)| b).to_owned();
        groups.entry(base).or_insert_with(calendar_header).push(ev);
    }
    Ok(groups
        .into_iter()
        .map(|(uid, mut cal)| (uid, cal.done().to_string()))
        .collect())
}

/// Which events to write.
enum Only<'a> {
    /// Every event, or one client's.
    Client(Option<ClientId>),
    /// One UID's rows (an occurrence kept on its own as `UID#occ-…` included) in a calendar.
    Uid(CalendarId, &'a str),
    /// A calendar's rows.
    Calendar(CalendarId),
}

fn calendar_header() -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property((
        "PRODID",
        concat!("-//Juggle//Juggle ", env!("CARGO_PKG_VERSION"), "//EN"),
    ));
    cal
}

fn calendar() -> Calendar {
    let mut cal = calendar_header();
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal
}

fn events(conn: &rusqlite::Connection, only: Only) -> Result<Vec<IcsEvent>, CalendarError> {
    const COLUMNS: &str = "
        SELECT e.id, e.uid, e.title, e.kind, e.all_day, e.start_utc, e.end_utc, e.start_date,
               e.end_date, e.tz, e.rrule, e.recurrence_utc, e.location, e.notes, e.free,
               e.reminders, c.name, e.updated_at
        FROM events e LEFT JOIN clients c ON c.id = e.client_id";
    const ORDER: &str = "ORDER BY e.series_id IS NOT NULL, e.id";
    // Each its own statement, so that SQLite can use the index each needs (a sync renders
    // every UID of a calendar).
    let (filter, args): (&str, Vec<rusqlite::types::Value>) = match only {
        Only::Client(client) => (
            "WHERE ?1 IS NULL OR e.client_id = ?1",
            vec![client.map(|c| c.0).into()],
        ),
        Only::Uid(calendar, uid) => (
            "WHERE e.calendar_id = ?1
               AND (e.uid = ?2 OR (e.uid >= ?2 || '#occ-' AND e.uid < ?2 || '#occ.'))",
            vec![calendar.0.into(), uid.to_owned().into()],
        ),
        Only::Calendar(calendar) => ("WHERE e.calendar_id = ?1", vec![calendar.0.into()]),
    };
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!("{COLUMNS} {filter} {ORDER}"))?;
    let mut exdates_of = conn.prepare_cached(
        "SELECT occurrence_utc FROM event_exdates x WHERE series_id = ?1
           AND NOT EXISTS (SELECT 1 FROM events o WHERE o.series_id = x.series_id AND o.recurrence_utc = x.occurrence_utc)",
    )?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        let tz: Tz = r.get::<_, String>(9)?.parse().unwrap_or(Tz::UTC);
        let all_day: bool = r.get(4)?;
        let mut ev = IcsEvent::new();
        ev.uid(&r.get::<_, String>(1)?)
            .summary(&r.get::<_, String>(2)?);
        ev.add_property("X-JUGGLE-KIND", &r.get::<_, String>(3)?);
        if all_day {
            let d = |s: String| s.parse::<NaiveDate>().unwrap_or_default();
            let (s, e) = (d(r.get(7)?), d(r.get(8)?));
            ev.append_property(date_prop("DTSTART", s));
            ev.append_property(date_prop("DTEND", e + Duration::days(1)));
        } else {
            ev.append_property(time_prop("DTSTART", r.get(5)?, tz));
            ev.append_property(time_prop("DTEND", r.get(6)?, tz));
        }
        if let Some(rules) = r.get::<_, Option<String>>(10)? {
            // A zone the imported file defined is not written back: the series is
            // exported in the IANA zone it is kept in (docs/calendar-import.md).
            for rule in recurrence::rules(&rules) {
                ev.append_multi_property(Property::new("RRULE", rule));
            }
            let keys: Vec<i64> = exdates_of
                .query_map([r.get::<_, i64>(0)?], |x| x.get(0))?
                .collect::<Result<_, _>>()?;
            for key in keys {
                ev.append_multi_property(key_prop("EXDATE", key, all_day, tz));
            }
        }
        if let Some(key) = r.get::<_, Option<i64>>(11)? {
            ev.append_property(key_prop("RECURRENCE-ID", key, all_day, tz));
        }
        let location: String = r.get(12)?;
        if !location.is_empty() {
            ev.location(&location);
        }
        let notes: String = r.get(13)?;
        if !notes.is_empty() {
            ev.description(&notes);
        }
        ev.add_property(
            "TRANSP",
            if r.get::<_, bool>(14)? {
                "TRANSPARENT"
            } else {
                "OPAQUE"
            },
        );
        for m in events::reminders_from(&r.get::<_, String>(15)?) {
            ev.alarm(Alarm::display("Reminder", -Duration::minutes(i64::from(m))));
        }
        if let Some(client) = r.get::<_, Option<String>>(16)? {
            ev.add_property("X-JUGGLE-CLIENT", &client);
            ev.add_property("CATEGORIES", client.replace(',', "\\,"));
        }
        let stamp = r
            .get::<_, String>(17)?
            .parse::<DateTime<Utc>>()
            .unwrap_or_else(|_| Utc::now());
        ev.timestamp(stamp);
        out.push(ev.done());
    }
    Ok(out)
}

pub(super) fn date_prop(name: &str, d: NaiveDate) -> Property {
    Property::new(name, d.format("%Y%m%d").to_string())
        .add_parameter("VALUE", "DATE")
        .done()
}

pub(super) fn time_prop(name: &str, ts: i64, tz: Tz) -> Property {
    let t = time::from_key(ts);
    // UTC by any of its names is written as UTC (`Z`), never as a TZID nobody defines.
    if t.with_timezone(&tz).offset().fix().local_minus_utc() == 0
        && [
            "UTC",
            "Etc/UTC",
            "Etc/GMT",
            "GMT",
            "Etc/Universal",
            "Universal",
            "Etc/Zulu",
            "Zulu",
            "Etc/UCT",
            "UCT",
        ]
        .contains(&tz.name())
    {
        return Property::new(name, t.format("%Y%m%dT%H%M%SZ").to_string());
    }
    Property::new(
        name,
        t.with_timezone(&tz).format("%Y%m%dT%H%M%S").to_string(),
    )
    .add_parameter("TZID", tz.name())
    .done()
}

pub(super) fn key_prop(name: &str, key: i64, all_day: bool, tz: Tz) -> Property {
    if all_day {
        date_prop(name, time::from_key(key).date_naive())
    } else {
        time_prop(name, key, tz)
    }
}

/// Writes the export to a file.
pub fn export_file(
    store: &Store,
    path: &std::path::Path,
    client: Option<ClientId>,
) -> Result<usize, CalendarError> {
    let text = export(store, client)?;
    let count = text.matches("BEGIN:VEVENT").count();
    // Through a temporary file and a rename: a failed export never leaves half a calendar
    // that looks whole.
    crate::export::write_whole(path, text.as_bytes()).map_err(|e| {
        CalendarError::Unreadable(format!("could not write {}: {e}", path.display()))
    })?;
    Ok(count)
}
