//! What the vCard and CSV imports share: why a record was refused, a contact as an
//! import brings it, and the writes that merge it into the book (the client found by its
//! exact name or added, the contact found by UID, email or name and updated, or added).
//! One place, so both imports match and update people by the same rules.

use rusqlite::{params, Connection, OptionalExtension};

use crate::clients::fields::{Colour, Name};
use crate::clients::{self, Client, ClientError, ClientId, ContactChannel, ContactId, Priority};
use crate::relationship::RelationshipError;
use crate::store::now_utc;

/// Why one card or row was not written: skipped with a reason for the report, or a real
/// failure (the database) that ends the whole import.
pub(super) enum Refusal {
    Skip(String),
    Fail(ClientError),
}

impl From<ClientError> for Refusal {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::Store(_) => Refusal::Fail(e),
            other => Refusal::Skip(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Self {
        Refusal::Fail(e.into())
    }
}

impl From<RelationshipError> for Refusal {
    fn from(e: RelationshipError) -> Self {
        match e {
            RelationshipError::Store(s) => Refusal::Fail(ClientError::Store(s)),
            RelationshipError::Client(c) => c.into(),
            other => Refusal::Skip(other.to_string()),
        }
    }
}

/// A contact as an import brings it, validated with the contact form's rules. `None`
/// means "the file does not say": an update keeps what the book has.
pub(super) struct IncomingContact {
    pub name: Name,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_channel: Option<ContactChannel>,
    pub authority: Option<String>,
    /// The vCard UID it comes from.
    pub uid: Option<String>,
}

pub(super) enum Upserted {
    Added,
    Updated,
}

/// The client with exactly this name (any case and spacing), archived or not. Unlike
/// `find_by_name`, never a partial match: "Acme" in a file is not "Acme Labs".
pub(super) fn client_by_name(
    conn: &Connection,
    name: &Name,
) -> Result<Option<Client>, ClientError> {
    let id: Option<ClientId> = conn
        .query_row(
            "SELECT id FROM clients WHERE name_key = ?1",
            [name.key()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| clients::get(conn, id)).transpose()
}

/// Creates a client as `clients::add` does (the next palette colour unless one is given),
/// inside the import's transaction.
pub(super) fn insert_client(
    conn: &Connection,
    name: &Name,
    priority: Priority,
    colour: Option<&Colour>,
    notes: &str,
) -> Result<Client, ClientError> {
    let colour = match colour {
        Some(c) => c.as_str().to_owned(),
        None => {
            let count: i64 = conn.query_row("SELECT count(*) FROM clients", [], |r| r.get(0))?;
            Colour::nth_from_palette(count as usize).as_str().to_owned()
        }
    };
    conn.execute(
        "INSERT INTO clients (name, name_key, priority, colour, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            name.as_str(),
            name.key(),
            priority.as_str(),
            colour,
            notes,
            now_utc()
        ],
    )?;
    clients::get(conn, ClientId(conn.last_insert_rowid()))
}

/// Adds the contact to the client, or updates the one it already is (see `find_contact`).
/// A new contact on an archived client is refused, as in the contact form.
pub(super) fn upsert_contact(
    conn: &Connection,
    index: &mut ContactIndex,
    client: &Client,
    c: &IncomingContact,
) -> Result<(ContactId, Upserted), Refusal> {
    let channel = c.preferred_channel.map(ContactChannel::as_str);
    let now = now_utc();
    if let Some(id) = find_contact(conn, index, client.id, c)? {
        conn.execute(
            "UPDATE contacts SET name = ?2, role = coalesce(?3, role), email = coalesce(?4, email),
                    phone = coalesce(?5, phone), preferred_channel = coalesce(?6, preferred_channel),
                    authority = coalesce(?7, authority), import_uid = coalesce(?8, import_uid),
                    updated_at = ?9
             WHERE id = ?1",
            params![id, c.name.as_str(), c.role, c.email, c.phone, channel, c.authority, c.uid, now],
        )?;
        index.known(conn, client.id)?.add(
            id,
            c.name.as_str(),
            c.email.as_deref(),
            c.uid.as_deref(),
        );
        return Ok((id, Upserted::Updated));
    }
    if client.archived {
        return Err(ClientError::ClientArchived(client.name.clone()).into());
    }
    conn.execute(
        "INSERT INTO contacts (client_id, name, role, email, phone, preferred_channel, authority,
                               import_uid, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            client.id,
            c.name.as_str(),
            c.role,
            c.email,
            c.phone,
            channel,
            c.authority,
            c.uid,
            now
        ],
    )?;
    let id = ContactId(conn.last_insert_rowid());
    index
        .known(conn, client.id)?
        .add(id, c.name.as_str(), c.email.as_deref(), c.uid.as_deref());
    Ok((id, Upserted::Added))
}

