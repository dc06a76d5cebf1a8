//! Clients and their contacts: who the user works for, and who is who there.
//!
//! Archiving hides a client (or a contact) from everyday lists without losing anything;
//! restoring brings it back as it was.

mod billing;
mod contacts;
mod error;
pub mod fields;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use billing::{billing_address, set_billing_address};
pub use contacts::{
    add_contact, list_contacts, set_contact_archived, update_contact, Contact, ContactChannel,
    ContactId, ContactInput,
};
pub use error::ClientError;
pub use fields::Priority;

use crate::store::{now_utc, Reader, Store, Writer};
use fields::{Colour, Name};

crate::store::id!(ClientId);

/// A client as the UI and the CLI see it. Field names are part of the CLI's `--json`
/// interface (docs/cli.md): add fields, never rename them.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Client {
    pub id: ClientId,
    pub name: String,
    pub priority: Priority,
    /// `#rrggbb`
    pub colour: String,
    pub notes: String,
    pub archived: bool,
    /// Contacts that are not archived.
    pub contact_count: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user typed in the client form. Validated by `add` and `update`.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct ClientInput {
    pub name: String,
    #[serde(default)]
    pub priority: Priority,
    /// `#rrggbb`; absent on creation means "pick the next palette colour".
    #[serde(default)]
    pub colour: Option<String>,
    #[serde(default)]
    pub notes: String,
}

struct ValidClient {
    name: Name,
    priority: Priority,
    colour: Option<Colour>,
    notes: String,
}

impl ClientInput {
    fn validate(&self) -> Result<ValidClient, ClientError> {
        Ok(ValidClient {
            name: Name::parse(&self.name)?,
            priority: self.priority,
            colour: self.colour.as_deref().map(Colour::parse).transpose()?,
            notes: fields::notes(&self.notes)?,
        })
    }
}

const SELECT_CLIENT: &str = "
    SELECT c.id, c.name, c.priority, c.colour, c.notes, c.archived_at IS NOT NULL,
           (SELECT count(*) FROM contacts k WHERE k.client_id = c.id AND k.archived_at IS NULL),
           c.created_at, c.updated_at
    FROM clients c";

fn client_from_row(row: &Row) -> rusqlite::Result<Client> {
    let priority: String = row.get(2)?;
    Ok(Client {
        id: row.get(0)?,
        name: row.get(1)?,
        // The CHECK constraint guarantees one of the three.
        priority: priority.parse().unwrap_or_default(),
        colour: row.get(3)?,
        notes: row.get(4)?,
        archived: row.get(5)?,
        contact_count: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
    })
}

