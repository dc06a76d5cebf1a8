//! The touch-base cadence: "talk to this client at least every N days", and who is due.
//!
//! The last contact is the latest of a logged interaction and a past calendar meeting with
//! the client. A client with a cadence that was never contacted is due from the day it was
//! added. A client is due on `last contact + cadence`; days overdue count from then.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use super::{interactions, RelationshipError};
use crate::calendar;
use crate::clients::{self, ClientId, Priority};
use crate::store::{now_utc, Store, Writer};

/// Where a client stands with its cadence.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ContactStatus {
    pub client_id: ClientId,
    pub client: String,
    pub priority: Priority,
    pub cadence_days: Option<u32>,
    /// `YYYY-MM-DD`, none if never contacted.
    pub last_contact: Option<NaiveDate>,
    /// "call", "meeting (calendar)"…: what the last contact was.
    pub last_contact_via: Option<String>,
    /// When the next contact is due; none without a cadence.
    pub due_on: Option<NaiveDate>,
    /// Days past `due_on` (0: due today; negative: days left).
    pub days_overdue: Option<i32>,
    pub due: bool,
}

/// A cadence as typed: a whole number of days from 1 to 3660, or blank / "off" / "none"
/// for no cadence. The one parser behind the card's field, the CLI and the CSV import.
pub fn parse_cadence(raw: &str) -> Result<Option<u32>, RelationshipError> {
    let t = raw.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("off") || t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    t.parse::<u32>()
        .ok()
        .filter(|d| (1..=3660).contains(d))
        .map(Some)
        .ok_or_else(|| RelationshipError::BadCadence(t.to_owned()))
}

/// Sets (or with `None` clears) a client's cadence.
pub fn set_cadence(
    store: &mut impl Writer,
    client: ClientId,
    days: Option<u32>,
) -> Result<(), RelationshipError> {
    if let Some(d) = days {
        if !(1..=3660).contains(&d) {
            return Err(RelationshipError::BadCadence(d.to_string()));
        }
    }
    store.write(|tx| {
        clients::get(tx, client)?;
        tx.execute(
            "UPDATE clients SET cadence_days = ?2, updated_at = ?3 WHERE id = ?1",
            params![client, days, now_utc()],
        )?;
        Ok(())
    })
}

/// The status of every active client (or one), as of `now` / `today`.
pub fn statuses(
    store: &Store,
    client: Option<ClientId>,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Vec<ContactStatus>, RelationshipError> {
    let logged = interactions::last_logged(store.conn(), client, today)?;
    let met = calendar::last_meetings(store, now, client)?;
    let kinds = last_kinds(store.conn(), client)?;
    let mut stmt = store.conn().prepare_cached(
        "SELECT id, name, priority, cadence_days, created_at FROM clients
         WHERE archived_at IS NULL AND (?1 IS NULL OR id = ?1) ORDER BY name_key",
    )?;
    let rows = stmt.query_map(params![client], |r| {
        Ok((
            r.get::<_, ClientId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<u32>>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, priority, cadence, created) = row?;
        let meeting = met.get(&id).map(|t| t.with_timezone(&zone).date_naive());
        let last = match (logged.get(&id).copied(), meeting) {
            (Some(l), Some(m)) if m > l => Some((m, "meeting (calendar)".to_owned())),
            (Some(l), _) => Some((l, kinds.get(&id).cloned().unwrap_or_default())),
            (None, Some(m)) => Some((m, "meeting (calendar)".to_owned())),
            (None, None) => None,
        };
        // `created_at` stays text (an old backup or a hand-written book may hold anything
        // there): one that does not read counts as added today, so the cadence starts now
        // rather than the client standing decades overdue from 1970.
        let added = DateTime::parse_from_rfc3339(&created)
            .map(|t| t.with_timezone(&zone).date_naive())
            .unwrap_or(today);
        out.push(status(
            id,
            name,
            priority.parse().unwrap_or_default(),
            cadence,
            last,
            added,
            today,
        ));
    }
    Ok(out)
}

/// Clients due for contact, most overdue first (then the higher priority).
pub fn due_list(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Vec<ContactStatus>, RelationshipError> {
    Ok(due_among(statuses(store, None, today, now, zone)?))
}

/// The due ones of `statuses`, most overdue first.
pub fn due_among(statuses: Vec<ContactStatus>) -> Vec<ContactStatus> {
    let mut due: Vec<ContactStatus> = statuses.into_iter().filter(|s| s.due).collect();
    due.sort_by_key(|s| {
        (
            std::cmp::Reverse(s.days_overdue),
            s.priority.rank(),
            s.client.to_lowercase(),
        )
    });
    due
}

fn status(
    client_id: ClientId,
    client: String,
    priority: Priority,
    cadence: Option<u32>,
    last: Option<(NaiveDate, String)>,
    added: NaiveDate,
    today: NaiveDate,
) -> ContactStatus {
    let due_on = cadence.map(|days| match &last {
        Some((day, _)) => *day + Duration::days(i64::from(days)),
        None => added,
    });
    let days_overdue = due_on.map(|d| (today - d).num_days() as i32);
    ContactStatus {
        client_id,
        client,
        priority,
        cadence_days: cadence,
        last_contact: last.as_ref().map(|(d, _)| *d),
        last_contact_via: last.map(|(_, via)| via),
        due_on,
        due: days_overdue.is_some_and(|d| d >= 0),
        days_overdue,
    }
}

/// The kind of each client's latest logged interaction.
fn last_kinds(
    conn: &Connection,
    client: Option<ClientId>,
) -> Result<HashMap<ClientId, String>, RelationshipError> {
    let mut stmt = conn.prepare_cached(
        "SELECT client_id, kind FROM interactions i
         WHERE (?1 IS NULL OR client_id = ?1)
           AND id = (SELECT id FROM interactions j WHERE j.client_id = i.client_id ORDER BY day DESC, id DESC LIMIT 1)",
    )?;
    let rows = stmt.query_map(params![client], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn due_counts_from_the_last_contact_or_from_when_the_client_was_added() {
        let today = d("2026-11-25");
        let s = status(
            ClientId(1),
            "Acme".into(),
            Priority::Normal,
            Some(14),
            Some((d("2026-11-01"), "call".into())),
            d("2026-01-01"),
            today,
        );
        assert_eq!(
            (s.due_on, s.days_overdue, s.due),
            (Some(d("2026-11-15")), Some(10), true)
        );
        // Typed inside, the same text outside (the card's and `clients due`'s JSON).
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["due_on"], "2026-11-15");
        assert_eq!(
            json["last_contact"],
            serde_json::json!(s.last_contact.map(|d| d.to_string()))
        );
        let s = status(
            ClientId(1),
            "Acme".into(),
            Priority::Normal,
            Some(30),
            Some((d("2026-11-01"), "call".into())),
            d("2026-01-01"),
            today,
        );
        assert_eq!((s.days_overdue, s.due), (Some(-6), false));
        let never = status(
            ClientId(1),
            "Acme".into(),
            Priority::Normal,
            Some(30),
            None,
            d("2026-11-20"),
            today,
        );
        assert_eq!(
            (never.due_on, never.days_overdue, never.due),
            (Some(d("2026-11-20")), Some(5), true)
        );
        let none = status(
            ClientId(1),
            "Acme".into(),
            Priority::Normal,
            None,
            None,
            d("2026-11-20"),
            today,
        );
        assert!(!none.due && none.due_on.is_none());
    }
}
