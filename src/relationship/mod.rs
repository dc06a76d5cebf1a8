//! What the user must remember about each client: important dates, interactions and the
//! touch-base cadence, satisfaction, policies and breaches, the account plan, linked files
//! and the health light. The views composed from these and other areas (the client card,
//! the pre-meeting brief, Today) live in `crate::views`.

pub mod cadence;
pub mod dates;
mod error;
mod fields;
pub mod files;
pub mod health;
pub mod interactions;
pub mod plan;
pub mod policies;
pub mod satisfaction;

use rusqlite::Connection;

pub use cadence::{due_list, parse_cadence, set_cadence, ContactStatus};
pub use dates::{DateKind, ImportantDate, ImportantDateInput, NearDate};
pub use error::RelationshipError;
pub use health::{ClientHealth, HealthLevel};
pub use interactions::{Interaction, InteractionInput, InteractionKind};
pub use policies::{Breach, BreachInput, BreachKind, Policy, PolicyStatus};

use crate::clients::{ClientId, ContactId};

/// Refuses a contact that belongs to another client.
fn ensure_contact_of(
    conn: &Connection,
    client: ClientId,
    contact: ContactId,
) -> Result<(), RelationshipError> {
    let owner: Option<ClientId> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT client_id FROM contacts WHERE id = ?1",
        [contact],
        |r| r.get(0),
    ))?;
    match owner {
        Some(c) if c == client => Ok(()),
        Some(_) => Err(RelationshipError::ContactNotOfClient),
        None => Err(RelationshipError::NotFound("contact", contact.0)),
    }
}
