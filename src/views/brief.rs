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
    let day = meeting_day(&meeting, zone)?;
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
    let around = time::checked_key(key)?.with_timezone(&zone).date_naive();
    let found = calendar::occurrences(
        store,
        around - Duration::days(2),
        around + Duration::days(2),
        zone,
        &Filter {
            client_id: Some(client),
            ..Filter::default()
        },
    )?
    .into_iter()
    .filter(|o| o.source == Source::Event && o.event_id == event)
    .min_by_key(|o| (o.occurrence_key - key).abs());
    found.ok_or(Error::Calendar(calendar::CalendarError::NoSuchOccurrence))
}

/// The day the meeting is on where the user is. The occurrence's start is text the
/// calendar wrote from a typed value; should it not read, the brief is refused rather than
/// built around a made-up day.
fn meeting_day(o: &Occurrence, zone: Tz) -> Result<NaiveDate, Error> {
    if o.all_day {
        Ok(time::parse_date(&o.start)?)
    } else {
        DateTime::parse_from_rfc3339(&o.start)
            .map(|t| t.with_timezone(&zone).date_naive())
            .map_err(|_| calendar::CalendarError::BadDateTime(o.start.clone()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{add_event, EventInput};
    use crate::clients::ClientInput;

    fn meeting(store: &mut Store, start: &str, end: &str) -> EventId {
        let acme = clients::add(store, &ClientInput::named("Acme")).unwrap();
        let input = EventInput {
            client_id: Some(acme.id),
            ..EventInput::meeting("Kick-off", start, end)
        };
        add_event(store, &input).unwrap().id
    }

    #[test]
    fn the_brief_is_for_the_meetings_day_where_the_user_is() {
        let mut store = Store::open_in_memory().unwrap();
        // 23:30 UTC on the 4th is already the 5th in Berlin.
        let id = meeting(&mut store, "2027-01-04T23:30", "2027-01-05T00:30");
        let key = "2027-01-04T23:30:00Z".parse::<DateTime<Utc>>().unwrap();
        let now = "2027-01-01T09:00:00Z".parse().unwrap();
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let b = brief(&store, id, key.timestamp(), now, berlin).unwrap();
        assert_eq!(
            meeting_day(&b.meeting, berlin).unwrap().to_string(),
            "2027-01-05"
        );
        assert_eq!(b.client.name, "Acme");
    }

    #[test]
    fn a_key_no_instant_has_is_no_occurrence_not_a_day_in_1970() {
        let mut store = Store::open_in_memory().unwrap();
        // A meeting beside 1970-01-01, where such a key used to land and find it.
        let id = meeting(&mut store, "1970-01-02T10:00", "1970-01-02T11:00");
        let now = "2027-01-01T09:00:00Z".parse().unwrap();
        for key in [i64::MAX, i64::MIN] {
            let e = brief(&store, id, key, now, Tz::UTC).unwrap_err();
            assert!(
                matches!(
                    e,
                    Error::Calendar(calendar::CalendarError::NoSuchOccurrence)
                ),
                "{e:?}"
            );
        }
    }

    #[test]
    fn an_unreadable_start_is_refused_not_read_as_1970() {
        let mut store = Store::open_in_memory().unwrap();
        let id = meeting(&mut store, "2027-01-04T10:00", "2027-01-04T11:00");
        let now = "2027-01-01T09:00:00Z".parse().unwrap();
        let key = "2027-01-04T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let mut o = brief(&store, id, key.timestamp(), now, Tz::UTC)
            .unwrap()
            .meeting;
        o.start = "soon".into();
        assert!(meeting_day(&o, Tz::UTC).is_err());
        o.all_day = true;
        assert!(meeting_day(&o, Tz::UTC).is_err());
    }
}
