//! The home screen: today's meetings, who is due for contact, important dates this week,
//! follow-ups due, and alerts.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use specta::Type;

use super::Error;

use crate::calendar::{self, EventKind, Filter, Occurrence, Source};
use crate::clients::ClientId;
use crate::relationship::cadence::{self, ContactStatus};
use crate::relationship::dates::{self, NearDate};
use crate::relationship::health::{self, HealthLevel};
use crate::relationship::interactions::{self, Interaction};
use crate::store::Store;

#[derive(Debug, Clone, Serialize, Type)]
pub struct Today {
    pub date: String,
    /// Today's calendar events (meetings first are the UI's to show; all kinds are here).
    pub events: Vec<Occurrence>,
    /// Due for contact, most overdue first.
    pub due: Vec<ContactStatus>,
    /// Important dates from today to six days ahead.
    pub dates: Vec<NearDate>,
    pub follow_ups: Vec<Interaction>,
    /// Clients at risk, or needing attention for falling satisfaction or breaches.
    pub alerts: Vec<Alert>,
    /// Clients with overdue invoices, longest overdue first, totals per currency.
    pub overdue: Vec<crate::contracts::ClientOverdue>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct Alert {
    pub client_id: ClientId,
    pub client: String,
    pub level: HealthLevel,
    pub reasons: Vec<String>,
}

pub fn today(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Today, Error> {
    let conn = store.conn();
    let events: Vec<Occurrence> =
        calendar::occurrences(store, today, today, zone, &Filter::default())?
            .into_iter()
            .filter(|o| o.source == Source::Event)
            .collect();
    let statuses = cadence::statuses(store, None, today, now, zone)?;
    let mut alerts: Vec<Alert> = health::health_given(conn, None, today, statuses.clone())?
        .into_iter()
        .filter(|(_, h)| h.level == HealthLevel::AtRisk)
        .map(|(id, h)| Alert {
            client_id: id,
            client: String::new(),
            level: h.level,
            reasons: h.reasons.into_iter().map(|r| r.text).collect(),
        })
        .collect();
    let names: std::collections::HashMap<ClientId, String> = crate::clients::list(store, false)?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    for a in &mut alerts {
        a.client = names.get(&a.client_id).cloned().unwrap_or_default();
    }
    alerts.sort_by_cached_key(|a| a.client.to_lowercase());
    Ok(Today {
        date: today.to_string(),
        events: sorted_meetings_first(events),
        due: cadence::due_among(statuses),
        dates: dates::near(conn, None, today, today + Duration::days(6), today)?,
        follow_ups: interactions::open_follow_ups(conn, None, Some(today))?,
        alerts,
        overdue: crate::contracts::overdue(store, today)?.by_client,
    })
}

/// Keeps the calendar order; meetings are what the day is planned around.
fn sorted_meetings_first(mut events: Vec<Occurrence>) -> Vec<Occurrence> {
    events.sort_by_key(|o| o.kind != EventKind::Meeting);
    events
}
