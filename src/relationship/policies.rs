//! The user's policies and procedures (one text for all clients, versioned on every
//! edit), each client's acknowledgement of a version, and breaches of them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::fields::{self, kinds};
use super::RelationshipError;
use crate::clients::{self, ClientId};
use crate::store::{now_utc, Writer};

kinds! {
    BreachKind {
        NoShow = "no_show",
        LatePayment = "late_payment",
        ScopeCreep = "scope_creep",
        Other = "other",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Policy {
    pub version: i64,
    pub text: String,
    pub created_at: String,
}

/// A client's standing with the policies.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PolicyStatus {
    /// None until the user writes policies.
    pub current_version: Option<i64>,
    /// The latest version this client acknowledged, and when.
    pub acknowledged_version: Option<i64>,
    pub acknowledged_on: Option<String>,
    /// Acknowledged the current version (true when there are no policies).
    pub up_to_date: bool,
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct BreachInput {
    pub client_id: ClientId,
    pub kind: BreachKind,
    pub day: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Breach {
    pub id: i64,
    pub client_id: ClientId,
    pub client: String,
    pub kind: BreachKind,
    pub day: NaiveDate,
    pub note: String,
}

pub fn current_policy(conn: &Connection) -> Result<Option<Policy>, RelationshipError> {
    Ok(conn
        .query_row(
            "SELECT version, text, created_at FROM policy_versions ORDER BY version DESC LIMIT 1",
            [],
            |r| {
                Ok(Policy {
                    version: r.get(0)?,
                    text: r.get(1)?,
                    created_at: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Saves the policies as a new version (earlier acknowledgements keep naming theirs).
pub fn save_policy(store: &mut impl Writer, text: &str) -> Result<Policy, RelationshipError> {
    let text = fields::text("text", text, 50_000)?;
    store.write(|tx| {
        if let Some(current) = current_policy(tx)? {
            if current.text == text {
                return Err(RelationshipError::PolicyUnchanged);
            }
        }
        tx.execute(
            "INSERT INTO policy_versions (text, created_at) VALUES (?1, ?2)",
            params![text, now_utc()],
        )?;
        let saved = current_policy(tx)?.ok_or(RelationshipError::NoPolicy)?;
        Ok(saved)
    })
}

/// Records that a client acknowledged a version (the current one when `None`) on a day.
pub fn acknowledge(
    store: &mut impl Writer,
    client: ClientId,
    version: Option<i64>,
    day: &str,
) -> Result<PolicyStatus, RelationshipError> {
    let day = fields::day("day", day)?;
    store.write(|tx| {
        clients::get(tx, client)?;
        let version = match version {
            Some(v) => {
                let exists: bool = tx.query_row(
                    "SELECT count(*) > 0 FROM policy_versions WHERE version = ?1",
                    [v],
                    |r| r.get(0),
                )?;
                if !exists {
                    return Err(RelationshipError::NoSuchPolicyVersion(v));
                }
                v
            }
            None => {
                current_policy(tx)?
                    .ok_or(RelationshipError::NoPolicy)?
                    .version
            }
        };
        tx.execute(
            "INSERT INTO policy_acks (client_id, version, day) VALUES (?1, ?2, ?3)
             ON CONFLICT (client_id, version) DO UPDATE SET day = excluded.day",
            params![client, version, day.to_string()],
        )?;
        let status = policy_status(tx, client)?;
        Ok(status)
    })
}

pub fn policy_status(
    conn: &Connection,
    client: ClientId,
) -> Result<PolicyStatus, RelationshipError> {
    let current = current_policy(conn)?.map(|p| p.version);
    let ack: Option<(i64, String)> = conn
        .query_row(
            "SELECT version, day FROM policy_acks WHERE client_id = ?1 ORDER BY version DESC LIMIT 1",
            [client],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(PolicyStatus {
        current_version: current,
        up_to_date: current.is_none_or(|c| ack.as_ref().is_some_and(|(v, _)| *v >= c)),
        acknowledged_version: ack.as_ref().map(|(v, _)| *v),
        acknowledged_on: ack.map(|(_, d)| d),
    })
}

pub fn add_breach(
    store: &mut impl Writer,
    input: &BreachInput,
) -> Result<Breach, RelationshipError> {
    store.write(|tx| {
        clients::get(tx, input.client_id)?;
        let day = fields::day("day", &input.day)?;
        let note = fields::text("note", &input.note, 2000)?;
        tx.execute(
            "INSERT INTO breaches (client_id, kind, day, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                input.client_id,
                input.kind.as_str(),
                day.to_string(),
                note,
                now_utc()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let saved = tx.query_row(&format!("{SELECT} WHERE b.id = ?1"), [id], from_row)?;
        Ok(saved)
    })
}

/// Deletes a logged breach; returns the trash entry that Undo brings it back from.
pub fn delete_breach(store: &mut impl Writer, id: i64) -> Result<i64, RelationshipError> {
    store.write(|tx| {
        let mut taken = crate::store::trash::Removal::default();
        taken.take(tx, "breaches", "id = ?1", &id)?;
        if taken.is_empty() {
            return Err(RelationshipError::NotFound("breach", id));
        }
        let entry = taken.keep(tx, "the breach")?;
        tx.execute("DELETE FROM breaches WHERE id = ?1", [id])?;
        Ok(entry)
    })
}

/// Breaches of active clients (one client's when asked) on or after `since`, latest first.
pub fn breaches(
    conn: &Connection,
    client: Option<ClientId>,
    since: Option<NaiveDate>,
) -> Result<Vec<Breach>, RelationshipError> {
    let sql = format!(
        "{SELECT} WHERE c.archived_at IS NULL AND (?1 IS NULL OR b.client_id = ?1) AND (?2 IS NULL OR b.day >= ?2)
         ORDER BY b.day DESC, b.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![client, since.map(|d| d.to_string())], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const SELECT: &str = "SELECT b.id, b.client_id, c.name, b.kind, b.day, b.note FROM breaches b JOIN clients c ON c.id = b.client_id";

fn from_row(r: &Row) -> rusqlite::Result<Breach> {
    let kind: String = r.get(3)?;
    Ok(Breach {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client: r.get(2)?,
        kind: kind.parse().unwrap_or(BreachKind::Other),
        day: r.get(4)?,
        note: r.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_new_policy_version_needs_a_new_acknowledgement() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &clients::ClientInput::named("Acme")).unwrap();
        assert!(
            policy_status(store.conn(), acme.id).unwrap().up_to_date,
            "no policies, nothing to acknowledge"
        );
        assert!(matches!(
            acknowledge(&mut store, acme.id, None, "2026-11-01"),
            Err(RelationshipError::NoPolicy)
        ));
        save_policy(&mut store, "Payment within 14 days.").unwrap();
        assert!(!policy_status(store.conn(), acme.id).unwrap().up_to_date);
        let status = acknowledge(&mut store, acme.id, None, "2026-11-01").unwrap();
        assert_eq!(
            (status.acknowledged_version, status.up_to_date),
            (Some(1), true)
        );
        assert!(matches!(
            save_policy(&mut store, " Payment within 14 days. "),
            Err(RelationshipError::PolicyUnchanged)
        ));
        save_policy(
            &mut store,
            "Payment within 14 days. Cancellations 24 h ahead.",
        )
        .unwrap();
        let status = policy_status(store.conn(), acme.id).unwrap();
        assert_eq!(
            (
                status.current_version,
                status.acknowledged_version,
                status.up_to_date
            ),
            (Some(2), Some(1), false)
        );
    }

    #[test]
    fn breaches_are_listed_latest_first_since_a_day() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &clients::ClientInput::named("Acme")).unwrap();
        for (kind, day) in [
            (BreachKind::NoShow, "2026-06-01"),
            (BreachKind::LatePayment, "2026-11-01"),
        ] {
            add_breach(
                &mut store,
                &BreachInput {
                    client_id: acme.id,
                    kind,
                    day: day.into(),
                    note: String::new(),
                },
            )
            .unwrap();
        }
        let all = breaches(store.conn(), Some(acme.id), None).unwrap();
        assert_eq!(
            all.iter().map(|b| b.kind).collect::<Vec<_>>(),
            [BreachKind::LatePayment, BreachKind::NoShow]
        );
        assert_eq!(
            breaches(store.conn(), None, Some("2026-09-01".parse().unwrap()))
                .unwrap()
                .len(),
            1
        );
    }
}
