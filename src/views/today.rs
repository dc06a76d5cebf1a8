//! The home screen: today's meetings, who is due for contact, important dates this week,
//! follow-ups due, and alerts.
//!
//! Each panel is cut to its first [`TOP`] rows unless the screen asks for the whole panel
//! ("Show all N"), with the panel's full count beside it: on a large book the screen then
//! receives and renders a few dozen rows instead of thousands (a 1,000-client book has
//! hundreds of overdue and due clients), and the IPC payload stays small.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::Error;

use crate::calendar::{self, EventKind, Filter, Occurrence, Source};
use crate::clients::ClientId;
use crate::relationship::cadence::{self, ContactStatus};
use crate::relationship::dates::{self, NearDate};
use crate::relationship::health::{self, HealthLevel};
use crate::relationship::interactions::{self, Interaction};
use crate::store::Store;

/// How many rows a panel shows before "Show all": what fits in a column on a laptop screen.
pub const TOP: usize = 8;

#[derive(Debug, Clone, Serialize, Type)]
pub struct Today {
    pub date: String,
    /// Today's calendar events, meetings first, then in calendar order.
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
    /// Each panel's full count; a panel's list holds fewer when it was cut.
    pub totals: TodayTotals,
    /// The colour of each client named in the rows above (the rows carry only a name), so
    /// the screen needs no second call for the whole client list.
    pub colours: Vec<ClientColour>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
pub struct TodayTotals {
    pub events: u32,
    /// Of `events`, the meetings: the day's summary counts them.
    pub meetings: u32,
    pub due: u32,
    pub dates: u32,
    pub follow_ups: u32,
    pub alerts: u32,
    pub overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ClientColour {
    pub client_id: ClientId,
    pub colour: String,
}

/// A panel of the Today screen, as the screen names it when asking for all its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TodayPanel {
    Events,
    Due,
    Dates,
    FollowUps,
    Alerts,
    Overdue,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct Alert {
    pub client_id: ClientId,
    pub client: String,
    pub level: HealthLevel,
    pub reasons: Vec<String>,
}

/// Today with every panel complete (the CLI, tests).
pub fn today(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Today, Error> {
    let all = [
        TodayPanel::Events,
        TodayPanel::Due,
        TodayPanel::Dates,
        TodayPanel::FollowUps,
        TodayPanel::Alerts,
        TodayPanel::Overdue,
    ];
    today_top(store, today, now, zone, &all)
}

/// Today as the screen shows it: each panel cut to its first [`TOP`] rows, except the
/// panels in `complete`, with every panel's full count in `totals`.
pub fn today_top(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
    complete: &[TodayPanel],
) -> Result<Today, Error> {
    let conn = store.conn();
    let complete: HashSet<TodayPanel> = complete.iter().copied().collect();
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
    let clients: HashMap<ClientId, (String, String)> = crate::clients::list(store, false)?
        .into_iter()
        .map(|c| (c.id, (c.name, c.colour)))
        .collect();
    for a in &mut alerts {
        a.client = clients
            .get(&a.client_id)
            .map(|(name, _)| name.clone())
            .unwrap_or_default();
    }
    alerts.sort_by_cached_key(|a| a.client.to_lowercase());
    let events = sorted_meetings_first(events);
    let due = cadence::due_among(statuses);
    let dates = dates::near(conn, None, today, today + Duration::days(6), today)?;
    let follow_ups = interactions::open_follow_ups(conn, None, Some(today))?;
    let overdue = crate::contracts::overdue(store, today)?.by_client;
    let totals = TodayTotals {
        events: count(events.len()),
        meetings: count(
            events
                .iter()
                .filter(|o| o.kind == EventKind::Meeting)
                .count(),
        ),
        due: count(due.len()),
        dates: count(dates.len()),
        follow_ups: count(follow_ups.len()),
        alerts: count(alerts.len()),
        overdue: count(overdue.len()),
    };
    let cut = |panel: TodayPanel| {
        if complete.contains(&panel) {
            usize::MAX
        } else {
            TOP
        }
    };
    let mut day = Today {
        date: today.to_string(),
        events: top(events, cut(TodayPanel::Events)),
        due: top(due, cut(TodayPanel::Due)),
        dates: top(dates, cut(TodayPanel::Dates)),
        follow_ups: top(follow_ups, cut(TodayPanel::FollowUps)),
        alerts: top(alerts, cut(TodayPanel::Alerts)),
        overdue: top(overdue, cut(TodayPanel::Overdue)),
        totals,
        colours: Vec::new(),
    };
    day.colours = colours_of(&day, &clients);
    Ok(day)
}

fn top<T>(mut rows: Vec<T>, n: usize) -> Vec<T> {
    rows.truncate(n);
    rows
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The colours of the clients the shown rows name, each once, in id order.
fn colours_of(day: &Today, clients: &HashMap<ClientId, (String, String)>) -> Vec<ClientColour> {
    let named = day
        .events
        .iter()
        .filter_map(|o| o.client_id)
        .chain(day.due.iter().map(|d| d.client_id))
        .chain(day.dates.iter().map(|n| n.date.client_id))
        .chain(day.follow_ups.iter().map(|f| f.client_id))
        .chain(day.alerts.iter().map(|a| a.client_id))
        .chain(day.overdue.iter().map(|o| o.client_id));
    let ids: std::collections::BTreeSet<ClientId> = named.collect();
    ids.into_iter()
        .filter_map(|id| {
            clients.get(&id).map(|(_, colour)| ClientColour {
                client_id: id,
                colour: colour.clone(),
            })
        })
        .collect()
}

/// Keeps the calendar order; meetings are what the day is planned around.
fn sorted_meetings_first(mut events: Vec<Occurrence>) -> Vec<Occurrence> {
    events.sort_by_key(|o| o.kind != EventKind::Meeting);
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{add_events, EventInput};
    use crate::clients::{self, ClientInput};

    /// A book where more clients than [`TOP`] are due for contact, each with a meeting today
    /// (an all-day entry among them, to show that meetings come first).
    fn busy_book(n: usize) -> (Store, NaiveDate, DateTime<Utc>) {
        let mut s = Store::open_in_memory().unwrap();
        let mut events = vec![EventInput::all_day("Offsite", "2027-03-10", "2027-03-10")];
        for i in 0..n {
            let c = clients::add(&mut s, &ClientInput::named(&format!("Client {i:02}"))).unwrap();
            cadence::set_cadence(&mut s, c.id, Some(7)).unwrap();
            let start = format!("2027-03-10T{:02}:00", 8 + i % 10);
            let end = format!("2027-03-10T{:02}:30", 8 + i % 10);
            events
                .push(EventInput::meeting(&format!("Call {i:02}"), &start, &end).for_client(c.id));
        }
        add_events(&mut s, &events).unwrap();
        let now = "2027-03-10T06:00:00Z".parse().unwrap();
        (s, "2027-03-10".parse().unwrap(), now)
    }

    #[test]
    fn each_panel_shows_its_first_rows_with_the_full_count_until_asked_for_all() {
        let (s, day, now) = busy_book(TOP + 4);
        let t = today_top(&s, day, now, Tz::UTC, &[]).unwrap();
        assert_eq!(t.due.len(), TOP);
        assert_eq!(t.totals.due, (TOP + 4) as u32);
        assert_eq!(t.events.len(), TOP);
        assert_eq!(
            t.totals.events,
            (TOP + 5) as u32,
            "the all-day entry counts"
        );
        assert_eq!(t.totals.meetings, (TOP + 4) as u32);
        assert!(
            t.events.iter().all(|o| o.kind == EventKind::Meeting),
            "meetings first, so the cut drops the all-day entry"
        );

        let all = today_top(&s, day, now, Tz::UTC, &[TodayPanel::Due]).unwrap();
        assert_eq!(all.due.len(), TOP + 4, "the asked-for panel is complete");
        assert_eq!(all.events.len(), TOP, "the others stay cut");
        let first: Vec<&str> = t.due.iter().map(|d| d.client.as_str()).collect();
        let head: Vec<&str> = all.due[..TOP].iter().map(|d| d.client.as_str()).collect();
        assert_eq!(
            first, head,
            "the cut keeps the order: the top rows are the same"
        );

        let full = today(&s, day, now, Tz::UTC).unwrap();
        assert_eq!(full.events.len(), TOP + 5);
    }

    #[test]
    fn colours_are_sent_for_the_clients_shown_only() {
        let (s, day, now) = busy_book(TOP + 4);
        let t = today_top(&s, day, now, Tz::UTC, &[]).unwrap();
        let shown: std::collections::BTreeSet<ClientId> = t
            .due
            .iter()
            .map(|d| d.client_id)
            .chain(t.events.iter().filter_map(|o| o.client_id))
            .collect();
        let coloured: Vec<ClientId> = t.colours.iter().map(|c| c.client_id).collect();
        assert_eq!(coloured, shown.into_iter().collect::<Vec<_>>());
        assert!(coloured.len() < TOP + 4, "not every client's colour");
        assert!(t.colours.iter().all(|c| c.colour.starts_with('#')));
    }

    #[test]
    fn a_small_day_is_sent_whole() {
        let (s, day, now) = busy_book(3);
        let t = today_top(&s, day, now, Tz::UTC, &[]).unwrap();
        assert_eq!((t.due.len(), t.totals.due), (3, 3));
        assert_eq!((t.events.len(), t.totals.events), (4, 4));
    }
}
