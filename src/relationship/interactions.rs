//! Interactions: every call, meeting, email or message worth remembering, with whom it
//! was, what was said, and when to follow up.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::fields::{self, kinds};
use super::RelationshipError;
use crate::clients::{self, ClientId, ContactId};
use crate::store::{now_utc, Writer};

crate::store::id!(InteractionId);

kinds! {
    InteractionKind {
        Meeting = "meeting",
        Call = "call",
        Email = "email",
        Message = "message",
        Other = "other",
    }
}

#[derive(Debug, Clone, Deserialize, Type)]
pub struct InteractionInput {
    pub client_id: ClientId,
    pub kind: InteractionKind,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Who took part, from the client's contacts.
    #[serde(default)]
    pub contact_ids: Vec<ContactId>,
    #[serde(default)]
    pub summary: String,
    /// A day to follow up on, blank for none.
    #[serde(default)]
    pub follow_up: String,
}

/// A person who took part.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Participant {
    pub id: ContactId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Interaction {
    pub id: InteractionId,
    pub client_id: ClientId,
    pub client: String,
    pub kind: InteractionKind,
    pub day: NaiveDate,
    pub contacts: Vec<Participant>,
    pub summary: String,
    pub follow_up: Option<NaiveDate>,
    pub follow_up_done: bool,
}

struct Valid {
    kind: InteractionKind,
    day: NaiveDate,
    contacts: Vec<ContactId>,
    summary: String,
    follow_up: Option<NaiveDate>,
}

impl InteractionInput {
    fn validate(&self, conn: &Connection) -> Result<Valid, RelationshipError> {
        clients::get(conn, self.client_id)?;
        let mut contacts = self.contact_ids.clone();
        contacts.sort_unstable();
        contacts.dedup();
        for &contact in &contacts {
            super::ensure_contact_of(conn, self.client_id, contact)?;
        }
        let day = fields::day("day", &self.day)?;
        let follow_up = fields::optional_day("follow_up", &self.follow_up)?;
        // A follow-up comes after what it follows up.
        if follow_up.is_some_and(|f| f < day) {
            return Err(RelationshipError::FollowUpBeforeDay);
        }
        Ok(Valid {
            kind: self.kind,
            day,
            contacts,
            summary: fields::text("summary", &self.summary, 20_000)?,
            follow_up,
        })
    }
}

pub fn add_interaction(
    store: &mut impl Writer,
    input: &InteractionInput,
) -> Result<Interaction, RelationshipError> {
    store.write(|tx| {
        let v = input.validate(tx)?;
        tx.execute(
            "INSERT INTO interactions (client_id, kind, day, summary, follow_up, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![input.client_id, v.kind.as_str(), v.day.to_string(), v.summary, v.follow_up.map(|d| d.to_string()), now_utc()],
        )?;
        let id = InteractionId(tx.last_insert_rowid());
        set_participants(tx, id, &v.contacts)?;
        let saved = fetch(tx, id)?;
        Ok(saved)
    })
}

pub fn update_interaction(
    store: &mut impl Writer,
    id: InteractionId,
    input: &InteractionInput,
) -> Result<Interaction, RelationshipError> {
    store.write(|tx| {
        let current = fetch(tx, id)?;
        let v = input.validate(tx)?;
        // A changed follow-up day is a new promise: it is open again.
        let done = current.follow_up_done && current.follow_up == v.follow_up;
        tx.execute(
            "UPDATE interactions SET client_id = ?2, kind = ?3, day = ?4, summary = ?5, follow_up = ?6,
                    follow_up_done = ?7, updated_at = ?8
             WHERE id = ?1",
            params![
                id,
                input.client_id,
                v.kind.as_str(),
                v.day.to_string(),
                v.summary,
                v.follow_up.map(|d| d.to_string()),
                done,
                now_utc()
            ],
        )?;
        set_participants(tx, id, &v.contacts)?;
        let saved = fetch(tx, id)?;
        Ok(saved)
    })
}

/// Deletes an interaction and its participants; returns the trash entry Undo brings them
/// back from (the client's last contact follows the interactions that are left).
pub fn delete_interaction(
    store: &mut impl Writer,
    id: InteractionId,
) -> Result<i64, RelationshipError> {
    store.write(|tx| {
        fetch(tx, id)?;
        let mut taken = crate::store::trash::Removal::default();
        taken.take(tx, "interactions", "id = ?1", &id)?;
        taken.take(tx, "interaction_contacts", "interaction_id = ?1", &id)?;
        let entry = taken.keep(tx, "the interaction")?;
        tx.execute("DELETE FROM interactions WHERE id = ?1", [id])?;
        Ok(entry)
    })
}

