//! What a synced collection fills in Juggle: a calendar's events, a client's tasks (a task
//! list), or clients' contacts (an address book). The engine syncs either the same way through these few operations.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::accounts::{Collection, CollectionKind};
use super::{card, patch, todo};
use crate::calendar::{self, ics, CalendarId};
use crate::clients::ClientId;
use crate::sync::SyncError;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Target {
    Events(CalendarId),
    Tasks(Option<ClientId>),
    /// An address book: the contacts that came from it.
    Contacts,
}

impl Target {
    /// Where a collection syncs to, or `None` while it does not sync.
    pub fn of(c: &Collection) -> Option<Target> {
        match (c.kind, c.calendar_id, c.synced) {
            (CollectionKind::Calendar, Some(calendar), _) => Some(Target::Events(calendar)),
            (CollectionKind::Tasks, _, true) => Some(Target::Tasks(c.client_id)),
            (CollectionKind::Addressbook, _, true) => Some(Target::Contacts),
            _ => None,
        }
    }

    /// Everything here, rendered as Juggle writes it (with its stamp), by UID. `synced`
    /// says whether a UID is on the server already.
    pub fn renders(
        &self,
        conn: &Connection,
        synced: &dyn Fn(&str) -> bool,
    ) -> Result<HashMap<String, String>, SyncError> {
        match *self {
            Target::Events(calendar) => Ok(ics::render_calendar(conn, calendar)?),
            Target::Tasks(client) => todo::renders(conn, client, synced),
            Target::Contacts => card::renders(conn, synced),
        }
    }

    /// One UID's rendering without its stamp, for comparing with the last sync's.
    pub fn render(&self, conn: &Connection, uid: &str) -> Result<Option<String>, SyncError> {
        let text = match *self {
            Target::Events(calendar) => ics::render_uid(conn, calendar, uid)?,
            Target::Tasks(client) => todo::render(conn, client, uid)?,
            Target::Contacts => card::render(conn, uid)?,
        };
        Ok(text.map(|t| patch::without_stamp(&t)))
    }

    /// Its objects are vCards (an address book), not iCalendar.
    pub fn cards(&self) -> bool {
        matches!(self, Target::Contacts)
    }

    /// What a new object's file on the server is called.
    pub fn extension(&self) -> &'static str {
        if self.cards() {
            "vcf"
        } else {
            "ics"
        }
    }

    /// Takes in an object from the server, by its UID.
    pub fn import(&self, tx: &mut Transaction, text: &str) -> Result<(), SyncError> {
        match *self {
            Target::Events(calendar) => {
                let client = calendar::get_calendar(tx, calendar)?.client_id;
                ics::import_into(tx, text, client, Some(calendar))?;
            }
            Target::Tasks(client) => {
                todo::import(tx, client, text, crate::calendar::time::today())?;
            }
            Target::Contacts => card::import(tx, text)?,
        }
        Ok(())
    }

    /// Deletes what `uid` names here (deleted on the server); how many went.
    pub fn remove(&self, tx: &mut Transaction, uid: &str) -> Result<u32, SyncError> {
        match *self {
            Target::Events(calendar) => {
                let n = tx.execute(
                    "DELETE FROM events WHERE calendar_id = ?1 AND series_id IS NULL
                       AND (uid = ?2 OR substr(uid, 1, length(?2) + 5) = ?2 || '#occ-')",
                    params![calendar, uid],
                )?;
                Ok(n.min(1) as u32)
            }
            Target::Tasks(client) => todo::remove(tx, client, uid),
            Target::Contacts => card::remove(tx, uid),
        }
    }

    /// Keeps Juggle's version of `uid` (rendered as `render`) as a new item beside the
    /// server's, marked with `mark`; returns the copy's UID where it has one already.
    pub fn keep_copy(
        &self,
        tx: &mut Transaction,
        uid: &str,
        render: &str,
        mark: &str,
    ) -> Result<String, SyncError> {
        match *self {
            Target::Events(calendar) => {
                let copy = format!("{}-conflict@juggle", uuid::Uuid::new_v4());
                let client = calendar::get_calendar(tx, calendar)?.client_id;
                let text = patch::conflict_copy(render, &copy, mark);
                ics::import_into(tx, &text, client, Some(calendar))?;
                Ok(copy)
            }
            Target::Tasks(client) => {
                todo::keep_copy(tx, client, uid, crate::calendar::time::today(), mark)
            }
            Target::Contacts => card::keep_copy(tx, uid, mark),
        }
    }

    /// The title of what `uid` names here, for the conflict notice.
    pub fn title(&self, conn: &Connection, uid: &str) -> Result<String, SyncError> {
        let title = match *self {
            Target::Events(calendar) => conn
                .query_row(
                    "SELECT title FROM events WHERE calendar_id = ?1 AND uid = ?2 AND series_id IS NULL",
                    params![calendar, uid],
                    |r| r.get(0),
                )
                .optional()?,
            Target::Tasks(client) => todo::title(conn, client, uid)?,
            Target::Contacts => Some(card::title(conn, uid)?),
        };
        Ok(title.unwrap_or_default())
    }
}
