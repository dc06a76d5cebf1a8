//! The pre-meeting brief: one printable page to read before a meeting with a client.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use specta::Type;

use super::Error;
use crate::relationship::RelationshipError;

use crate::calendar::{self, time, EventId, Filter, Occurrence, Source};
use crate::clients::{self, Client, Contact};
use crate::relationship::dates::{self, NearDate};
use crate::relationship::health::{self, Reason};
use crate::relationship::interactions::{self, Interaction};
use crate::relationship::policies::{self, PolicyStatus};
use crate::relationship::satisfaction::{self, Trend};
use crate::store::Store;

/// How many days around the meeting count as "near" for important dates.
const NEAR_DAYS: i64 = 14;

#[derive(Debug, Clone, Serialize, Type)]
pub struct Brief {
    pub meeting: Occurrence,
    /// The meeting's notes (agenda).
    pub notes: String,
    pub client: Client,
    /// Who may attend: the client's people with their roles and authority.
    pub people: Vec<Contact>,
    pub important_dates: Vec<NearDate>,
    /// The last three, latest first.
    pub last_interactions: Vec<Interaction>,
    /// Follow-ups not yet done (later also open tasks).
    pub open_items: Vec<Interaction>,
    pub satisfaction: Trend,
    pub policy: PolicyStatus,
    /// The health reasons, worst first.
    pub alerts: Vec<Reason>,
}

/// The brief for one occurrence of a calendar event (`occurrence_key` as on the calendar).
pub fn brief(
    store: &Store,
    event: EventId,
    occurrence_key: i64,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Brief, Error> {
    let stored = calendar::get_event(store, event)?;
    let client_id = stored
        .client_id
        .ok_or(RelationshipError::NotAClientMeeting)?;
    let meeting = find_occurrence(store, event, occurrence_key, client_id, zone)?;
    let day = meeting_day(&meeting, zone);
    let conn = store.conn();
    let today = now.with_timezone(&zone).date_naive();
    Ok(Brief {
        notes: stored.notes,
        client: clients::get(store, client_id)?,
        people: clients::list_contacts(store, client_id, false)?,
        important_dates: dates::near(
            conn,
            Some(client_id),
            day - Duration::days(NEAR_DAYS),
            day + Duration::days(NEAR_DAYS),
            day,
        )?,
        last_interactions: interactions::list_interactions(conn, client_id, Some(3))?,
        open_items: interactions::open_follow_ups(conn, Some(client_id), None)?,
        satisfaction: satisfaction::trend(conn, client_id)?,
        policy: policies::policy_status(conn, client_id)?,
        alerts: health::health(store, Some(client_id), today, now, zone)?
            .remove(&client_id)
            .map(|h| h.reasons)
            .unwrap_or_default(),
        meeting,
    })
}

/// The occurrence as the calendar shows it, looked up around its key.
fn find_occurrence(
    store: &Store,
    event: EventId,
    key: i64,
    client: clients::ClientId,
    zone: Tz,
) -> Result<Occurrence, Error> {
    let around = time::from_key(key).with_timezone(&zone).date_naive();
    let found = calendar::occurrences(
        store,
        around - Duration::days(2),
        around + Duration::days(2),
        zone,
        &Filter {
            client_id: Some(client),
        },
    )?
    .into_iter()
    .filter(|o| o.source == Source::Event && o.event_id == event)
    .min_by_key(|o| (o.occurrence_key - key).abs());
    found.ok_or(Error::Calendar(calendar::CalendarError::NoSuchOccurrence))
}

fn meeting_day(o: &Occurrence, zone: Tz) -> NaiveDate {
    if o.all_day {
        time::parse_date(&o.start).unwrap_or_default()
    } else {
        DateTime::parse_from_rfc3339(&o.start)
            .map(|t| t.with_timezone(&zone).date_naive())
            .unwrap_or_default()
    }
}