/// Marks a follow-up as done (or open again).
pub fn set_follow_up_done(
    store: &mut impl Writer,
    id: InteractionId,
    done: bool,
) -> Result<Interaction, RelationshipError> {
    store.write(|tx| {
        fetch(tx, id)?;
        tx.execute(
            "UPDATE interactions SET follow_up_done = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, done, now_utc()],
        )?;
        let saved = fetch(tx, id)?;
        Ok(saved)
    })
}

/// A client's interactions, latest first; at most `limit` when given.
pub fn list_interactions(
    conn: &Connection,
    client: ClientId,
    limit: Option<u32>,
) -> Result<Vec<Interaction>, RelationshipError> {
    clients::get(conn, client)?;
    let sql = format!("{SELECT} WHERE i.client_id = ?1 ORDER BY i.day DESC, i.id DESC LIMIT ?2");
    let limit = limit.map(i64::from).unwrap_or(-1);
    let found = conn
        .prepare_cached(&sql)?
        .query_map(params![client, limit], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    with_participants(conn, found)
}

/// Follow-ups not yet done, due by `upto` (all when `None`), of active clients (one
/// client's when asked), earliest first.
pub fn open_follow_ups(
    conn: &Connection,
    client: Option<ClientId>,
    upto: Option<NaiveDate>,
) -> Result<Vec<Interaction>, RelationshipError> {
    let sql = format!(
        "{SELECT} WHERE i.follow_up IS NOT NULL AND i.follow_up_done = 0 AND c.archived_at IS NULL
           AND (?1 IS NULL OR i.client_id = ?1) AND (?2 IS NULL OR i.follow_up <= ?2)
         ORDER BY i.follow_up, i.id"
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_map(params![client, upto.map(|d| d.to_string())], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    with_participants(conn, found)
}

/// The latest logged interaction day per client, up to `today`.
pub(super) fn last_logged(
    conn: &Connection,
    client: Option<ClientId>,
    today: NaiveDate,
) -> Result<HashMap<ClientId, NaiveDate>, RelationshipError> {
    let mut stmt = conn.prepare_cached(
        "SELECT client_id, max(day) FROM interactions WHERE day <= ?1 AND (?2 IS NULL OR client_id = ?2) GROUP BY client_id",
    )?;
    let rows = stmt.query_map(params![today.to_string(), client], |r| {
        Ok((r.get::<_, ClientId>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (client, day) = row?;
        if let Ok(day) = day.parse() {
            out.insert(client, day);
        }
    }
    Ok(out)
}

fn set_participants(
    conn: &Connection,
    id: InteractionId,
    contacts: &[ContactId],
) -> Result<(), RelationshipError> {
    conn.execute(
        "DELETE FROM interaction_contacts WHERE interaction_id = ?1",
        [id],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO interaction_contacts (interaction_id, contact_id) VALUES (?1, ?2)",
    )?;
    for contact in contacts {
        insert.execute(params![id, contact])?;
    }
    Ok(())
}

fn with_participants(
    conn: &Connection,
    mut found: Vec<Interaction>,
) -> Result<Vec<Interaction>, RelationshipError> {
    if found.is_empty() {
        return Ok(found);
    }
    let marks = vec!["?"; found.len()].join(",");
    let sql = format!(
        "SELECT p.interaction_id, k.id, k.name FROM interaction_contacts p JOIN contacts k ON k.id = p.contact_id
         WHERE p.interaction_id IN ({marks}) ORDER BY lower(k.name)"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(found.iter().map(|i| i.id)), |r| {
        Ok((
            r.get::<_, InteractionId>(0)?,
            Participant {
                id: r.get(1)?,
                name: r.get(2)?,
            },
        ))
    })?;
    let mut by_interaction: HashMap<InteractionId, Vec<Participant>> = HashMap::new();
    for row in rows {
        let (id, who) = row?;
        by_interaction.entry(id).or_default().push(who);
    }
    for i in &mut found {
        i.contacts = by_interaction.remove(&i.id).unwrap_or_default();
    }
    Ok(found)
}

const SELECT: &str = "
    SELECT i.id, i.client_id, c.name, i.kind, i.day, i.summary, i.follow_up, i.follow_up_done
    FROM interactions i JOIN clients c ON c.id = i.client_id";

fn from_row(r: &Row) -> rusqlite::Result<Interaction> {
    let kind: String = r.get(3)?;
    Ok(Interaction {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client: r.get(2)?,
        kind: kind.parse().unwrap_or(InteractionKind::Other),
        day: r.get(4)?,
        contacts: Vec::new(),
        summary: r.get(5)?,
        follow_up: r.get(6)?,
        follow_up_done: r.get(7)?,
    })
}

fn fetch(conn: &Connection, id: InteractionId) -> Result<Interaction, RelationshipError> {
    let found = conn
        .query_row(&format!("{SELECT} WHERE i.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(RelationshipError::NotFound("interaction", id.0))?;
    Ok(with_participants(conn, vec![found])?.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{ClientInput, ContactInput};
    use crate::Store;

    fn input(
        client: ClientId,
        day: &str,
        contacts: Vec<ContactId>,
        follow_up: &str,
    ) -> InteractionInput {
        InteractionInput {
            client_id: client,
            kind: InteractionKind::Call,
            day: day.into(),
            contact_ids: contacts,
            summary: "Talked budgets".into(),
            follow_up: follow_up.into(),
        }
    }

    #[test]
    fn a_deleted_interaction_comes_back_with_its_people() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let ana = clients::add_contact(&mut store, acme.id, &ContactInput::named("Ana")).unwrap();
        let call = add_interaction(
            &mut store,
            &input(acme.id, "2026-11-02", vec![ana.id], "2026-11-20"),
        )
        .unwrap();
        let entry = delete_interaction(&mut store, call.id).unwrap();
        assert!(list_interactions(store.conn(), acme.id, None)
            .unwrap()
            .is_empty());
        crate::store::trash::undo(&mut store, entry).unwrap();
        let back = list_interactions(store.conn(), acme.id, None).unwrap();
        assert_eq!(back, vec![call], "same id, people and follow-up");
        assert!(
            crate::store::trash::undo(&mut store, entry).is_err(),
            "undone once only"
        );
    }

    #[test]
    fn interactions_keep_their_people_and_follow_ups() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let ana = clients::add_contact(&mut store, acme.id, &ContactInput::named("Ana")).unwrap();
        let bo = clients::add_contact(&mut store, acme.id, &ContactInput::named("Bo")).unwrap();
        let first = add_interaction(
            &mut store,
            &input(
                acme.id,
                "2026-11-02",
                vec![bo.id, ana.id, ana.id],
                "2026-11-20",
            ),
        )
        .unwrap();
        add_interaction(&mut store, &input(acme.id, "2026-11-10", vec![], "")).unwrap();
        let names: Vec<_> = first.contacts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Bo"]);
        let days: Vec<_> = list_interactions(store.conn(), acme.id, None)
            .unwrap()
            .into_iter()
            .map(|i| i.day.to_string())
            .collect();
        assert_eq!(days, ["2026-11-10", "2026-11-02"], "latest first");

        let due = |store: &Store, upto: &str| {
            open_follow_ups(store.conn(), None, Some(upto.parse().unwrap()))
                .unwrap()
                .len()
        };
        assert_eq!(due(&store, "2026-11-19"), 0);
        assert_eq!(due(&store, "2026-11-20"), 1);
        set_follow_up_done(&mut store, first.id, true).unwrap();
        assert_eq!(due(&store, "2026-12-01"), 0);
        // Moving the follow-up reopens it.
        update_interaction(
            &mut store,
            first.id,
            &input(acme.id, "2026-11-02", vec![ana.id], "2026-12-01"),
        )
        .unwrap();
        assert_eq!(due(&store, "2026-12-01"), 1);
        assert_eq!(
            last_logged(store.conn(), None, "2026-11-05".parse().unwrap()).unwrap()[&acme.id]
                .to_string(),
            "2026-11-02"
        );
    }

    #[test]
    fn a_stranger_or_a_bad_day_stores_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let globex = clients::add(&mut store, &ClientInput::named("Globex")).unwrap();
        let bob = clients::add_contact(&mut store, globex.id, &ContactInput::named("Bob")).unwrap();
        assert!(matches!(
            add_interaction(&mut store, &input(acme.id, "2026-11-02", vec![bob.id], "")),
            Err(RelationshipError::ContactNotOfClient)
        ));
        let err =
            add_interaction(&mut store, &input(acme.id, "yesterday", vec![], "")).unwrap_err();
        assert_eq!(crate::Coded::field(&err), Some("day"));
        assert!(list_interactions(store.conn(), acme.id, None)
            .unwrap()
            .is_empty());
    }
}
