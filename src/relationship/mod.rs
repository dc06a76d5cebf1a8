//! What the user must remember about each client: important dates, interactions and the
//! touch-base cadence, satisfaction, policies and breaches, the account plan, linked files,
//! and the views composed from them (the client card, the pre-meeting brief, today).
//!
//! Every view is a composition of the small queries of the modules below, so that later
//! areas (tasks, money owed) slot into the card as one more query.

pub mod brief;
pub mod cadence;
pub mod card;
pub mod dates;
mod error;
mod fields;
pub mod files;
pub mod health;
pub mod interactions;
pub mod plan;
pub mod policies;
pub mod satisfaction;
pub mod today;

use rusqlite::Connection;

pub use brief::{brief, Brief};
pub use cadence::{due_list, set_cadence, ContactStatus};
pub use card::{card, overview, ClientCard, ClientRow};
pub use dates::{DateKind, ImportantDate, ImportantDateInput, NearDate};
pub use error::RelationshipError;
pub use health::{ClientHealth, HealthLevel};
pub use interactions::{Interaction, InteractionInput, InteractionKind};
pub use policies::{Breach, BreachInput, BreachKind, Policy, PolicyStatus};
pub use today::{today, Today};

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
        None => Err(RelationshipError::NotFound("contact", contact)),
    }
}
