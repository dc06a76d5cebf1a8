//! How well the user's estimates hold (issue 16): the time logged on done tasks against
//! what they were estimated at. The capacity check uses it for a second, calibrated
//! verdict: the request's hours times the ratio, as the user's history says they will be.

use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::{logged, CapacityError};
use crate::clients::ClientId;

/// How many of the latest done tasks are measured.
pub const LAST_TASKS: u32 = 8;
/// Fewer measured tasks than this say nothing yet.
pub const AT_LEAST: u32 = 3;

/// Logged against estimated over the latest done tasks with time logged.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Accuracy {
    /// The client measured, or `None` over all clients.
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    /// Done tasks measured.
    pub tasks: u32,
    pub estimate_minutes: u32,
    pub logged_minutes: u32,
    /// Logged ÷ estimated, two decimals (1.3: the work took 30 % longer than estimated).
    pub ratio: f64,
}

/// The accuracy over `client`'s latest done tasks (all clients' with `None`); `None`
/// with fewer than [`AT_LEAST`] of them.
pub fn accuracy(
    conn: &Connection,
    client: Option<ClientId>,
) -> Result<Option<Accuracy>, CapacityError> {
    let sql = format!(
        "SELECT t.estimate_minutes, {done}
         FROM tasks t
         WHERE t.status = 'done' AND t.estimate_minutes > 0 AND {done} > 0
           AND (?1 IS NULL OR t.client_id = ?1)
         ORDER BY t.updated_at DESC, t.id DESC
         LIMIT ?2",
        done = logged::TASK_DONE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows: Vec<(i64, i64)> = stmt
        .query_map(rusqlite::params![client, LAST_TASKS], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let tasks = rows.len() as u32;
    if tasks < AT_LEAST {
        return Ok(None);
    }
    let estimate: i64 = rows.iter().map(|(e, _)| e).sum();
    let logged: i64 = rows.iter().map(|(_, l)| l).sum();
    let name = match client {
        Some(id) => conn.query_row("SELECT name FROM clients WHERE id = ?1", [id], |r| r.get(0))?,
        None => None,
    };
    Ok(Some(Accuracy {
        client_id: client,
        client: name,
        tasks,
        estimate_minutes: u32::try_from(estimate).unwrap_or(u32::MAX),
        logged_minutes: u32::try_from(logged).unwrap_or(u32::MAX),
        ratio: (logged as f64 / estimate as f64 * 100.0).round() / 100.0,
    }))
}

/// The accuracy the check goes by: the client's when it has enough done tasks, else all
/// clients'.
pub fn for_request(
    conn: &Connection,
    client: Option<ClientId>,
) -> Result<Option<Accuracy>, CapacityError> {
    if let Some(id) = client {
        if let Some(a) = accuracy(conn, Some(id))? {
            return Ok(Some(a));
        }
    }
    accuracy(conn, None)
}
