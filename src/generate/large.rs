//! Large generated books for benchmarks and the soak test: thousands of clients, events,
//! relationships and tasks, written with bulk SQL in one transaction (the user-facing
//! functions commit per record, too slow for that many rows).

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::calendar::{self, CalendarError, EventInput, EventKind, Freq, Recurrence};
use chrono::Datelike;

use crate::clients::{self, ClientId, ClientInput, Priority};
use crate::store::{Store, Writer};

use super::{all_or_nothing, BookSize, Rng, KINDS, TITLES, WORDS};

/// Fills an empty book, all or nothing.
pub fn large_book(store: &mut Store, size: BookSize) -> Result<(), CalendarError> {
    all_or_nothing(store, |scratch| fill_large_book(scratch, size))
}

fn fill_large_book(store: &mut Store, size: BookSize) -> Result<(), CalendarError> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut ids = Vec::with_capacity(size.clients);
    let priorities = [
        Priority::High,
        Priority::Normal,
        Priority::Normal,
        Priority::Low,
    ];
    let inputs: Vec<ClientInput> = (0..size.clients)
        .map(|i| ClientInput {
            name: format!(
                "{} {} {}",
                WORDS[i % WORDS.len()],
                KINDS[(i / WORDS.len()) % KINDS.len()],
                i + 1
            ),
            priority: priorities[i % priorities.len()],
            colour: None,
            notes: String::new(),
        })
        .collect();
    for input in &inputs {
        ids.push(clients::add(store, input)?.id);
    }
    let mut events = Vec::with_capacity(size.events + size.series);
    for i in 0..size.events {
        let day = size.first_day + Duration::days(rng.below(size.days as u64) as i64);
        let hour = 8 + rng.below(10);
        let minutes = [30, 60, 60, 90, 120][rng.below(5) as usize];
        let client = (rng.below(10) < 8).then(|| ids[rng.below(ids.len() as u64) as usize]);
        let start = day.and_time(NaiveTime::MIN) + Duration::hours(hour as i64);
        let end = start + Duration::minutes(minutes);
        events.push(EventInput {
            calendar_id: None,
            title: format!("{} {}", TITLES[i % TITLES.len()], i + 1),
            client_id: client,
            kind: if i % 7 == 0 {
                EventKind::TimeBlock
            } else {
                EventKind::Meeting
            },
            all_day: false,
            start: start.format("%Y-%m-%dT%H:%M").to_string(),
            end: end.format("%Y-%m-%dT%H:%M").to_string(),
            tz: "Europe/Berlin".into(),
            location: String::new(),
            channel: None,
            notes: String::new(),
            free: false,
            reminders: vec![],
            recurrence: None,
        });
    }
    for (i, id) in ids.iter().take(size.series).enumerate() {
        let day = size.first_day + Duration::days((i % 7) as i64);
        events.push(EventInput {
            calendar_id: None,
            title: "Weekly check-in".into(),
            client_id: Some(*id),
            kind: EventKind::Meeting,
            all_day: false,
            start: format!("{day}T{:02}:00", 8 + i % 9),
            end: format!("{day}T{:02}:30", 8 + i % 9),
            tz: "Europe/Berlin".into(),
            location: String::new(),
            channel: None,
            notes: String::new(),
            free: false,
            reminders: vec![],
            recurrence: Some(Recurrence {
                freq: Freq::Weekly,
                interval: 1,
                by_weekday: vec![],
                by_month_day: vec![],
                count: None,
                until: None,
            }),
        });
    }
    calendar::add_events(store, &events)?;
    large_relationships(store, &ids, size, &mut rng)?;
    Ok(())
}

