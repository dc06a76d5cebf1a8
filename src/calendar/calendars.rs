//! Calendars (issue 18): every event belongs to the book's own calendar (work, the default,
//! `calendar_id` NULL) or to a calendar the user made or imported a file into ("Family",
//! "Gym"). A calendar marked *personal* holds life, not work: its events cost no working
//! time in the capacity check, though they still show, conflict and remind as any other.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::removal::{Removed, Undo};
use super::{CalendarError, CalendarId};
use crate::clients::fields::{Colour, Name};
use crate::clients::{self, ClientError, ClientId};
use crate::store::trash::Removal;
use crate::store::{now_utc, Writer};

/// A calendar as lists and forms show it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Calendar {
    pub id: CalendarId,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    /// Its events cost no working time.
    pub personal: bool,
    /// The client the calendar's events are about, if any (a client's shared calendar).
    pub client_id: Option<ClientId>,
    /// How many events (a series counts once) it holds.
    pub events: u32,
    /// A subscribed calendar: its events come from its address and are changed there.
    pub read_only: bool,
    /// Shown on the calendar screen; a hidden one still counts in the capacity check and
    /// still reminds.
    pub shown: bool,
}

/// What the user typed in the calendar form.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct CalendarInput {
    pub name: String,
    /// Empty: the next palette colour on add, the current colour on update.
    #[serde(default)]
    pub colour: String,
    /// `None` on add: personal unless it is a client's calendar (what a calendar of one's
    /// own life usually is); on update, unchanged.
    #[serde(default)]
    pub personal: Option<bool>,
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// Shown on the calendar screen; `None`: shown on add, unchanged on update.
    #[serde(default)]
    pub shown: Option<bool>,
}

struct Valid {
    name: Name,
    colour: Option<Colour>,
}

impl CalendarInput {
    fn validate(&self, conn: &Connection, id: Option<CalendarId>) -> Result<Valid, CalendarError> {
        let name = Name::parse(&self.name).map_err(|e| match e {
            ClientError::NameTooLong(n) => CalendarError::CalendarNameTooLong(n),
            _ => CalendarError::CalendarNameEmpty,
        })?;
        let colour = match self.colour.trim() {
            "" => None,
            raw => Some(
                Colour::parse(raw).map_err(|_| CalendarError::CalendarColour(raw.to_owned()))?,
            ),
        };
        let taken: Option<i64> = conn
            .query_row(
                "SELECT id FROM calendars WHERE name_key = ?1 AND id IS NOT ?2",
                params![name.key(), id],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(CalendarError::CalendarNameTaken(name.as_str().to_owned()));
        }
        if let Some(client) = self.client_id {
            clients::get(conn, client)?;
        }
        Ok(Valid { name, colour })
    }
}

const SELECT_CALENDAR: &str = "
    SELECT c.id, c.name, c.colour, c.personal, c.client_id,
           (SELECT count(*) FROM events e WHERE e.calendar_id = c.id AND e.series_id IS NULL),
           c.read_only, c.shown
    FROM calendars c";

fn calendar_from_row(r: &Row) -> rusqlite::Result<Calendar> {
    Ok(Calendar {
        id: r.get(0)?,
        name: r.get(1)?,
        colour: r.get(2)?,
        personal: r.get(3)?,
        client_id: r.get(4)?,
        events: r.get(5)?,
        read_only: r.get(6)?,
        shown: r.get(7)?,
    })
}