/// The contacts of the clients an import touched, by UID, email and name key, so that
/// finding the contact a card or row is costs a lookup instead of a scan of the client's
/// contacts (10,000 cards of one company were quadratic). Loaded once per client; an
/// import forgets the client of a record it rolled back (`forget_last`), which reloads it.
#[derive(Default)]
pub(super) struct ContactIndex {
    clients: std::collections::HashMap<ClientId, Known>,
    /// Clients found by name key (reading one counts its contacts: not once per card).
    pub(super) by_name: std::collections::HashMap<String, Client>,
    pub(super) last: Option<ClientId>,
}

#[derive(Default)]
struct Known {
    by_uid: std::collections::HashMap<String, ContactId>,
    by_email: std::collections::HashMap<String, ContactId>,
    /// Name key → contacts in the order a scan would meet them, and whether each has a UID.
    by_name: std::collections::HashMap<String, Vec<(ContactId, bool)>>,
}

impl Known {
    fn add(&mut self, id: ContactId, name: &str, email: Option<&str>, uid: Option<&str>) {
        if let Some(uid) = uid {
            self.by_uid.entry(uid.to_owned()).or_insert(id);
        }
        if let Some(email) = email {
            self.by_email.entry(email.to_lowercase()).or_insert(id);
        }
        if let Ok(n) = Name::parse(name) {
            let list = self.by_name.entry(n.key()).or_default();
            match list.iter_mut().find(|(x, _)| *x == id) {
                Some(entry) => entry.1 |= uid.is_some(),
                None => list.push((id, uid.is_some())),
            }
        }
    }
}

impl ContactIndex {
    /// Drops what is known of the client of the last record, after a rollback.
    pub(super) fn forget_last(&mut self) {
        if let Some(id) = self.last.take() {
            self.clients.remove(&id);
            self.by_name.retain(|_, c| c.id != id);
        }
    }

    /// Forgets a client whose row changed.
    pub(super) fn forget_client(&mut self, id: ClientId) {
        self.by_name.retain(|_, c| c.id != id);
    }

    /// The client of that name, as `client_by_name`, remembered for the import.
    pub(super) fn client(
        &mut self,
        conn: &Connection,
        name: &Name,
    ) -> Result<Option<Client>, ClientError> {
        if let Some(c) = self.by_name.get(&name.key()) {
            self.last = Some(c.id);
            return Ok(Some(c.clone()));
        }
        let found = client_by_name(conn, name)?;
        if let Some(c) = &found {
            self.last = Some(c.id);
            self.by_name.insert(name.key(), c.clone());
        }
        Ok(found)
    }

    fn known(&mut self, conn: &Connection, client: ClientId) -> rusqlite::Result<&mut Known> {
        self.last = Some(client);
        if let std::collections::hash_map::Entry::Vacant(slot) = self.clients.entry(client) {
            let mut known = Known::default();
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, email, import_uid FROM contacts WHERE client_id = ?1
                 ORDER BY archived_at IS NOT NULL, id",
            )?;
            let rows = stmt.query_map([client], |r| {
                Ok((
                    r.get::<_, ContactId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (id, name, email, uid) = row?;
                known.add(id, &name, email.as_deref(), uid.as_deref());
            }
            slot.insert(known);
        }
        Ok(self.clients.entry(client).or_default())
    }
}

/// The contact of this client that an incoming one is: the same UID, else the same email
/// (any case), else the same name key. A name alone never claims a contact imported from
/// another card (two people may share a name; their UIDs tell them apart).
fn find_contact(
    conn: &Connection,
    index: &mut ContactIndex,
    client: ClientId,
    c: &IncomingContact,
) -> rusqlite::Result<Option<ContactId>> {
    let known = index.known(conn, client)?;
    let by_uid = c.uid.as_deref().and_then(|u| known.by_uid.get(u).copied());
    let by_email = || {
        c.email
            .as_deref()
            .and_then(|e| known.by_email.get(&e.to_lowercase()).copied())
    };
    let by_name = || {
        known.by_name.get(&c.name.key()).and_then(|list| {
            list.iter()
                .find(|(_, has_uid)| !has_uid || c.uid.is_none())
                .map(|(id, _)| *id)
        })
    };
    Ok(by_uid.or_else(by_email).or_else(by_name))
}
