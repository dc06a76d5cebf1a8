//! An exit plan for a client (issue 16): what ending the relationship takes, from the
//! user's own records. Each contract under way with the notice its termination clause
//! asks for and the day it would end if notice were given today; the time not yet billed
//! (a final invoice); the open tasks to finish or hand over; and a polite goodbye to adapt.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::Error;
use crate::capacity::{tasks, TaskId};
use crate::clients::{self, ClientId};
use crate::contracts::{self, ContractId, ContractState, RateModel};
use crate::prose;
use crate::tracking;

/// A contract to end.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ExitContract {
    pub id: ContractId,
    pub title: String,
    pub state: ContractState,
    /// The notice the termination clause asks for; `None` when the contract names none.
    pub notice_days: Option<u32>,
    pub termination_text: String,
    /// The day it ends with notice given today: today + notice, or its own end day when
    /// that comes first; `None` with neither.
    pub ends_on: Option<NaiveDate>,
}

/// Time logged and not yet invoiced on an hourly contract: a final invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Unbilled {
    pub contract_id: ContractId,
    pub title: String,
    pub minutes: u32,
    pub currency: String,
    /// The hours at the contract's rate, before tax.
    pub amount_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct HandOver {
    pub id: TaskId,
    pub title: String,
    pub remaining_minutes: u32,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ExitPlan {
    pub client_id: ClientId,
    pub client: String,
    pub contracts: Vec<ExitContract>,
    /// The last of the contracts' end days: when the relationship can be over.
    pub last_day: Option<NaiveDate>,
    pub unbilled: Vec<Unbilled>,
    pub open_tasks: Vec<HandOver>,
    /// A goodbye to adapt (days as `prose` markers).
    pub goodbye: String,
}

pub fn exit_plan(
    conn: &Connection,
    client: ClientId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<ExitPlan, Error> {
    let name = clients::get(conn, client)?.name;
    let under_way = [
        ContractState::SignedByClient,
        ContractState::SignedByBoth,
        ContractState::Active,
    ];
    let mut out = Vec::new();
    let mut unbilled = Vec::new();
    for k in contracts::list_contracts(conn, Some(client))? {
        if k.rate_model == RateModel::Hourly {
            let entries = tracking::unbilled(conn, k.id, now)?;
            let minutes: u32 = entries.iter().map(|e| e.minutes).sum();
            if minutes > 0 {
                unbilled.push(Unbilled {
                    contract_id: k.id,
                    title: k.title.clone(),
                    minutes,
                    currency: k.currency.clone(),
                    amount_minor: (i128::from(k.rate_minor) * i128::from(minutes) / 60) as i64,
                });
            }
        }
        if !under_way.contains(&k.state) {
            continue;
        }
        let by_notice = k.notice_days.map(|n| today + Duration::days(i64::from(n)));
        let ends_on = match (by_notice, k.end_day) {
            (Some(n), Some(e)) => Some(n.min(e)),
            (n, e) => n.or(e),
        };
        out.push(ExitContract {
            id: k.id,
            title: k.title,
            state: k.state,
            notice_days: k.notice_days,
            termination_text: k.termination_text,
            ends_on,
        });
    }
    let last_day = out.iter().filter_map(|c| c.ends_on).max();
    let open_tasks = tasks::list(conn, Some(client), false, today)?
        .into_iter()
        .map(|t| HandOver {
            id: t.id,
            title: t.title,
            remaining_minutes: t.remaining_minutes,
            due: t.due,
        })
        .collect();
    let until = match last_day {
        Some(d) => format!(
            " Under our agreement, my work for you will end on {}.",
            prose::weekday(d)
        ),
        None => String::new(),
    };
    let goodbye = format!(
        "Dear {name},\n\nThank you for the work we have done together. After careful thought I have decided \
         not to continue our collaboration.{until} Until then I will finish what is in progress and \
         hand over everything you need, so that the transition is smooth.\n\nI wish you every success.\n"
    );
    Ok(ExitPlan {
        client_id: client,
        client: name,
        contracts: out,
        last_day,
        unbilled,
        open_tasks,
        goodbye,
    })
}