/// Every calendar the user made, by name.
pub fn list_calendars(conn: &Connection) -> Result<Vec<Calendar>, CalendarError> {
    let mut stmt = conn.prepare(&format!("{SELECT_CALENDAR} ORDER BY c.name_key"))?;
    let rows = stmt.query_map([], calendar_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_calendar(conn: &Connection, id: CalendarId) -> Result<Calendar, CalendarError> {
    conn.query_row(
        &format!("{SELECT_CALENDAR} WHERE c.id = ?1"),
        [id],
        calendar_from_row,
    )
    .optional()?
    .ok_or(CalendarError::CalendarNotFound(id))
}

/// The calendar named `name` (case and spacing ignored), if there is one.
pub fn find_calendar(conn: &Connection, name: &str) -> Result<Option<Calendar>, CalendarError> {
    let Ok(name) = Name::parse(name) else {
        return Ok(None);
    };
    let id: Option<CalendarId> = conn
        .query_row(
            "SELECT id FROM calendars WHERE name_key = ?1",
            [name.key()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get_calendar(conn, id)).transpose()
}

pub fn add_calendar(
    store: &mut impl Writer,
    input: &CalendarInput,
) -> Result<Calendar, CalendarError> {
    store.write(|tx| {
        let valid = input.validate(tx, None)?;
        let colour = match valid.colour {
            Some(c) => c,
            None => {
                // After the clients' colours, so a calendar rarely wears a client's.
                let n: i64 = tx.query_row(
                    "SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM calendars)",
                    [],
                    |r| r.get(0),
                )?;
                Colour::nth_from_palette(n as usize)
            }
        };
        let personal = input.personal.unwrap_or(input.client_id.is_none());
        let now = now_utc();
        tx.execute(
            "INSERT INTO calendars (name, name_key, colour, personal, client_id, shown, created_at,
                                    updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                valid.name.as_str(),
                valid.name.key(),
                colour.as_str(),
                personal,
                input.client_id,
                input.shown.unwrap_or(true),
                now
            ],
        )?;
        get_calendar(tx, CalendarId(tx.last_insert_rowid()))
    })
}

/// Refuses a change to the events of `calendar` when it is a subscribed (read-only) one.
pub(super) fn ensure_writable(
    conn: &Connection,
    calendar: Option<CalendarId>,
) -> Result<(), CalendarError> {
    match calendar {
        Some(id) => {
            let found = get_calendar(conn, id)?;
            if found.read_only {
                return Err(CalendarError::ReadOnly(found.name));
            }
            Ok(())
        }
        None => Ok(()),
    }
}

/// Marks a calendar read-only: a subscription's, whose events come from its address.
pub fn set_read_only(store: &mut impl Writer, id: CalendarId) -> Result<(), CalendarError> {
    store.write(|tx| {
        get_calendar(tx, id)?;
        tx.execute("UPDATE calendars SET read_only = 1 WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Renames, recolours, marks personal or work, or links a client.
pub fn update_calendar(
    store: &mut impl Writer,
    id: CalendarId,
    input: &CalendarInput,
) -> Result<Calendar, CalendarError> {
    store.write(|tx| {
        let current = get_calendar(tx, id)?;
        let valid = input.validate(tx, Some(id))?;
        let colour = valid
            .colour
            .map(|c| c.as_str().to_owned())
            .unwrap_or(current.colour);
        tx.execute(
            "UPDATE calendars SET name = ?2, name_key = ?3, colour = ?4, personal = ?5,
                    client_id = ?6, shown = ?7, updated_at = ?8
             WHERE id = ?1",
            params![
                id,
                valid.name.as_str(),
                valid.name.key(),
                colour,
                input.personal.unwrap_or(current.personal),
                input.client_id,
                input.shown.unwrap_or(current.shown),
                now_utc()
            ],
        )?;
        get_calendar(tx, id)
    })
}

/// Deletes a calendar and every event in it, undoably: the calendar, its events and what
/// hangs on them (skipped dates, task links, days off) go to the trash together.
pub fn delete_calendar(store: &mut impl Writer, id: CalendarId) -> Result<Removed, CalendarError> {
    store.write(|tx| {
        let current = get_calendar(tx, id)?;
        let mut taken = Removal::default();
        taken.take(tx, "calendars", "id = ?1", &id)?;
        super::events::take_events(&mut taken, tx, "calendar_id = ?1", &id)?;
        // A subscribed calendar's address and state go with it, and come back with it.
        taken.take(tx, "subscriptions", "calendar_id = ?1", &id)?;
        let label = format!("the calendar “{}”", current.name);
        let entry = taken.keep(tx, &label)?;
        tx.execute("DELETE FROM calendars WHERE id = ?1", [id])?;
        let note = match current.events {
            0 => None,
            1 => Some("Its event was deleted with it.".to_owned()),
            n => Some(format!("Its {n} events were deleted with it.")),
        };
        Ok(Removed {
            label,
            undo: Undo::Restore { entry },
            note,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{add_event, get_event, undo, EventInput};
    use crate::clients::ClientInput;
    use crate::store::Store;
    use crate::Coded;

    fn input(name: &str) -> CalendarInput {
        CalendarInput {
            name: name.into(),
            ..Default::default()
        }
    }

    fn dinner(calendar: Option<CalendarId>) -> EventInput {
        EventInput {
            calendar_id: calendar,
            ..EventInput::meeting("Dinner", "2027-03-01T19:00", "2027-03-01T21:00")
        }
    }

    #[test]
    fn a_new_calendar_is_personal_unless_it_is_a_clients() {
        let mut store = Store::open_in_memory().unwrap();
        let family = add_calendar(&mut store, &input("Family")).unwrap();
        assert!(family.personal);
        let client = clients::add(&mut store, &ClientInput::named("Acme"))
            .unwrap()
            .id;
        let shared = add_calendar(
            &mut store,
            &CalendarInput {
                client_id: Some(client),
                ..input("Acme shared")
            },
        )
        .unwrap();
        assert!(!shared.personal);
        let work = add_calendar(
            &mut store,
            &CalendarInput {
                personal: Some(false),
                ..input("Conferences")
            },
        )
        .unwrap();
        assert!(!work.personal);
        assert_ne!(family.colour, shared.colour);
    }

    #[test]
    fn names_are_unique_ignoring_case_and_spacing() {
        let mut store = Store::open_in_memory().unwrap();
        add_calendar(&mut store, &input("Family")).unwrap();
        let err = add_calendar(&mut store, &input("  family ")).unwrap_err();
        assert_eq!(err.code(), "calendar.duplicate_name");
        assert_eq!(err.field(), Some("name"));
        let err = add_calendar(&mut store, &input("  ")).unwrap_err();
        assert_eq!(err.code(), "calendar.empty_name");
        let err = add_calendar(
            &mut store,
            &CalendarInput {
                colour: "blue".into(),
                ..input("Gym")
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "calendar.invalid_colour");
    }

    #[test]
    fn an_update_keeps_what_it_does_not_name() {
        let mut store = Store::open_in_memory().unwrap();
        let family = add_calendar(&mut store, &input("Family")).unwrap();
        let renamed = update_calendar(&mut store, family.id, &input("Home")).unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.personal, &renamed.colour),
            ("Home", true, &family.colour)
        );
        let work = update_calendar(
            &mut store,
            family.id,
            &CalendarInput {
                personal: Some(false),
                ..input("Home")
            },
        )
        .unwrap();
        assert!(!work.personal);
        // Its own name is not "taken".
        update_calendar(&mut store, family.id, &input("HOME")).unwrap();
    }

    #[test]
    fn an_event_must_name_a_calendar_that_exists() {
        let mut store = Store::open_in_memory().unwrap();
        let err = add_event(&mut store, &dinner(Some(CalendarId(9)))).unwrap_err();
        assert_eq!(err.code(), "calendar.not_found");
        assert_eq!(err.field(), Some("calendar_id"));
    }

    #[test]
    fn an_import_into_a_new_calendar_that_fails_leaves_no_calendar() {
        let mut store = Store::open_in_memory().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (bad, good) = (dir.path().join("bad.ics"), dir.path().join("good.ics"));
        std::fs::write(&bad, "not a calendar").unwrap();
        std::fs::write(
            &good,
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270301T190000Z\r\n\
             DTEND:20270301T200000Z\r\nSUMMARY:Dinner\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )
        .unwrap();
        let err =
            crate::calendar::ics::import_file_into_new(&mut store, &bad, None, &input("Family"))
                .unwrap_err();
        assert_eq!(err.code(), "calendar.unreadable");
        assert!(list_calendars(store.conn()).unwrap().is_empty());
        let (report, made) =
            crate::calendar::ics::import_file_into_new(&mut store, &good, None, &input("Family"))
                .unwrap();
        assert_eq!((report.added, made.events, made.personal), (1, 1, true));
    }

    #[test]
    fn deleting_a_calendar_takes_its_events_and_undo_brings_both_back() {
        let mut store = Store::open_in_memory().unwrap();
        let family = add_calendar(&mut store, &input("Family")).unwrap();
        let own = add_event(&mut store, &dinner(None)).unwrap();
        let theirs = add_event(&mut store, &dinner(Some(family.id))).unwrap();
        assert_eq!(get_calendar(store.conn(), family.id).unwrap().events, 1);

        // Without a client, an event wears its calendar's colour.
        let shown = crate::calendar::occurrences(
            &store,
            "2027-03-01".parse().unwrap(),
            "2027-03-01".parse().unwrap(),
            chrono_tz::Tz::UTC,
            &crate::calendar::Filter::default(),
        )
        .unwrap();
        let colour_of = |id| {
            shown
                .iter()
                .find(|o| o.event_id == id)
                .unwrap()
                .colour
                .clone()
        };
        assert_eq!(colour_of(theirs.id), Some(family.colour.clone()));
        assert_eq!(colour_of(own.id), None);

        // Hidden from the calendar screen, its events still show everywhere else.
        update_calendar(
            &mut store,
            family.id,
            &CalendarInput {
                shown: Some(false),
                ..input("Family")
            },
        )
        .unwrap();
        let on_screen = |shown_only| {
            crate::calendar::occurrences(
                &store,
                "2027-03-01".parse().unwrap(),
                "2027-03-01".parse().unwrap(),
                chrono_tz::Tz::UTC,
                &crate::calendar::Filter {
                    client_id: None,
                    shown_only,
                },
            )
            .unwrap()
            .len()
        };
        assert_eq!((on_screen(true), on_screen(false)), (1, 2));

        let removed = delete_calendar(&mut store, family.id).unwrap();
        assert_eq!(
            removed.note.as_deref(),
            Some("Its event was deleted with it.")
        );
        assert!(list_calendars(store.conn()).unwrap().is_empty());
        assert!(get_event(&store, theirs.id).is_err());
        assert!(get_event(&store, own.id).is_ok());

        undo(&mut store, &removed.undo).unwrap();
        assert_eq!(list_calendars(store.conn()).unwrap()[0].name, "Family");
        assert_eq!(
            get_event(&store, theirs.id).unwrap().calendar_id,
            Some(family.id)
        );
    }
}
