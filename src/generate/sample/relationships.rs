//! The sample book's memory: important dates, past contact, satisfaction scores, policies
//! and plans, spread around `today` so the card, Today and the due list all show something.

use chrono::{Duration, NaiveDate};

use chrono::Datelike;

use crate::clients::{self, ClientId, ContactId};
use crate::store::Store;
use crate::views::Error;

/// The sample book's memory: dates to ask about, past contact, scores, policies, plans.
/// Spread around `today` so that the card, Today and the due list all have something.
pub(super) fn sample_relationships(
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
