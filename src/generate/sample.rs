//! The sample book a newcomer can load on first start: clients and their people, a
//! fortnight of meetings, deadlines, time blocks and a vacation around `today`; its
//! capacity, contracts and relationships are in the files beside this one.

use chrono::{Duration, NaiveDate};

use crate::calendar::{self, EventInput, EventKind, Freq, Recurrence};

use crate::clients::{self, ClientInput, Priority};
use crate::store::Store;
use crate::views::Error;

mod capacity;
mod contracts;
mod relationships;

use super::all_or_nothing;
use capacity::sample_capacity;
use contracts::sample_contracts;
use relationships::sample_relationships;

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
            calendar_id: None,
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
