//! Builders for tests: the smallest valid input of each kind, so a test spells out only
//! what it is about (`EventInput { free: true, ..EventInput::meeting(…) }`) instead of
//! every field. Compiled for the crate's own tests and, through the `testing` feature,
//! for the integration tests, benches and the end-to-end tests (as dev-dependencies, so
//! never in the app).

use crate::calendar::{CalendarId, Event, EventInput, EventKind, Freq, Recurrence};
use crate::capacity::tasks::TaskInput;
use crate::clients::{ClientId, ClientInput, ContactInput};
use crate::contracts::{ContractInput, RateModel};

impl EventInput {
    /// A busy timed meeting from `start` to `end` (`YYYY-MM-DDTHH:MM`) in UTC.
    pub fn meeting(title: &str, start: &str, end: &str) -> EventInput {
        EventInput {
            calendar_id: None,
            title: title.into(),
            client_id: None,
            kind: EventKind::Meeting,
            all_day: false,
            start: start.into(),
            end: end.into(),
            tz: "UTC".into(),
            location: String::new(),
            channel: None,
            notes: String::new(),
            free: false,
            reminders: vec![],
            recurrence: None,
        }
    }

    /// An all-day entry over `first..=last` (`YYYY-MM-DD`).
    pub fn all_day(title: &str, first: &str, last: &str) -> EventInput {
        EventInput {
            all_day: true,
            kind: EventKind::Other,
            ..EventInput::meeting(title, first, last)
        }
    }

    /// The same event on the wall clock of `tz` (an IANA name).
    pub fn in_zone(self, tz: &str) -> EventInput {
        EventInput {
            tz: tz.into(),
            ..self
        }
    }

    pub fn for_client(self, client: ClientId) -> EventInput {
        EventInput {
            client_id: Some(client),
            ..self
        }
    }

    /// The same event in one of the user's calendars instead of the book's own.
    pub fn in_calendar(self, calendar: CalendarId) -> EventInput {
        EventInput {
            calendar_id: Some(calendar),
            ..self
        }
    }

    /// What the event form holds for a stored event: the edit a user would start from.
    pub fn from_event(e: &Event) -> EventInput {
        EventInput {
            calendar_id: e.calendar_id,
            title: e.title.clone(),
            client_id: e.client_id,
            kind: e.kind,
            all_day: e.all_day,
            start: e.start.clone(),
            end: e.end.clone(),
            tz: e.tz.clone(),
            location: e.location.clone(),
            channel: e.channel,
            notes: e.notes.clone(),
            free: e.free,
            reminders: e.reminders.clone(),
            recurrence: e.recurrence.clone(),
        }
    }

    pub fn repeating(self, recurrence: Recurrence) -> EventInput {
        EventInput {
            recurrence: Some(recurrence),
            ..self
        }
    }
}

impl TaskInput {
    /// A task of `hours` (as typed: "2", "1.5") due on `due` (`YYYY-MM-DD`, or blank).
    pub fn due(title: &str, hours: &str, due: &str) -> TaskInput {
        TaskInput {
            title: title.into(),
            estimate_hours: hours.into(),
            due: due.into(),
            ..TaskInput::default()
        }
    }

    pub fn for_client(self, client: ClientId) -> TaskInput {
        TaskInput {
            client_id: Some(client),
            ..self
        }
    }
}

impl Recurrence {
    /// Every day (or every `freq` period), `count` times.
    pub fn times(freq: Freq, count: u32) -> Recurrence {
        Recurrence {
            freq,
            interval: 1,
            by_weekday: vec![],
            by_month_day: vec![],
            count: Some(count),
            until: None,
        }
    }
}

impl ClientInput {
    /// A client with only a name (normal priority, the next palette colour).
    pub fn named(name: &str) -> ClientInput {
        ClientInput {
            name: name.into(),
            ..ClientInput::default()
        }
    }
}

impl ContactInput {
    /// A contact with only a name.
    pub fn named(name: &str) -> ContactInput {
        ContactInput {
            name: name.into(),
            ..ContactInput::default()
        }
    }
}

impl ContractInput {
    /// A fixed-price contract of `price` (decimal text) in `currency`, payment due in 14
    /// days, nothing else agreed.
    pub fn fixed(client: ClientId, title: &str, price: &str, currency: &str) -> ContractInput {
        ContractInput {
            client_id: client,
            title: title.into(),
            scope: String::new(),
            rate_model: RateModel::Fixed,
            currency: currency.into(),
            rate: price.into(),
            estimated_hours: String::new(),
            start_day: String::new(),
            end_day: String::new(),
            payment_terms_days: "14".into(),
            ip_terms: String::new(),
            notice_days: String::new(),
            termination_text: String::new(),
            contingency: String::new(),
            deliverables: Vec::new(),
        }
    }

    /// An hourly contract at `rate` per hour (decimal text) in `currency`, otherwise as
    /// [`ContractInput::fixed`].
    pub fn hourly(client: ClientId, title: &str, rate: &str, currency: &str) -> ContractInput {
        ContractInput {
            rate_model: RateModel::Hourly,
            ..ContractInput::fixed(client, title, rate, currency)
        }
    }
}
