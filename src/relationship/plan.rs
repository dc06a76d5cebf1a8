//! The account plan of a key client: goals, next steps, and when to review them.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{fields, RelationshipError};
use crate::clients::{self, ClientId};
use crate::store::{now_utc, Writer};

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct PlanInput {
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub next_steps: String,
    /// `YYYY-MM-DD`, blank for none.
    #[serde(default)]
    pub review_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct AccountPlan {
    pub client_id: ClientId,
    pub goals: String,
    pub next_steps: String,
    pub review_on: Option<String>,
    pub updated_at: String,
}

pub fn get_plan(
    conn: &Connection,
    client: ClientId,
) -> Result<Option<AccountPlan>, RelationshipError> {
    Ok(conn
        .query_row(
            "SELECT client_id, goals, next_steps, review_on, updated_at FROM account_plans WHERE client_id = ?1",
            [client],
            |r| Ok(AccountPlan { client_id: r.get(0)?, goals: r.get(1)?, next_steps: r.get(2)?, review_on: r.get(3)?, updated_at: r.get(4)? }),
        )
        .optional()?)
}

/// Saves the plan; an all-blank plan removes it.
pub fn save_plan(
    store: &mut impl Writer,
    client: ClientId,
    input: &PlanInput,
) -> Result<Option<AccountPlan>, RelationshipError> {
    let goals = fields::text("goals", &input.goals, 20_000)?;
    let next_steps = fields::text("next_steps", &input.next_steps, 20_000)?;
    let review_on = fields::optional_day("review_on", &input.review_on)?;
    store.write(|tx| {
        clients::get(tx, client)?;
        if goals.is_empty() && next_steps.is_empty() && review_on.is_none() {
            tx.execute("DELETE FROM account_plans WHERE client_id = ?1", [client])?;
        } else {
            tx.execute(
                "INSERT INTO account_plans (client_id, goals, next_steps, review_on, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (client_id) DO UPDATE SET goals = excluded.goals, next_steps = excluded.next_steps,
                    review_on = excluded.review_on, updated_at = excluded.updated_at",
                params![client, goals, next_steps, review_on.map(|d| d.to_string()), now_utc()],
            )?;
        }
        let saved = get_plan(tx, client)?;
        Ok(saved)
    })
}
