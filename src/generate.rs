//! Generated books: realistic enough to look at, large enough to measure. The benchmarks
//! use `large_book` (1,000 clients, 200,000 events); the sample data for newcomers will
//! use the same generator at a small scale.

use chrono::{Duration, NaiveDate};

use crate::calendar::{self, CalendarError, EventInput, EventKind, Freq, Recurrence};
use chrono::Datelike;

use crate::clients::{self, ClientId, ClientInput, ContactId, Priority};
use crate::store::{Store, StoreError, Writer};
use crate::views::Error;

#[derive(Debug, Clone, Copy)]
pub struct BookSize {
    pub clients: usize,
    /// Single events, spread over `days` from `first_day`.
    pub events: usize,
    /// Weekly series (one per client, up to this many).
    pub series: usize,
    pub first_day: NaiveDate,
    pub days: i64,
}

const WORDS: [&str; 12] = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
];
const KINDS: [&str; 6] = ["Studio", "Labs", "Foods", "Logistics", "Dental", "Partners"];
const TITLES: [&str; 6] = [
    "Call",
    "Review",
    "Workshop",
    "Check-in",
    "Planning",
    "Deep work",
];

/// A small deterministic generator (xorshift), so every run builds the same book.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Fills `store` all or nothing: `fill` writes a private scratch book (in memory, with the
/// book's settings and page size), which then replaces the book's content in one write
/// transaction. If `fill` fails at any point the book is untouched. The generators below
/// use the user-facing functions, each committing on its own, so this is what makes a
/// generated book one user action.
pub fn all_or_nothing<E: From<StoreError>>(
    store: &mut Store,
    fill: impl FnOnce(&mut Store) -> Result<(), E>,
) -> Result<(), E> {
    let page_size: i64 = store
        .conn()
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .map_err(StoreError::from)?;
    let mut scratch = Store::scratch(page_size)?;
    {
        let settings: Vec<(String, String)> = store
            .conn()
            .prepare("SELECT key, value FROM settings")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_, _>>()
            })
            .map_err(StoreError::from)?;
        for (key, value) in settings {
            scratch
                .conn()
                .execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                    rusqlite::params![key, value],
                )
                .map_err(StoreError::from)?;
        }
    }
    fill(&mut scratch)?;
    store.replace_with(&scratch)?;
    Ok(())
}

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
        let start = day.and_hms_opt(hour as u32, 0, 0).unwrap_or_default();
        let end = start + Duration::minutes(minutes);
        events.push(EventInput {
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

/// The sample book a newcomer can load on first start: a dozen clients with the people
/// there and a fortnight of meetings, deadlines, time blocks and a vacation around
/// `today`, in `zone`, including one overlap to show how conflicts look.
pub fn sample_book(store: &mut Store, today: NaiveDate, zone: &str) -> Result<(), Error> {
    all_or_nothing(store, |scratch| fill_sample_book(scratch, today, zone))
}

fn fill_sample_book(store: &mut Store, today: NaiveDate, zone: &str) -> Result<(), Error> {
    use crate::clients::{ContactChannel as C, ContactInput};

    type Person = (
        &'static str,
        &'static str,
        &'static str,
        Option<C>,
        &'static str,
    );
    let book: [(&str, Priority, &str, &[Person]); 12] = [
        (
            "Acme Corp",
            Priority::High,
            "Prefers a call before 10am; never email on Fridays. Budget sign-off by Maria.",
            &[
                (
                    "Maria Lopez",
                    "CFO",
                    "maria@acme.example",
                    Some(C::Phone),
                    "Signs off budgets over €5k",
                ),
                (
                    "Tom Reed",
                    "Project lead",
                    "tom@acme.example",
                    Some(C::Video),
                    "Day-to-day decisions, scope questions",
                ),
            ],
        ),
        (
            "Bloom Studio",
            Priority::Normal,
            "Design agency; pays within 7 days.",
            &[(
                "Jo Park",
                "Founder",
                "jo@bloom.example",
                Some(C::Message),
                "Decides everything",
            )],
        ),
        (
            "Globex Logistics",
            Priority::High,
            "New client: kick-off this week. Formal tone.",
            &[
                (
                    "Dana Whitfield",
                    "Head of Operations",
                    "dana@globex.example",
                    Some(C::Email),
                    "Owns the contract",
                ),
                (
                    "Sam Ortiz",
                    "IT manager",
                    "sam@globex.example",
                    Some(C::Video),
                    "Access and accounts",
                ),
            ],
        ),
        (
            "Harbour Dental",
            Priority::Low,
            "Small retainer; quarterly check-ins.",
            &[(
                "Dr. Priya Nair",
                "Owner",
                "priya@harbour.example",
                Some(C::Phone),
                "",
            )],
        ),
        (
            "Northwind Foods",
            Priority::Normal,
            "Menu copy and seasonal campaigns.",
            &[(
                "Lena Fischer",
                "Marketing manager",
                "lena@northwind.example",
                Some(C::Email),
                "Approves copy",
            )],
        ),
        (
            "Initech",
            Priority::Normal,
            "Slow to answer; chase by phone.",
            &[(
                "Bill Lumbergh",
                "Director",
                "bill@initech.example",
                Some(C::Phone),
                "Signs invoices",
            )],
        ),
        (
            "Umbrella Health",
            Priority::High,
            "Regulated: everything in writing.",
            &[(
                "Alice Chen",
                "Compliance lead",
                "alice@umbrella.example",
                Some(C::Email),
                "Must approve every release",
            )],
        ),
        (
            "Stark Studio",
            Priority::Normal,
            "",
            &[(
                "Pepper Potts",
                "COO",
                "pepper@stark.example",
                Some(C::InPerson),
                "",
            )],
        ),
        (
            "Wayne Foundation",
            Priority::Low,
            "Pro bono; annual report.",
            &[(
                "Lucius Fox",
                "Programme director",
                "lucius@wayne.example",
                None,
                "",
            )],
        ),
        (
            "Hooli",
            Priority::Normal,
            "",
            &[(
                "Gavin Belson",
                "CEO",
                "gavin@hooli.example",
                Some(C::Video),
                "Final say; rarely available",
            )],
        ),
        (
            "Vandelay Imports",
            Priority::Low,
            "",
            &[(
                "Art Vandelay",
                "Owner",
                "art@vandelay.example",
                Some(C::Phone),
                "",
            )],
        ),
        (
            "Soylent Kitchen",
            Priority::Normal,
            "Launch planned next month.",
            &[(
                "Ravi Kapoor",
                "Chef-owner",
                "ravi@soylent.example",
                Some(C::Message),
                "",
            )],
        ),
    ];
    let mut ids = Vec::new();
    for (name, priority, notes, people) in book {
        let client = clients::add(
            store,
            &ClientInput {
                name: name.into(),
                priority,
                colour: None,
                notes: notes.into(),
            },
        )?;
        for (person, role, email, channel, authority) in people {
            let contact = ContactInput {
                name: (*person).into(),
                role: (*role).into(),
                email: (*email).into(),
                phone: String::new(),
                preferred_channel: *channel,
                authority: (*authority).into(),
            };
            clients::add_contact(store, client.id, &contact)?;
        }
        ids.push(client.id);
    }
    // Monday of this week, so the week view opens on a full week.
    let monday = today
        - Duration::days(i64::from(
            chrono::Datelike::weekday(&today).num_days_from_monday(),
        ));
    let at = |day: i64, hm: &str| format!("{}T{hm}", monday + Duration::days(day));
    let on = |day: i64| (monday + Duration::days(day)).to_string();
    let event =
        |title: &str, client: usize, kind: EventKind, start: String, end: String| EventInput {
            title: title.into(),
            client_id: Some(ids[client]),
            kind,
            all_day: kind == EventKind::Deadline || start.len() == 10,
            start,
            end,
            tz: zone.into(),
            location: String::new(),
            channel: None,
            notes: String::new(),
            free: false,
            reminders: vec![10],
            recurrence: None,
        };
    let weekly = Some(Recurrence {
        freq: Freq::Weekly,
        interval: 1,
        by_weekday: vec![],
        by_month_day: vec![],
        count: None,
        until: None,
    });
    let events = vec![
        EventInput {
            recurrence: weekly.clone(),
            ..event(
                "Weekly check-in",
                0,
                EventKind::Meeting,
                at(0, "09:30"),
                at(0, "10:00"),
            )
        },
        EventInput {
            recurrence: weekly,
            ..event(
                "Design review",
                1,
                EventKind::Meeting,
                at(1, "14:00"),
                at(1, "15:00"),
            )
        },
        event(
            "Kick-off",
            2,
            EventKind::Meeting,
            at(2, "10:00"),
            at(2, "11:30"),
        ),
        event(
            "Deep work: Acme report",
            0,
            EventKind::TimeBlock,
            at(2, "09:00"),
            at(2, "12:00"),
        ),
        event("Menu copy due", 4, EventKind::Deadline, on(4), on(4)),
        event(
            "Compliance review",
            6,
            EventKind::Meeting,
            at(3, "15:00"),
            at(3, "16:00"),
        ),
        event(
            "Quarterly check-in",
            3,
            EventKind::Meeting,
            at(8, "11:00"),
            at(8, "11:30"),
        ),
        event(
            "Launch campaign draft",
            11,
            EventKind::Deadline,
            on(9),
            on(9),
        ),
        event(
            "Invoice chase call",
            5,
            EventKind::Meeting,
            at(9, "16:00"),
            at(9, "16:15"),
        ),
    ];
    calendar::add_events(store, &events)?;
    sample_relationships(store, today, monday, &ids)?;
    sample_contracts(store, today, &ids)?;
    sample_capacity(store, today, &ids)?;
    Ok(())
}

/// Working hours with a little overtime, a long weekend off, tasks in every quadrant and
/// state (one delegated, one overdue, one done) and a request held tentatively.
fn sample_capacity(store: &mut Store, today: NaiveDate, ids: &[ClientId]) -> Result<(), Error> {
    use crate::capacity::{self, Decision, Request, TaskInput, TaskStatus, WorkingHoursInput};
    let day = |offset: i64| (today + Duration::days(offset)).to_string();
    let week = ["8", "8", "8", "8", "6", "0", "0"]
        .map(String::from)
        .to_vec();
    capacity::set_working_hours(
        store,
        &WorkingHoursInput {
            weekday_hours: week,
            overtime_hours: "4".into(),
        },
    )?;
    capacity::add_day_off(
        store,
        &capacity::DayOffInput {
            first_day: day(33),
            last_day: day(36),
            label: "Long weekend".into(),
        },
    )?;
    let task =
        |client: usize, title: &str, hours: &str, due: i64, urgent: bool, important: bool| {
            TaskInput {
                client_id: Some(ids[client]),
                title: title.into(),
                estimate_hours: hours.into(),
                due: day(due),
                urgent,
                important,
                ..Default::default()
            }
        };
    let tasks = [
        TaskInput {
            done_hours: "4".into(),
            ..task(0, "Quarterly report draft", "10", 3, true, true)
        },
        task(2, "Kick-off notes and project plan", "6", 2, true, true),
        task(
            6,
            "Compliance checklist for release 2.3",
            "8",
            6,
            false,
            true,
        ),
        task(
            1,
            "Logo variants for the spring range",
            "12",
            9,
            false,
            true,
        ),
        task(4, "Spring menu copy", "10", 16, false, false),
        TaskInput {
            status: TaskStatus::InProgress,
            done_hours: "2".into(),
            ..task(11, "Launch landing page", "14", 12, true, false)
        },
        TaskInput {
            delegated_to: "Kim (VA)".into(),
            follow_up: day(1),
            ..task(5, "Chase invoice 2026-031", "0.5", 4, true, false)
        },
        task(3, "Patient newsletter", "3", -2, false, false),
        task(8, "Annual report layout", "20", 40, false, true),
        TaskInput {
            status: TaskStatus::Done,
            ..task(0, "Send revised quote", "1", -5, true, true)
        },
    ];
    for t in &tasks {
        capacity::tasks::add(store, t, today)?;
    }
    let held = Request {
        client_id: Some(ids[9]),
        title: "Hooli brand refresh".into(),
        hours: "24".into(),
        start: day(7),
        deadline: day(30),
        priority: None,
    };
    capacity::decide(store, &held, Decision::Tentative, today)?;
    Ok(())
}

/// Contracts in every state, with schedules, invoices and payments, one invoice overdue.
fn sample_contracts(store: &mut Store, today: NaiveDate, ids: &[ClientId]) -> Result<(), Error> {
    use crate::contracts::{
        self as k, ContractAction as A, ContractInput, DeliverableInput, RateModel, ScheduleInput,
    };

    let day = |offset: i64| (today + Duration::days(offset)).to_string();
    let month_start = |months_back: u32| {
        today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(months_back)))
            .unwrap_or(today)
            .to_string()
    };
    let base =
        |client: usize, title: &str, model: RateModel, currency: &str, rate: &str| ContractInput {
            client_id: ids[client],
            title: title.into(),
            scope: String::new(),
            rate_model: model,
            currency: currency.into(),
            rate: rate.into(),
            estimated_hours: None,
            start_day: String::new(),
            end_day: String::new(),
            payment_terms_days: 14,
            ip_terms: "Rights transfer on full payment.".into(),
            notice_days: Some(30),
            termination_text: "Either party, in writing, with 30 days' notice.".into(),
            contingency: String::new(),
            deliverables: vec![],
        };
    let walk = |store: &mut Store,
                id: crate::contracts::ContractId,
                steps: &[A],
                on: &str|
     -> Result<(), Error> {
        for step in steps {
            k::transition(store, id, *step, on, "")?;
        }
        Ok(())
    };
    let signed = [A::Send, A::ClientSigns, A::Countersign];

    // Acme: a monthly retainer under way, the last invoice partly paid.
    let retainer = k::add_contract(
        store,
        &ContractInput {
            scope: "Blog posts, newsletter and social copy: up to 20 hours a month.".into(),
            estimated_hours: Some(120),
            start_day: month_start(2),
            end_day: (today
                .with_day(1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(4)))
                .unwrap_or(today)
                - Duration::days(1))
            .to_string(),
            ..base(0, "Content retainer", RateModel::Retainer, "EUR", "2000.00")
        },
        today - Duration::days(75),
    )?;
    walk(store, retainer.id, &signed, &day(-70))?;
    k::transition(store, retainer.id, A::Start, &month_start(2), "")?;
    let months = k::set_schedule(
        store,
        retainer.id,
        &ScheduleInput::Retainer { day_of_month: 1 },
    )?;
    for (n, instalment) in months.iter().take(3).enumerate() {
        let invoice = k::add_invoice(
            store,
            &k::InvoiceInput {
                contract_id: retainer.id,
                instalment_id: Some(instalment.id),
                number: format!("ACME-{:03}", n + 1),
                issue_day: instalment.due_day.to_string(),
                due_day: String::new(),
                amount: String::new(),
            },
        )?;
        let paid = ["2000.00", "2000.00", "500.00"][n];
        if instalment.due_day.to_string() < day(-5) || n < 2 {
            k::add_payment(
                store,
                &k::PaymentInput {
                    invoice_id: invoice.id,
                    day: day(-3 - 20 * (2 - n as i64)),
                    amount: paid.into(),
                    method: "bank transfer".into(),
                    note: String::new(),
                },
                today,
            )?;
        }
    }

    // Globex: a fixed-price project the client signed; the user has yet to countersign.
    let portal = k::add_contract(
        store,
        &ContractInput {
            scope: "Copy for the new customer portal: 12 pages and onboarding emails.".into(),
            estimated_hours: Some(50),
            start_day: day(7),
            end_day: day(49),
            deliverables: vec![
                DeliverableInput {
                    title: "Page copy, first draft".into(),
                    due: day(21),
                    done: false,
                },
                DeliverableInput {
                    title: "Onboarding emails".into(),
                    due: day(42),
                    done: false,
                },
            ],
            ..base(
                2,
                "Customer portal copy",
                RateModel::Fixed,
                "EUR",
                "6500.00",
            )
        },
        today - Duration::days(6),
    )?;
    walk(store, portal.id, &[A::Send, A::ClientSigns], &day(-2))?;
    k::set_schedule(
        store,
        portal.id,
        &ScheduleInput::DepositBalance {
            deposit_percent: 30,
            deposit_due: day(7),
            balance_due: day(63),
        },
    )?;

    // Initech: finished work, the final invoice long overdue.
    let report = k::add_contract(
        store,
        &ContractInput {
            estimated_hours: Some(30),
            start_day: day(-120),
            end_day: day(-60),
            ..base(5, "Annual report", RateModel::Fixed, "USD", "3200.00")
        },
        today - Duration::days(125),
    )?;
    walk(store, report.id, &signed, &day(-122))?;
    k::transition(store, report.id, A::Start, &day(-120), "")?;
    let halves = k::set_schedule(
        store,
        report.id,
        &ScheduleInput::Instalments {
            count: 2,
            first_due: day(-120),
            every_months: 2,
        },
    )?;
    for (n, (instalment, paid)) in halves.iter().zip([true, false]).enumerate() {
        let invoice = k::add_invoice(
            store,
            &k::InvoiceInput {
                contract_id: report.id,
                instalment_id: Some(instalment.id),
                number: format!("2026-{:03}", 30 + n),
                issue_day: instalment.due_day.to_string(),
                due_day: String::new(),
                amount: String::new(),
            },
        )?;
        if paid {
            k::add_payment(
                store,
                &k::PaymentInput {
                    invoice_id: invoice.id,
                    day: day(-100),
                    amount: "1600.00".into(),
                    method: "wire".into(),
                    note: String::new(),
                },
                today,
            )?;
        }
    }
    k::transition(store, report.id, A::Complete, &day(-58), "")?;

    // Umbrella: hourly compliance work, active, with deliverables this month.
    let compliance = k::add_contract(
        store,
        &ContractInput {
            estimated_hours: Some(40),
            start_day: day(-14),
            end_day: day(30),
            contingency:
                "A missed release date moves the next milestone by the same days, at no charge."
                    .into(),
            deliverables: vec![
                DeliverableInput {
                    title: "Release notes review".into(),
                    due: day(4),
                    done: false,
                },
                DeliverableInput {
                    title: "Patient leaflet".into(),
                    due: day(18),
                    done: false,
                },
            ],
            ..base(
                6,
                "Compliance copy review",
                RateModel::Hourly,
                "EUR",
                "95.00",
            )
        },
        today - Duration::days(20),
    )?;
    walk(store, compliance.id, &signed, &day(-16))?;
    k::transition(store, compliance.id, A::Start, &day(-14), "")?;
    k::set_schedule(
        store,
        compliance.id,
        &ScheduleInput::Instalments {
            count: 2,
            first_due: day(16),
            every_months: 1,
        },
    )?;

    // Bloom: a draft, and Northwind: sent, waiting for a signature.
    k::add_contract(
        store,
        &ContractInput {
            start_day: day(30),
            end_day: day(60),
            estimated_hours: Some(24),
            ..base(1, "Brand voice guide", RateModel::Fixed, "GBP", "2400.00")
        },
        today,
    )?;
    let menu = k::add_contract(
        store,
        &ContractInput {
            start_day: day(14),
            end_day: day(44),
            estimated_hours: Some(16),
            ..base(
                4,
                "Spring menu campaign",
                RateModel::Fixed,
                "EUR",
                "1800.00",
            )
        },
        today - Duration::days(3),
    )?;
    k::transition(store, menu.id, A::Send, &day(-3), "")?;
    Ok(())
}