/// Clients by name (case-insensitive); archived ones only when asked.
pub fn list(store: &Store, include_archived: bool) -> Result<Vec<Client>, ClientError> {
    let sql =
        format!("{SELECT_CLIENT} WHERE ?1 OR c.archived_at IS NULL ORDER BY c.name_key, c.id");
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map([include_archived], client_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A client by id, from the book or inside another area's transaction.
pub fn get(db: &impl Reader, id: ClientId) -> Result<Client, ClientError> {
    fetch(db.conn(), id)
}

/// Finds a client the way people refer to one on the command line: by its name in any
/// case, or by a part of it ("acme" for "Acme Corp") when only one client matches.
pub fn find_by_name(store: &Store, name: &str) -> Result<Client, ClientError> {
    let key = Name::parse(name)?.key();
    let sql = format!(
        "{SELECT_CLIENT} WHERE instr(c.name_key, ?1) > 0
         ORDER BY c.name_key = ?1 DESC, c.archived_at IS NOT NULL, c.name_key LIMIT 6"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let found: Vec<Client> = stmt
        .query_map([&key], client_from_row)?
        .collect::<Result<_, _>>()?;
    match found.as_slice() {
        [] => Err(ClientError::NoClientNamed(name.trim().to_owned())),
        [first, ..] if first.name.to_lowercase() == key => Ok(first.clone()),
        [only] => Ok(only.clone()),
        several => Err(ClientError::AmbiguousName(
            name.trim().to_owned(),
            several
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )),
    }
}

pub fn add(store: &mut impl Writer, input: &ClientInput) -> Result<Client, ClientError> {
    let valid = input.validate()?;
    store.write(|tx| {
        ensure_name_free(tx, &valid.name, None)?;
        let colour = match valid.colour {
            Some(c) => c,
            None => {
                let count: i64 = tx.query_row("SELECT count(*) FROM clients", [], |r| r.get(0))?;
                Colour::nth_from_palette(count as usize)
            }
        };
        let now = now_utc();
        tx.execute(
            "INSERT INTO clients (name, name_key, priority, colour, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                valid.name.as_str(),
                valid.name.key(),
                valid.priority.as_str(),
                colour.as_str(),
                valid.notes,
                now
            ],
        )?;
        let client = fetch(tx, ClientId(tx.last_insert_rowid()))?;
        Ok(client)
    })
}

/// Replaces a client's fields with the input. A missing colour keeps the current one.
pub fn update(
    store: &mut impl Writer,
    id: ClientId,
    input: &ClientInput,
) -> Result<Client, ClientError> {
    let valid = input.validate()?;
    store.write(|tx| {
        let current = fetch(tx, id)?;
        ensure_name_free(tx, &valid.name, Some(id))?;
        let colour = valid
            .colour
            .map(|c| c.as_str().to_owned())
            .unwrap_or(current.colour);
        tx.execute(
            "UPDATE clients SET name = ?2, name_key = ?3, priority = ?4, colour = ?5, notes = ?6,
                    updated_at = ?7
             WHERE id = ?1",
            params![
                id,
                valid.name.as_str(),
                valid.name.key(),
                valid.priority.as_str(),
                colour,
                valid.notes,
                now_utc()
            ],
        )?;
        let client = fetch(tx, id)?;
        Ok(client)
    })
}

/// Archives (`true`) or restores (`false`) a client. Its contacts and history stay.
pub fn set_archived(
    store: &mut impl Writer,
    id: ClientId,
    archived: bool,
) -> Result<Client, ClientError> {
    store.write(|tx| {
        fetch(tx, id)?;
        let now = now_utc();
        tx.execute(
            "UPDATE clients SET archived_at = CASE WHEN ?2 THEN coalesce(archived_at, ?3) END,
                    updated_at = ?3
             WHERE id = ?1",
            params![id, archived, now],
        )?;
        let client = fetch(tx, id)?;
        Ok(client)
    })
}

fn fetch(conn: &rusqlite::Connection, id: ClientId) -> Result<Client, ClientError> {
    let sql = format!("{SELECT_CLIENT} WHERE c.id = ?1");
    conn.query_row(&sql, [id], client_from_row)
        .optional()?
        .ok_or(ClientError::ClientNotFound(id))
}

/// Refuses a name another client already has, saying whether that one is archived
/// (the user may have forgotten it and should restore it rather than start over).
fn ensure_name_free(
    tx: &Transaction,
    name: &Name,
    except: Option<ClientId>,
) -> Result<(), ClientError> {
    let clash: Option<(String, bool)> = tx
        .query_row(
            "SELECT name, archived_at IS NOT NULL FROM clients
             WHERE name_key = ?1 AND id IS NOT ?2",
            params![name.key(), except],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match clash {
        Some((existing, false)) => Err(ClientError::DuplicateName(existing)),
        Some((existing, true)) => Err(ClientError::DuplicateArchivedName(existing)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str) -> ClientInput {
        ClientInput::named(name)
    }

    #[test]
    fn add_gives_defaults_and_distinct_palette_colours() {
        let mut store = Store::open_in_memory().unwrap();
        let a = add(&mut store, &input("Acme")).unwrap();
        let b = add(&mut store, &input("Globex")).unwrap();
        assert_eq!(a.priority, Priority::Normal);
        assert_ne!(a.colour, b.colour);
        assert!(!a.archived);
    }

    #[test]
    fn duplicate_names_differ_only_by_case_or_spacing_are_refused() {
        let mut store = Store::open_in_memory().unwrap();
        add(&mut store, &input("Acme Corp")).unwrap();
        let err = add(&mut store, &input(" acme   CORP")).unwrap_err();
        assert!(matches!(err, ClientError::DuplicateName(ref n) if n == "Acme Corp"));
        assert_eq!(list(&store, true).unwrap().len(), 1);
    }

    #[test]
    fn an_archived_namesake_is_pointed_out() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = add(&mut store, &input("Acme")).unwrap();
        set_archived(&mut store, acme.id, true).unwrap();
        let err = add(&mut store, &input("ACME")).unwrap_err();
        assert_eq!(err.code(), "client.duplicate_archived_name");
        assert_eq!(err.field(), Some("name"));
    }

    #[test]
    fn renaming_to_own_name_in_other_case_is_allowed() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = add(&mut store, &input("acme")).unwrap();
        let renamed = update(&mut store, acme.id, &input("ACME")).unwrap();
        assert_eq!(renamed.name, "ACME");
        assert_eq!(
            renamed.colour, acme.colour,
            "a missing colour keeps the current one"
        );
    }

    #[test]
    fn archive_hides_from_the_default_list_and_restore_brings_back() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = add(&mut store, &input("Acme")).unwrap();
        add(&mut store, &input("Globex")).unwrap();
        set_archived(&mut store, acme.id, true).unwrap();
        let names = |store: &Store, all| {
            list(store, all)
                .unwrap()
                .into_iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&store, false), ["Globex"]);
        assert_eq!(names(&store, true), ["Acme", "Globex"]);
        set_archived(&mut store, acme.id, false).unwrap();
        assert_eq!(names(&store, false), ["Acme", "Globex"]);
    }

    #[test]
    fn invalid_update_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = add(&mut store, &input("Acme")).unwrap();
        let bad = ClientInput {
            colour: Some("blue".into()),
            ..input("Acme 2")
        };
        assert_eq!(
            update(&mut store, acme.id, &bad).unwrap_err().code(),
            "client.invalid_colour"
        );
        assert_eq!(get(&store, acme.id).unwrap(), acme);
    }

    #[test]
    fn unknown_ids_are_reported() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(matches!(
            get(&store, ClientId(42)),
            Err(ClientError::ClientNotFound(ClientId(42)))
        ));
        assert!(matches!(
            set_archived(&mut store, ClientId(42), true),
            Err(ClientError::ClientNotFound(ClientId(42)))
        ));
        assert!(matches!(
            find_by_name(&store, "Nobody"),
            Err(ClientError::NoClientNamed(_))
        ));
    }

    #[test]
    fn find_by_name_takes_exact_names_and_unambiguous_parts() {
        let mut store = Store::open_in_memory().unwrap();
        for name in ["Acme", "Acme Labs", "Globex Corporation"] {
            add(&mut store, &input(name)).unwrap();
        }
        assert_eq!(find_by_name(&store, "ACME").unwrap().name, "Acme");
        assert_eq!(
            find_by_name(&store, "globex").unwrap().name,
            "Globex Corporation"
        );
        let err = find_by_name(&store, "cme").unwrap_err();
        assert!(err.to_string().contains("Acme, Acme Labs"), "{err}");
    }

    use crate::Coded;
}
