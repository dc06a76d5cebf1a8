//! The people at a client: who they are, what they decide, how they like to be reached.

use std::str::FromStr;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{fetch as fetch_client, fields, ClientError, ClientId};
use crate::store::{now_utc, Store, Writer};

crate::store::id!(ContactId);

/// How a contact prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Email,
    Phone,
    Video,
    InPerson,
    Message,
}

impl ContactChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Email => "email",
            ContactChannel::Phone => "phone",
            ContactChannel::Video => "video",
            ContactChannel::InPerson => "in_person",
            ContactChannel::Message => "message",
        }
    }
}

impl FromStr for ContactChannel {
    type Err = ClientError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "email" => Ok(ContactChannel::Email),
            "phone" => Ok(ContactChannel::Phone),
            "video" => Ok(ContactChannel::Video),
            "in_person" => Ok(ContactChannel::InPerson),
            "message" => Ok(ContactChannel::Message),
            _ => Err(ClientError::UnknownChannel(s.to_owned())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Contact {
    pub id: ContactId,
    pub client_id: ClientId,
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_channel: Option<ContactChannel>,
    /// What this person may decide or is responsible for ("signs off budgets").
    pub authority: Option<String>,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user typed in the contact form; blank optional fields mean "none".
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct ContactInput {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub preferred_channel: Option<ContactChannel>,
    #[serde(default)]
    pub authority: String,
}

struct ValidContact {
    name: fields::Name,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    preferred_channel: Option<ContactChannel>,
    authority: Option<String>,
}

impl ContactInput {
    fn validate(&self) -> Result<ValidContact, ClientError> {
        Ok(ValidContact {
            name: fields::Name::parse(&self.name)?,
            role: fields::short_text("role", &self.role)?,
            email: fields::email(&self.email)?,
            phone: fields::phone(&self.phone)?,
            preferred_channel: self.preferred_channel,
            authority: fields::short_text("authority", &self.authority)?,
        })
    }
}

const SELECT_CONTACT: &str = "
    SELECT id, client_id, name, role, email, phone, preferred_channel, authority,
           archived_at IS NOT NULL, created_at, updated_at
    FROM contacts";

fn contact_from_row(row: &Row) -> rusqlite::Result<Contact> {
    let channel: Option<String> = row.get(6)?;
    Ok(Contact {
        id: row.get(0)?,
        client_id: row.get(1)?,
        name: row.get(2)?,
        role: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        // The CHECK constraint guarantees a known channel.
        preferred_channel: channel.and_then(|c| c.parse().ok()),
        authority: row.get(7)?,
        archived: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
    })
}

/// A client's contacts by name; archived ones only when asked.
pub fn list_contacts(
    store: &Store,
    client: ClientId,
    include_archived: bool,
) -> Result<Vec<Contact>, ClientError> {
    fetch_client(store.conn(), client)?;
    let sql = format!(
        "{SELECT_CONTACT} WHERE client_id = ?1 AND (?2 OR archived_at IS NULL)
         ORDER BY archived_at IS NOT NULL, lower(name), id"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params![client, include_archived], contact_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn add_contact(
    store: &mut impl Writer,
    client: ClientId,
    input: &ContactInput,
) -> Result<Contact, ClientError> {
    let valid = input.validate()?;
    store.write(|tx| {
        let owner = fetch_client(tx, client)?;
        if owner.archived {
            return Err(ClientError::ClientArchived(owner.name));
        }
        let now = now_utc();
        tx.execute(
            "INSERT INTO contacts (client_id, name, role, email, phone, preferred_channel,
                                   authority, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                client,
                valid.name.as_str(),
                valid.role,
                valid.email,
                valid.phone,
                valid.preferred_channel.map(ContactChannel::as_str),
                valid.authority,
                now
            ],
        )?;
        let contact = fetch_contact(tx, ContactId(tx.last_insert_rowid()))?;
        Ok(contact)
    })
}

pub fn update_contact(
    store: &mut impl Writer,
    id: ContactId,
    input: &ContactInput,
) -> Result<Contact, ClientError> {
    let valid = input.validate()?;
    store.write(|tx| {
        fetch_contact(tx, id)?;
        tx.execute(
            "UPDATE contacts SET name = ?2, role = ?3, email = ?4, phone = ?5,
                    preferred_channel = ?6, authority = ?7, updated_at = ?8
             WHERE id = ?1",
            params![
                id,
                valid.name.as_str(),
                valid.role,
                valid.email,
                valid.phone,
                valid.preferred_channel.map(ContactChannel::as_str),
                valid.authority,
                now_utc()
            ],
        )?;
        let contact = fetch_contact(tx, id)?;
        Ok(contact)
    })
}

/// Archives (`true`) or restores (`false`) a contact, e.g. someone who left the client.
pub fn set_contact_archived(
    store: &mut impl Writer,
    id: ContactId,
    archived: bool,
) -> Result<Contact, ClientError> {
    store.write(|tx| {
        fetch_contact(tx, id)?;
        let now = now_utc();
        tx.execute(
            "UPDATE contacts SET archived_at = CASE WHEN ?2 THEN coalesce(archived_at, ?3) END,
                    updated_at = ?3
             WHERE id = ?1",
            params![id, archived, now],
        )?;
        let contact = fetch_contact(tx, id)?;
        Ok(contact)
    })
}

fn fetch_contact(conn: &Connection, id: ContactId) -> Result<Contact, ClientError> {
    let sql = format!("{SELECT_CONTACT} WHERE id = ?1");
    conn.query_row(&sql, [id], contact_from_row)
        .optional()?
        .ok_or(ClientError::ContactNotFound(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{add, set_archived, ClientInput};
    use crate::Coded;

    fn store_with_client() -> (Store, ClientId) {
        let mut store = Store::open_in_memory().unwrap();
        let input = ClientInput::named("Acme");
        let id = add(&mut store, &input).unwrap().id;
        (store, id)
    }

    fn ana() -> ContactInput {
        ContactInput {
            name: "Ana Silva".into(),
            role: " CTO ".into(),
            email: "ana@acme.com".into(),
            preferred_channel: Some(ContactChannel::Video),
            ..Default::default()
        }
    }

    #[test]
    fn a_contact_is_stored_with_blank_fields_as_none() {
        let (mut store, acme) = store_with_client();
        let c = add_contact(&mut store, acme, &ana()).unwrap();
        assert_eq!(c.role.as_deref(), Some("CTO"));
        assert_eq!(c.phone, None);
        assert_eq!(list_contacts(&store, acme, false).unwrap(), [c]);
        assert_eq!(crate::clients::get(&store, acme).unwrap().contact_count, 1);
    }

    #[test]
    fn a_bad_email_names_its_field_and_stores_nothing() {
        let (mut store, acme) = store_with_client();
        let bad = ContactInput {
            email: "ana@acme".into(),
            ..ana()
        };
        let err = add_contact(&mut store, acme, &bad).unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("contact.invalid_email", Some("email"))
        );
        assert!(list_contacts(&store, acme, true).unwrap().is_empty());
    }

    #[test]
    fn archived_contacts_are_hidden_and_not_counted() {
        let (mut store, acme) = store_with_client();
        let c = add_contact(&mut store, acme, &ana()).unwrap();
        set_contact_archived(&mut store, c.id, true).unwrap();
        assert!(list_contacts(&store, acme, false).unwrap().is_empty());
        assert_eq!(list_contacts(&store, acme, true).unwrap().len(), 1);
        assert_eq!(crate::clients::get(&store, acme).unwrap().contact_count, 0);
    }

    #[test]
    fn no_new_contacts_on_an_archived_client() {
        let (mut store, acme) = store_with_client();
        set_archived(&mut store, acme, true).unwrap();
        let err = add_contact(&mut store, acme, &ana()).unwrap_err();
        assert_eq!(err.code(), "client.archived");
    }

    #[test]
    fn channels_parse_loosely() {
        assert_eq!(
            "In person".parse::<ContactChannel>().unwrap(),
            ContactChannel::InPerson
        );
        assert!("pigeon".parse::<ContactChannel>().is_err());
    }
}
