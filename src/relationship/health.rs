//! Client health: a traffic light with its reasons spelled out, so the user sees *why*.
//!
//! At risk (any of):
//! - satisfaction is falling (the rule in `satisfaction.rs`), or the latest score is 4 or less;
//! - no contact for twice the cadence (overdue by a whole cadence period);
//! - two or more policy breaches in the last 90 days.
//!
//! - an invoice is more than 30 days overdue.
//!
//! Needs attention (any of):
//! - an invoice is overdue;
//! - contact is overdue; the latest score is 5 or 6; one breach in the last 90 days;
//! - the current policies are not acknowledged; the account plan's review date has passed;
//! - follow-ups are overdue.
//!
//! Otherwise good. Each rule reads facts gathered for all clients in a handful of grouped
//! queries, so the whole client list gets its health at once.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use super::cadence::{self, ContactStatus};
use super::RelationshipError;
use crate::clients::ClientId;
use crate::store::Store;

/// How far back breaches count.
pub const BREACH_WINDOW_DAYS: i64 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HealthLevel {
    Good,
    Attention,
    AtRisk,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Reason {
    pub level: HealthLevel,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ClientHealth {
    pub level: HealthLevel,
    /// Worst first.
    pub reasons: Vec<Reason>,
}

/// What health is judged on, for one client.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub contact: Option<ContactStatus>,
    /// Latest satisfaction scores, oldest first (at most four).
    pub scores: Vec<u8>,
    pub recent_breaches: Vec<String>,
    /// Some(version) when policies exist and this client has not acknowledged it.
    pub unacknowledged_policy: Option<i64>,
    pub plan_review_due: Option<String>,
    pub overdue_follow_ups: u32,
    /// Days the oldest unpaid invoice is past due.
    pub oldest_overdue_days: Option<i32>,
}

pub fn assess(f: &Facts) -> ClientHealth {
    let mut reasons = Vec::new();
    let mut say = |level, text: String| reasons.push(Reason { level, text });
    let trend = super::satisfaction::measure(&f.scores);
    if trend.falling {
        let avg = trend.previous_average_tenths.unwrap_or_default();
        say(
            HealthLevel::AtRisk,
            format!(
                "Satisfaction is falling: {} after an average of {}.{}",
                trend.latest.unwrap_or_default(),
                avg / 10,
                avg % 10
            ),
        );
    } else if let Some(latest) = trend.latest {
        match latest {
            0..=4 => say(
                HealthLevel::AtRisk,
                format!("Latest satisfaction score is {latest}/10"),
            ),
            5..=6 => say(
                HealthLevel::Attention,
                format!("Latest satisfaction score is {latest}/10"),
            ),
            _ => {}
        }
    }
    if let Some(c) = &f.contact {
        if let (Some(cadence), Some(over)) = (c.cadence_days, c.days_overdue) {
            let since = match c.last_contact {
                Some(day) => format!("last contact {}", super::fields::human(&day.to_string())),
                None => "never contacted".to_owned(),
            };
            if over >= cadence as i32 {
                say(
                    HealthLevel::AtRisk,
                    format!("Contact overdue by {over} days ({since}; every {cadence} days)"),
                );
            } else if over > 0 {
                say(
                    HealthLevel::Attention,
                    format!("Contact overdue by {over} days ({since}; every {cadence} days)"),
                );
            }
        }
    }
    match f.recent_breaches.as_slice() {
        [] => {}
        [one] => say(
            HealthLevel::Attention,
            format!("A policy breach in the last {BREACH_WINDOW_DAYS} days: {one}"),
        ),
        many => say(
            HealthLevel::AtRisk,
            format!(
                "{} policy breaches in the last {BREACH_WINDOW_DAYS} days: {}",
                many.len(),
                many.join(", ")
            ),
        ),
    }
    if let Some(v) = f.unacknowledged_policy {
        say(
            HealthLevel::Attention,
            format!("Has not acknowledged your policies (version {v})"),
        );
    }
    if let Some(day) = &f.plan_review_due {
        say(
            HealthLevel::Attention,
            format!(
                "Account plan review was due on {}",
                super::fields::human(day)
            ),
        );
    }
    match f.oldest_overdue_days {
        Some(days) if days > 30 => say(
            HealthLevel::AtRisk,
            format!("An invoice is {days} days overdue"),
        ),
        Some(days) if days > 0 => say(
            HealthLevel::Attention,
            format!("An invoice is {days} days overdue"),
        ),
        _ => {}
    }
    match f.overdue_follow_ups {
        0 => {}
        1 => say(HealthLevel::Attention, "A follow-up is overdue".to_owned()),
        n => say(
            HealthLevel::Attention,
            format!("{n} follow-ups are overdue"),
        ),
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
    ClientHealth {
        level: reasons.first().map_or(HealthLevel::Good, |r| r.level),
        reasons,
    }
}

/// ClientHealth of every active client (or one).
pub fn health(
    store: &Store,
    client: Option<ClientId>,
    today: NaiveDate,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<HashMap<ClientId, ClientHealth>, RelationshipError> {
    let statuses = cadence::statuses(store, client, today, now, zone)?;
    health_given(store.conn(), client, today, statuses)
}

/// `health` for views that already have the contact statuses (they are the costly part).
pub fn health_given(
    conn: &Connection,
    client: Option<ClientId>,
    today: NaiveDate,
    statuses: Vec<ContactStatus>,
) -> Result<HashMap<ClientId, ClientHealth>, RelationshipError> {
    let facts = gather(conn, client, today, statuses)?;
    Ok(facts.into_iter().map(|(id, f)| (id, assess(&f))).collect())
}

/// Facts for each client in `statuses` (the active clients asked about).
fn gather(
    conn: &Connection,
    client: Option<ClientId>,
    today: NaiveDate,
    statuses: Vec<ContactStatus>,
) -> Result<HashMap<ClientId, Facts>, RelationshipError> {
    let mut facts: HashMap<ClientId, Facts> = statuses
        .into_iter()
        .map(|s| {
            (
                s.client_id,
                Facts {
                    contact: Some(s),
                    ..Default::default()
                },
            )
        })
        .collect();
    let c = params![client];

    let mut stmt = conn.prepare_cached(
        "SELECT client_id, score FROM (
             SELECT client_id, score, day, id,
                    row_number() OVER (PARTITION BY client_id ORDER BY day DESC, id DESC) AS n
             FROM satisfaction WHERE ?1 IS NULL OR client_id = ?1)
         WHERE n <= 4 ORDER BY client_id, day, id",
    )?;
    for row in stmt.query_map(c, |r| Ok((r.get::<_, ClientId>(0)?, r.get::<_, u8>(1)?)))? {
        let (id, score) = row?;
        if let Some(f) = facts.get_mut(&id) {
            f.scores.push(score);
        }
    }

    let since = (today - Duration::days(BREACH_WINDOW_DAYS)).to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT client_id, kind, day FROM breaches WHERE day >= ?1 AND day <= ?2 AND (?3 IS NULL OR client_id = ?3) ORDER BY day DESC",
    )?;
    for row in stmt.query_map(params![since, today.to_string(), client], |r| {
        Ok((
            r.get::<_, ClientId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (id, kind, day) = row?;
        if let Some(f) = facts.get_mut(&id) {
            f.recent_breaches.push(format!(
                "{} on {}",
                kind.replace('_', " "),
                super::fields::human(&day)
            ));
        }
    }

    let current: Option<i64> =
        conn.query_row("SELECT max(version) FROM policy_versions", [], |r| r.get(0))?;
    if let Some(current) = current {
        let mut stmt = conn.prepare_cached("SELECT client_id FROM policy_acks WHERE version >= ?1 AND (?2 IS NULL OR client_id = ?2)")?;
        let acked: Vec<ClientId> = stmt
            .query_map(params![current, client], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for (id, f) in facts.iter_mut() {
            if !acked.contains(id) {
                f.unacknowledged_policy = Some(current);
            }
        }
    }

    let mut stmt = conn.prepare_cached("SELECT client_id, review_on FROM account_plans WHERE review_on < ?1 AND (?2 IS NULL OR client_id = ?2)")?;
    for row in stmt.query_map(params![today.to_string(), client], |r| {
        Ok((r.get::<_, ClientId>(0)?, r.get::<_, String>(1)?))
    })? {
        let (id, day) = row?;
        if let Some(f) = facts.get_mut(&id) {
            f.plan_review_due = Some(day);
        }
    }

    let mut stmt = conn.prepare_cached(
        "SELECT client_id, count(*) FROM interactions WHERE follow_up < ?1 AND follow_up_done = 0 AND (?2 IS NULL OR client_id = ?2) GROUP BY client_id",
    )?;
    for row in stmt.query_map(params![today.to_string(), client], |r| {
        Ok((r.get::<_, ClientId>(0)?, r.get::<_, u32>(1)?))
    })? {
        let (id, n) = row?;
        if let Some(f) = facts.get_mut(&id) {
            f.overdue_follow_ups = n;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT k.client_id, min(v.due_day) FROM invoices v JOIN contracts k ON k.id = v.contract_id
         WHERE v.voided_on IS NULL AND v.paid_minor + v.credited_minor < v.amount_minor
           AND v.due_day < ?1 AND (?2 IS NULL OR k.client_id = ?2)
         GROUP BY k.client_id",
    )?;
    for row in stmt.query_map(params![today.to_string(), client], |r| {
        Ok((r.get::<_, ClientId>(0)?, r.get::<_, String>(1)?))
    })? {
        let (id, due) = row?;
        if let (Some(f), Ok(due)) = (facts.get_mut(&id), due.parse::<NaiveDate>()) {
            f.oldest_overdue_days = Some((today - due).num_days() as i32);
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::Priority;

    fn contact(cadence: u32, overdue: i32) -> ContactStatus {
        ContactStatus {
            client_id: ClientId(1),
            client: "Acme".into(),
            priority: Priority::Normal,
            cadence_days: Some(cadence),
            last_contact: "2026-10-01".parse().ok(),
            last_contact_via: Some("call".into()),
            due_on: None,
            days_overdue: Some(overdue),
            due: overdue >= 0,
        }
    }

    #[test]
    fn no_warning_signs_is_good() {
        let h = assess(&Facts {
            contact: Some(contact(14, -3)),
            scores: vec![8, 9],
            ..Default::default()
        });
        assert_eq!((h.level, h.reasons.len()), (HealthLevel::Good, 0));
    }

    #[test]
    fn each_rule_gives_its_level_and_reason() {
        let level = |f: Facts| assess(&f).level;
        assert_eq!(
            level(Facts {
                scores: vec![8, 8, 9, 5],
                ..Default::default()
            }),
            HealthLevel::AtRisk
        );
        assert_eq!(
            level(Facts {
                scores: vec![4],
                ..Default::default()
            }),
            HealthLevel::AtRisk
        );
        assert_eq!(
            level(Facts {
                scores: vec![6],
                ..Default::default()
            }),
            HealthLevel::Attention
        );
        assert_eq!(
            level(Facts {
                contact: Some(contact(14, 3)),
                ..Default::default()
            }),
            HealthLevel::Attention
        );
        assert_eq!(
            level(Facts {
                contact: Some(contact(14, 0)),
                ..Default::default()
            }),
            HealthLevel::Good,
            "due today is not late yet"
        );
        assert_eq!(
            level(Facts {
                contact: Some(contact(14, 14)),
                ..Default::default()
            }),
            HealthLevel::AtRisk
        );
        assert_eq!(
            level(Facts {
                recent_breaches: vec!["no show on 2026-11-01".into()],
                ..Default::default()
            }),
            HealthLevel::Attention
        );
        assert_eq!(
            level(Facts {
                recent_breaches: vec!["a".into(), "b".into()],
                ..Default::default()
            }),
            HealthLevel::AtRisk
        );
        assert_eq!(
            level(Facts {
                unacknowledged_policy: Some(2),
                ..Default::default()
            }),
            HealthLevel::Attention
        );
        assert_eq!(
            level(Facts {
                plan_review_due: Some("2026-11-01".into()),
                ..Default::default()
            }),
            HealthLevel::Attention
        );
        assert_eq!(
            level(Facts {
                overdue_follow_ups: 2,
                ..Default::default()
            }),
            HealthLevel::Attention
        );
        assert_eq!(
            level(Facts {
                oldest_overdue_days: Some(30),
                ..Default::default()
            }),
            HealthLevel::Attention
        );
        assert_eq!(
            level(Facts {
                oldest_overdue_days: Some(31),
                ..Default::default()
            }),
            HealthLevel::AtRisk
        );
    }

    #[test]
    fn reasons_are_spelled_out_worst_first() {
        let h = assess(&Facts {
            contact: Some(contact(14, 5)),
            scores: vec![9, 8, 9, 6],
            ..Default::default()
        });
        assert_eq!(h.level, HealthLevel::AtRisk);
        let texts: Vec<_> = h.reasons.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Satisfaction is falling: 6 after an average of 8.7",
                "Contact overdue by 5 days (last contact {date:2026-10-01}; every 14 days)",
            ]
        );
    }
}