/// The sample book's memory: dates to ask about, past contact, scores, policies, plans.
/// Spread around `today` so that the card, Today and the due list all have something.
fn sample_relationships(
    store: &mut Store,
    today: NaiveDate,
    monday: NaiveDate,
    ids: &[ClientId],
) -> Result<(), Error> {
    use crate::relationship::{cadence, dates, interactions, plan, policies, satisfaction};
    use crate::relationship::{BreachKind, DateKind, InteractionKind};

    let day = |offset: i64| (today + Duration::days(offset)).to_string();
    let person = |store: &Store, client: usize, n: usize| -> Result<ContactId, Error> {
        Ok(clients::list_contacts(store, ids[client], false)?[n].id)
    };
    // A date `offset` days from today, `years` years back (a birth date, a founding).
    let years_ago = |offset: i64, years: i32| {
        let d = today + Duration::days(offset);
        NaiveDate::from_ymd_opt(d.year() - years, d.month(), d.day().min(28))
            .unwrap_or(d)
            .to_string()
    };
    let dates = [
        (
            0,
            Some(0),
            DateKind::Birthday,
            years_ago(3, 45),
            String::new(),
            true,
            "Loves dark chocolate",
        ),
        (
            1,
            Some(0),
            DateKind::Birthday,
            years_ago(-10, 36),
            String::new(),
            true,
            "",
        ),
        (
            2,
            Some(0),
            DateKind::Birthday,
            format!("{}-{}", dates::UNKNOWN_YEAR, &day(20)[5..]),
            String::new(),
            true,
            "",
        ),
        (
            0,
            Some(1),
            DateKind::Vacation,
            (monday + Duration::days(7)).to_string(),
            (monday + Duration::days(11)).to_string(),
            false,
            "Skiing",
        ),
        (
            11,
            None,
            DateKind::Launch,
            day(25),
            String::new(),
            false,
            "New restaurant opening",
        ),
        (
            0,
            None,
            DateKind::Anniversary,
            years_ago(12, 7),
            String::new(),
            true,
            "Working together since",
        ),
        (
            4,
            Some(0),
            DateKind::Wedding,
            day(-5),
            String::new(),
            false,
            "",
        ),
    ];
    for (client, contact, kind, first_day, last_day, yearly, note) in dates {
        let contact_id = contact.map(|n| person(store, client, n)).transpose()?;
        let input = dates::ImportantDateInput {
            client_id: ids[client],
            contact_id,
            kind,
            first_day,
            last_day,
            yearly,
            note: note.into(),
        };
        dates::add_date(store, &input)?;
    }

    for (client, days) in [
        (0, 14),
        (1, 21),
        (2, 7),
        (3, 90),
        (4, 30),
        (5, 30),
        (6, 14),
        (9, 30),
    ] {
        cadence::set_cadence(store, ids[client], Some(days))?;
    }
    let talks = [
        (
            0,
            InteractionKind::Call,
            -4,
            Some(0),
            "Q1 budget approved in principle; Maria wants a written estimate first.",
            Some(2),
        ),
        (
            1,
            InteractionKind::Email,
            -25,
            Some(0),
            "Sent the brand guidelines draft; Jo happy with direction.",
            None,
        ),
        (
            5,
            InteractionKind::Call,
            -40,
            Some(0),
            "Invoice 031 unpaid; Bill promised payment next week.",
            Some(-30),
        ),
        (
            6,
            InteractionKind::Meeting,
            -9,
            Some(0),
            "Release checklist agreed; Alice needs two days for sign-off.",
            None,
        ),
        (
            4,
            InteractionKind::Message,
            -12,
            Some(0),
            "Winter menu themes: warm, local, no puns.",
            None,
        ),
        (
            9,
            InteractionKind::Email,
            -50,
            Some(0),
            "Gavin asked for a 'quick' extra landing page.",
            None,
        ),
    ];
    for (client, kind, offset, with, summary, follow_up) in talks {
        let contact_ids = with
            .map(|n| person(store, client, n))
            .transpose()?
            .into_iter()
            .collect();
        let input = interactions::InteractionInput {
            client_id: ids[client],
            kind,
            day: day(offset),
            contact_ids,
            summary: summary.into(),
            follow_up: follow_up.map(day).unwrap_or_default(),
        };
        interactions::add_interaction(store, &input)?;
    }

    let scores: [(usize, &[(i64, i32)]); 4] = [
        (0, &[(-200, 8), (-140, 9), (-80, 8), (-20, 9)]),
        (5, &[(-210, 8), (-150, 7), (-90, 8), (-35, 5)]),
        (1, &[(-120, 9), (-30, 10)]),
        (6, &[(-150, 7), (-90, 8), (-15, 7)]),
    ];
    for (client, points) in scores {
        for &(offset, score) in points {
            let input = satisfaction::ScoreInput {
                client_id: ids[client],
                day: day(offset),
                score,
                note: String::new(),
            };
            satisfaction::record_score(store, &input)?;
        }
    }

    policies::save_policy(
        store,
        "1. Invoices are due within 14 days.\n2. Meetings cancelled with less than 24 hours' notice are billed.\n\
         3. Changes of scope are quoted before any work starts.\n4. I answer messages on working days, 9 to 6.",
    )?;
    // Initech and Hooli never signed them: part of why they need attention.
    for client in [0, 1, 2, 3, 4, 6, 7, 8, 10, 11] {
        policies::acknowledge(store, ids[client], None, &day(-60))?;
    }
    for (client, kind, offset, note) in [
        (5, BreachKind::LatePayment, -30, "Invoice 031, 16 days late"),
        (5, BreachKind::NoShow, -60, "Missed the review call"),
        (
            9,
            BreachKind::ScopeCreep,
            -20,
            "Extra landing page without a quote",
        ),
    ] {
        policies::add_breach(
            store,
            &policies::BreachInput {
                client_id: ids[client],
                kind,
                day: day(offset),
                note: note.into(),
            },
        )?;
    }
    plan::save_plan(
        store,
        ids[0],
        &plan::PlanInput {
            goals: "Become their default content partner; grow to a monthly retainer.".into(),
            next_steps: "Send the Q1 estimate. Propose the retainer in January.".into(),
            review_on: day(30),
        },
    )?;
    plan::save_plan(
        store,
        ids[2],
        &plan::PlanInput {
            goals: "Land the first project well; meet the whole operations team.".into(),
            next_steps: "Kick-off, then weekly updates to Dana.".into(),
            review_on: day(-2),
        },
    )?;
    Ok(())
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
                "INSERT INTO tasks (client_id, title, estimate_minutes, done_minutes, earliest_start, due_day, important, urgent,
                                    status, delegated_to, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
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
                insert.execute(rusqlite::params![
                    ids[rng.below(ids.len() as u64) as usize],
                    format!("{} {}", TITLES[i % TITLES.len()], i + 1),
                    d.estimate as i64,
                    done as i64,
                    d.start.map(|s| s.to_string()),
                    d.due.to_string(),
                    rng.below(3) == 0,
                    rng.below(4) == 0,
                    status,
                    if d.delegated { "Sam" } else { "" },
                    now,
                ])?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generation_that_fails_half_way_leaves_the_book_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        crate::settings::set(&mut store, "kept", "yes").unwrap();
        let failed: Result<(), StoreError> = all_or_nothing(&mut store, |scratch| {
            clients::add(
                scratch,
                &ClientInput {
                    name: "Half".into(),
                    ..Default::default()
                },
            )
            .map_err(|_| StoreError::Backup("unexpected".into()))?;
            Err(StoreError::Backup("stopped half-way".into()))
        });
        assert!(failed.is_err());
        assert!(clients::list(&store, true).unwrap().is_empty());

        sample_book(&mut store, "2027-03-01".parse().unwrap(), "UTC").unwrap();
        assert_eq!(clients::list(&store, true).unwrap().len(), 12);
        assert_eq!(
            crate::settings::get(&store, "kept").unwrap().as_deref(),
            Some("yes"),
            "the book's settings are kept"
        );
        drop(store);
        let store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(clients::list(&store, true).unwrap().len(), 12);
    }
}
