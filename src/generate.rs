//! Generated books: realistic enough to look at, large enough to measure. The benchmarks
//! use `large_book` (1,000 clients, 200,000 events); the sample data for newcomers will
//! use the same generator at a small scale.

use chrono::{Duration, NaiveDate};

use crate::calendar::{self, CalendarError, EventInput, EventKind, Freq, Recurrence};
use crate::clients::{self, ClientInput, Priority};
use crate::store::Store;

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
    "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Wonka", "Tyrell",
    "Cyberdyne", "Soylent",
];
const KINDS: [&str; 6] = ["Studio", "Labs", "Foods", "Logistics", "Dental", "Partners"];
const TITLES: [&str; 6] = ["Call", "Review", "Workshop", "Check-in", "Planning", "Deep work"];

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

/// Fills an empty book. Each kind of row goes in one transaction.
pub fn large_book(store: &mut Store, size: BookSize) -> Result<(), CalendarError> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut ids = Vec::with_capacity(size.clients);
    let priorities = [Priority::High, Priority::Normal, Priority::Normal, Priority::Low];
    let inputs: Vec<ClientInput> = (0..size.clients)
        .map(|i| ClientInput {
            name: format!("{} {} {}", WORDS[i % WORDS.len()], KINDS[(i / WORDS.len()) % KINDS.len()], i + 1),
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
            kind: if i % 7 == 0 { EventKind::TimeBlock } else { EventKind::Meeting },
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
            recurrence: Some(Recurrence { freq: Freq::Weekly, interval: 1, by_weekday: vec![], by_month_day: vec![], count: None, until: None }),
        });
    }
    calendar::add_events(store, &events)?;
    Ok(())
}
