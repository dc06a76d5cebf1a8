//! The client card: everything to remember about one client right now, composed of the
//! small queries of this area (and later of tasks and money owed), plus the client list's
//! row with health and contact status.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use specta::Type;

use super::Error;

use crate::calendar::{self, Occurrence};
use crate::clients::{self, Client, ClientId, Contact};
use crate::contracts::{self, ClientMoney, Contract};
use crate::relationship::cadence::{self, ContactStatus};
use crate::relationship::dates::{self, ImportantDate, NearDate};
use crate::relationship::files::{self, LinkedFile};
use crate::relationship::health::{self, ClientHealth, HealthLevel};
use crate::relationship::interactions::{self, Interaction, InteractionId};
use crate::relationship::plan::{self, AccountPlan};
use crate::relationship::policies::{self, Breach, PolicyStatus};
use crate::relationship::satisfaction::{self, Trend};
use crate::store::Store;

/// How far around today the card looks for important dates.
pub const NEAR_DAYS: i64 = 30;
/// How many interactions the card shows.
const LAST_INTERACTIONS: u32 = 5;
/// How far ahead the card looks for the next meeting.
const NEXT_MEETING_DAYS: i64 = 120;

/// "What must I remember about this client right now?" Field names are part of the CLI's
/// `clients card --json` interface.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ClientCard {
    pub client: Client,
    pub contacts: Vec<Contact>,
    /// Occurrences from 30 days ago to 30 days ahead, with "ask about it" wording.
    pub important_dates: Vec<NearDate>,
    /// Every important date on record, for editing.
    pub all_dates: Vec<ImportantDate>,
    /// The latest first.
    pub interactions: Vec<Interaction>,
    pub open_follow_ups: Vec<Interaction>,
    /// Ids of the open follow-ups whose day has passed.
    pub late_follow_ups: Vec<InteractionId>,
    pub next_meeting: Option<Occurrence>,
    pub contact: ContactStatus,
    pub satisfaction: Trend,
    pub policy: PolicyStatus,
    pub breaches: Vec<Breach>,
    pub plan: Option<AccountPlan>,
    pub files: Vec<LinkedFile>,
    /// Invoiced and unpaid, and overdue, per currency.
    pub money: ClientMoney,
    /// The client's contracts, newest first.
    pub contracts: Vec<Contract>,
    pub health: ClientHealth,
}

/// A row of the client list.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ClientRow {
    pub client: Client,
    pub health: ClientHealth,
    pub contact: Option<ContactStatus>,
}

pub fn card(
    store: &Store,
    id: ClientId,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<ClientCard, Error> {
    let conn = store.conn();
    let client = clients::get(store, id)?;
    let statuses = cadence::statuses(store, Some(id), today, now, zone)?;
    let contact = statuses
        .first()
        .cloned()
        .unwrap_or_else(|| archived_status(&client));
    let health = health::health_given(conn, Some(id), today, statuses)?
        .remove(&id)
        .unwrap_or(ClientHealth {
            level: HealthLevel::Good,
            reasons: vec![],
        });
    Ok(ClientCard {
        contacts: clients::list_contacts(store, id, false)?,
        important_dates: dates::near(
            conn,
            Some(id),
            today - Duration::days(NEAR_DAYS),
            today + Duration::days(NEAR_DAYS),
            today,
        )?,
        all_dates: dates::list_dates(store, id)?,
        interactions: interactions::list_interactions(conn, id, Some(LAST_INTERACTIONS))?,
        late_follow_ups: interactions::open_follow_ups(
            conn,
            Some(id),
            Some(today - Duration::days(1)),
        )?
        .iter()
        .map(|i| i.id)
        .collect(),
        open_follow_ups: interactions::open_follow_ups(conn, Some(id), None)?,
        next_meeting: calendar::next_meeting(store, id, now, today, NEXT_MEETING_DAYS, zone)?,
        satisfaction: satisfaction::trend(conn, id)?,
        policy: policies::policy_status(conn, id)?,
        breaches: policies::breaches(conn, Some(id), None)?,
        plan: plan::get_plan(conn, id)?,
        files: files::list_files(conn, id)?,
        money: contracts::client_money(conn, id, today)?,
        contracts: contracts::list_contracts(store, Some(id))?,
        contact,
        health,
        client,
    })
}

/// The client list with each client's health and contact status (archived clients have
/// neither: nothing is expected of them).
pub fn overview(
    store: &Store,
    include_archived: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Vec<ClientRow>, Error> {
    let statuses = cadence::statuses(store, None, today, now, zone)?;
    let mut health = health::health_given(store.conn(), None, today, statuses.clone())?;
    let mut statuses: std::collections::HashMap<ClientId, ContactStatus> =
        statuses.into_iter().map(|s| (s.client_id, s)).collect();
    Ok(clients::list(store, include_archived)?
        .into_iter()
        .map(|client| ClientRow {
            health: health.remove(&client.id).unwrap_or(ClientHealth {
                level: HealthLevel::Good,
                reasons: vec![],
            }),
            contact: statuses.remove(&client.id),
            client,
        })
        .collect())
}

fn archived_status(client: &Client) -> ContactStatus {
    ContactStatus {
        client_id: client.id,
        client: client.name.clone(),
        priority: client.priority,
        cadence_days: None,
        last_contact: None,
        last_contact_via: None,
        due_on: None,
        days_overdue: None,
        due: false,
    }
}