/// Per client: two important dates, ten interactions, four satisfaction scores, two
/// contracts with ten invoices each (20,000 invoices for 1,000 clients); a cadence for
/// every other client; a breach for one in ten. Bulk SQL in one transaction: the
/// user-facing functions commit per record, too slow for 20,000 rows.
fn large_relationships(
    store: &mut impl Writer,
    ids: &[ClientId],
    size: BookSize,
    rng: &mut Rng,
) -> Result<(), CalendarError> {
    store.write(|tx| {
        let now = crate::store::now_utc();
        let day = |rng: &mut Rng| {
            (size.first_day + Duration::days(rng.below(size.days as u64) as i64)).to_string()
        };
        {
            let mut date = tx.prepare("INSERT INTO important_dates (client_id, kind, first_day, last_day, yearly, note, created_at, updated_at) VALUES (?1, ?2, ?3, ?3, ?4, '', ?5, ?5)")?;
            let mut talk = tx.prepare("INSERT INTO interactions (client_id, kind, day, summary, follow_up, created_at, updated_at) VALUES (?1, ?2, ?3, 'Talked it through', ?4, ?5, ?5)")?;
            let mut score = tx.prepare(
                "INSERT INTO satisfaction (client_id, day, score, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut breach = tx.prepare("INSERT INTO breaches (client_id, kind, day, created_at) VALUES (?1, 'late_payment', ?2, ?3)")?;
            let mut cadence = tx.prepare("UPDATE clients SET cadence_days = ?2 WHERE id = ?1")?;
            let mut contract = tx.prepare(
                "INSERT INTO contracts (client_id, title, rate_model, currency, rate_minor, estimated_hours, start_day, end_day, state, created_at, updated_at)
                 VALUES (?1, ?2, 'fixed', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )?;
            let mut invoice = tx.prepare("INSERT INTO invoices (contract_id, number, issue_day, due_day, amount_minor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
            let mut payment = tx.prepare("INSERT INTO payments (invoice_id, day, amount_minor, created_at) VALUES (?1, ?2, ?3, ?4)")?;
            for (i, &id) in ids.iter().enumerate() {
                date.execute(rusqlite::params![
                    id,
                    "birthday",
                    format!(
                        "19{:02}-{:02}-{:02}",
                        50 + rng.below(50),
                        1 + rng.below(12),
                        1 + rng.below(28)
                    ),
                    true,
                    now
                ])?;
                date.execute(rusqlite::params![id, "launch", day(rng), false, now])?;
                for n in 0..10 {
                    let follow_up = (n == 9).then(|| day(rng));
                    talk.execute(rusqlite::params![
                        id,
                        ["call", "email", "meeting", "message"][n % 4],
                        day(rng),
                        follow_up,
                        now
                    ])?;
                }
                for _ in 0..4 {
                    score.execute(rusqlite::params![
                        id,
                        day(rng),
                        (3 + rng.below(8)) as i64,
                        now
                    ])?;
                }
                if i % 10 == 0 {
                    breach.execute(rusqlite::params![id, day(rng), now])?;
                }
                if i % 2 == 0 {
                    cadence.execute(rusqlite::params![
                        id,
                        [7, 14, 30, 90][i % 4 / 2 + (i / 2) % 2]
                    ])?;
                }
                // Two contracts, ten invoices each; most paid, some partly, some not.
                for c in 0..2 {
                    let start = size.first_day + Duration::days(rng.below(size.days as u64 / 2) as i64);
                    let state =
                        ["active", "signed_by_both", "completed", "sent"][rng.below(4) as usize];
                    let currency = ["EUR", "EUR", "USD", "GBP"][(i + c) % 4];
                    contract.execute(rusqlite::params![
                        id,
                        format!("Project {}", c + 1),
                        currency,
                        1_000_000i64,
                        80,
                        start.to_string(),
                        (start + Duration::days(120)).to_string(),
                        state,
                        now
                    ])?;
                    let contract_id = tx.last_insert_rowid();
                    for n in 0..10 {
                        let issued = start + Duration::days(12 * n);
                        let amount = 100_000i64;
                        invoice.execute(rusqlite::params![
                            contract_id,
                            format!("G-{id}-{c}-{n}"),
                            issued.to_string(),
                            (issued + Duration::days(30)).to_string(),
                            amount,
                            now
                        ])?;
                        let invoice_id = tx.last_insert_rowid();
                        match rng.below(10) {
                            0 => {}
                            1 => {
                                payment.execute(rusqlite::params![
                                    invoice_id,
                                    (issued + Duration::days(20)).to_string(),
                                    amount / 2,
                                    now
                                ])?;
                            }
                            _ => {
                                payment.execute(rusqlite::params![
                                    invoice_id,
                                    (issued + Duration::days(25)).to_string(),
                                    amount,
                                    now
                                ])?;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    })
}

/// Adds `count` tasks due over `days` from `first_day`, spread over the book's clients (50
/// new ones if it has none), for measuring the capacity check. Estimates are 1 to 16 hours
/// with some earliest starts; one in ten is done and one in twenty delegated (neither
/// counts). The open ones are partly done so that what remains is about three quarters of
/// an 8-hour, 5-day week over the period: a busy but not hopeless book, with every open
/// task still a job for the check. Bulk SQL in one transaction.
pub fn large_tasks(
    store: &mut impl Writer,
    count: usize,
    first_day: NaiveDate,
    days: i64,
) -> Result<(), crate::capacity::CapacityError> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut ids: Vec<ClientId> = {
        let mut stmt = store.conn().prepare("SELECT id FROM clients ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    if ids.is_empty() {
        let priorities = [
            Priority::High,
            Priority::Normal,
            Priority::Normal,
            Priority::Low,
        ];
        for i in 0..50 {
            let input = ClientInput {
                name: format!(
                    "{} {} T{}",
                    WORDS[i % WORDS.len()],
                    KINDS[(i / WORDS.len()) % KINDS.len()],
                    i + 1
                ),
                priority: priorities[i % priorities.len()],
                colour: None,
                notes: String::new(),
            };
            ids.push(clients::add(store, &input)?.id);
        }
    }
    let days = days.max(1);
    let working_minutes: u64 = (0..days)
        .filter(|&d| {
            (first_day + Duration::days(d))
                .weekday()
                .num_days_from_monday()
                < 5
        })
        .count() as u64
        * 480;
    // (estimate, status, delegated, due, start) first; the share left to do once the sum is known.
    struct Draft {
        estimate: u64,
        status: &'static str,
        delegated: bool,
        due: NaiveDate,
        start: Option<NaiveDate>,
    }
    let drafts: Vec<Draft> = (0..count)
        .map(|_| {
            let estimate = 60 * (1 + rng.below(16));
            let due = first_day + Duration::days(rng.below(days as u64) as i64);
            let start = (rng.below(10) < 3)
                .then(|| (due - Duration::days(rng.below(15) as i64)).max(first_day));
            let roll = rng.below(20);
            let (status, delegated) = match roll {
                0 | 1 => ("done", false),
                2 => ("open", true),
                3..=5 => ("in_progress", false),
                6 => ("waiting", false),
                _ => ("open", false),
            };
            Draft {
                estimate,
                status,
                delegated,
                due,
                start,
            }
        })
        .collect();
    let counted: u64 = drafts
        .iter()
        .filter(|d| d.status != "done" && !d.delegated)
        .map(|d| d.estimate)
        .sum();
    let target = working_minutes * 3 / 4;
    store.write(|tx| {
        let now = crate::store::now_utc();
        {
            let mut insert = tx.prepare(
                "INSERT INTO tasks (client_id, title, estimate_minutes, earliest_start, due_day, important, urgent,
                                    status, delegated_to, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?;
            // The hours done are time logged on the task (issue 16), on the day it was made.
            let mut log = tx.prepare(
                "INSERT INTO time_entries (client_id, task_id, day, minutes, note, billable, created_at)
                 VALUES (?1, ?2, substr(?4, 1, 10), ?3, 'Work so far', 1, ?4)",
            )?;
            for (i, d) in drafts.iter().enumerate() {
                // What is left: the estimate scaled to the target load, at least 5 minutes.
                let left = if counted > target {
                    (d.estimate * target / counted.max(1)).max(5)
                } else {
                    d.estimate
                };
                let done = if d.status == "done" {
                    d.estimate
                } else {
                    d.estimate - left.min(d.estimate)
                };
                let status = if d.status == "open" && done > 0 && !d.delegated {
                    "in_progress"
                } else {
                    d.status
                };
                let client = ids[rng.below(ids.len() as u64) as usize];
                insert.execute(rusqlite::params![
                    client,
                    format!("{} {}", TITLES[i % TITLES.len()], i + 1),
                    d.estimate as i64,
                    d.start.map(|s| s.to_string()),
                    d.due.to_string(),
                    rng.below(3) == 0,
                    rng.below(4) == 0,
                    status,
                    if d.delegated { "Sam" } else { "" },
                    now,
                ])?;
                if done > 0 {
                    log.execute(rusqlite::params![client, tx.last_insert_rowid(), done as i64, now])?;
                }
            }
        }
        Ok(())
    })
}
