//! What the user must remember about each client: important dates, interactions and the
//! touch-base cadence, satisfaction, policies and breaches, the account plan, linked files,
//! and the views composed from them (the client card, the pre-meeting brief, today).
//!
//! Every view is a composition of the small queries of the modules below, so that later
//! areas (tasks, money owed) slot into the card as one more query.

pub mod dates;
mod error;
mod fields;

use rusqlite::Connection;

pub use dates::{DateKind, ImportantDate, ImportantDateInput, NearDate};
pub use error::RelationshipError;

use crate::clients::{ClientId, ContactId};

/// Refuses a contact that belongs to another client.
fn ensure_contact_of(conn: &Connection, client: ClientId, contact: ContactId) -> Result<(), RelationshipError> {
    let owner: Option<ClientId> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT client_id FROM contacts WHERE id = ?1",
        [contact],
        |r| r.get(0),
    ))?;
    match owner {
        Some(c) if c == client => Ok(()),
        Some(_) => Err(RelationshipError::ContactNotOfClient),
        None => Err(RelationshipError::NotFound("contact", contact)),
    }
}
