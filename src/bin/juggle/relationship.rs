//! `juggle clients due|card`, `juggle interactions …`, `juggle dates …`: what to remember
//! about each client.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::Subcommand;

use juggle::calendar::time;
use juggle::clients;
use juggle::relationship::{self as rel, dates, interactions, DateKind, InteractionKind};
use juggle::Store;

use crate::outln;
use crate::output::{self, Failure};

#[derive(Subcommand)]
pub enum InteractionsCommand {
    /// Log an interaction with a client
    Add {
        /// What was said
        summary: String,
        #[arg(long)]
        client: String,
        /// meeting, call, email, message or other
        #[arg(long, default_value = "call")]
        kind: String,
        /// YYYY-MM-DD (default: today)
        #[arg(long)]
        when: Option<String>,
        /// Who took part (contact names), repeatable
        #[arg(long = "with")]
        with: Vec<String>,
        /// A day to follow up on, YYYY-MM-DD
        #[arg(long)]
        follow_up: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A client's interactions, latest first
    List {
        #[arg(long)]
        client: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum DatesCommand {
    /// Record an important date for a client or one of its contacts
    Add {
        #[arg(long)]
        client: String,
        /// The contact it concerns (by name); none: the client itself
        #[arg(long)]
        contact: Option<String>,
        /// birthday, wedding, vacation, graduation, launch, anniversary or other
        #[arg(long)]
        kind: String,
        /// YYYY-MM-DD (a birth date for a yearly birthday)
        #[arg(long)]
        date: String,
        /// Last day of a range (a vacation)
        #[arg(long)]
        to: Option<String>,
        /// Every year on that day
        #[arg(long)]
        yearly: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// A client's important dates
    List {
        #[arg(long)]
        client: String,
        #[arg(long)]
        json: bool,
    },
}

fn clock() -> (NaiveDate, DateTime<Utc>, Tz) {
    let zone = time::local_zone();
    let now = Utc::now();
    (now.with_timezone(&zone).date_naive(), now, zone)
}

/// `juggle clients due`: who is due for contact, most overdue first.
pub fn due(store: &Store, json: bool) -> output::Result {
    let (today, now, zone) = clock();
    let due = rel::due_list(store, today, now, zone)?;
    if json {
        return output::json(&due);
    }
    if due.is_empty() {
        outln!("Nobody is due for contact.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = due
        .iter()
        .map(|s| {
            vec![
                s.client.clone(),
                match s.days_overdue {
                    Some(0) => "due today".to_owned(),
                    Some(n) => format!("{n} days overdue"),
                    None => String::new(),
                },
                s.last_contact
                    .map(|d| format!("{d} ({})", s.last_contact_via.clone().unwrap_or_default()))
                    .unwrap_or_else(|| "never".into()),
                s.cadence_days
                    .map(|d| format!("every {d} days"))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    output::table(&["CLIENT", "STATUS", "LAST CONTACT", "CADENCE"], &rows);
    Ok(())
}

/// `juggle clients card NAME`: the client card.
pub fn card(store: &Store, name: &str, json: bool) -> output::Result {
    let (today, now, zone) = clock();
    let client = clients::find_by_name(store, name)?;
    let card = juggle::views::card(store, client.id, today, now, zone)?;
    if json {
        return output::json(&card);
    }
    outln!(
        "{} ({} priority) — {:?}",
        card.client.name,
        card.client.priority,
        card.health.level
    );
    for r in &card.health.reasons {
        outln!("  ! {}", r.text);
    }
    outln!();
    outln!("People:");
    for c in &card.contacts {
        outln!(
            "  {}{}{}",
            c.name,
            c.role
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default(),
            c.authority
                .as_deref()
                .map(|a| format!(" — {a}"))
                .unwrap_or_default()
        );
    }
    if !card.important_dates.is_empty() {
        outln!("Important dates:");
        for d in &card.important_dates {
            outln!("  {}  {} — {}", d.on, d.title, d.ask);
        }
    }
    if let Some(m) = &card.next_meeting {
        outln!("Next meeting: {} at {}", m.title, m.start);
    }
    match (&card.contact.last_contact, card.contact.cadence_days) {
        (Some(day), Some(every)) => outln!(
            "Last contact: {day}; every {every} days, due {}",
            card.contact
                .due_on
                .map(|d| d.to_string())
                .unwrap_or_default()
        ),
        (Some(day), None) => outln!("Last contact: {day}"),
        (None, _) => outln!("Last contact: none recorded"),
    }
    if !card.interactions.is_empty() {
        outln!("Interactions:");
        for i in &card.interactions {
            outln!("  {}  {}  {}", i.day, i.kind.as_str(), i.summary);
        }
    }
    if let Some(latest) = card.satisfaction.latest {
        outln!(
            "Satisfaction: {latest}/10{}",
            if card.satisfaction.falling {
                " (falling)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// `juggle clients cadence NAME DAYS|off`.
pub fn set_cadence(store: &mut Store, name: &str, days: &str) -> output::Result {
    let client = clients::find_by_name(store, name)?;
    let days = rel::parse_cadence(days)?;
    rel::set_cadence(store, client.id, days)?;
    match days {
        Some(d) => outln!("Touch base with {} every {d} days.", client.name),
        None => outln!("No cadence for {}.", client.name),
    }
    Ok(())
}

pub fn run_interactions(store: &mut Store, cmd: InteractionsCommand) -> output::Result {
    match cmd {
        InteractionsCommand::Add {
            summary,
            client,
            kind,
            when,
            with,
            follow_up,
            json,
        } => {
            let client = clients::find_by_name(store, &client)?;
            let contact_ids = contacts_named(store, client.id, &with)?;
            let input = interactions::InteractionInput {
                client_id: client.id,
                kind: kind.parse::<InteractionKind>()?,
                day: when.unwrap_or_else(|| clock().0.to_string()),
                contact_ids,
                summary,
                follow_up: follow_up.unwrap_or_default(),
            };
            let saved = interactions::add_interaction(store, &input)?;
            if json {
                return output::json(&saved);
            }
            outln!(
                "Logged a {} with {} on {}.",
                saved.kind.as_str(),
                saved.client,
                saved.day
            );
        }
        InteractionsCommand::List { client, json } => {
            let client = clients::find_by_name(store, &client)?;
            let all = interactions::list_interactions(store.conn(), client.id, None)?;
            if json {
                return output::json(&all);
            }
            for i in all {
                outln!("{}  {:<8} {}", i.day, i.kind.as_str(), i.summary);
            }
        }
    }
    Ok(())
}

pub fn run_dates(store: &mut Store, cmd: DatesCommand) -> output::Result {
    match cmd {
        DatesCommand::Add {
            client,
            contact,
            kind,
            date,
            to,
            yearly,
            note,
            json,
        } => {
            let client = clients::find_by_name(store, &client)?;
            let contact_id = match contact {
                Some(name) => contacts_named(store, client.id, &[name])?.first().copied(),
                None => None,
            };
            let input = dates::ImportantDateInput {
                client_id: client.id,
                contact_id,
                kind: kind.parse::<DateKind>()?,
                first_day: date,
                last_day: to.unwrap_or_default(),
                yearly,
                note,
            };
            let saved = dates::add_date(store, &input)?;
            if json {
                return output::json(&saved);
            }
            outln!(
                "Added {} {} on {}{}.",
                saved.contact.as_deref().unwrap_or(&saved.client),
                saved.kind.as_str(),
                saved.first_day,
                if saved.yearly { ", every year" } else { "" }
            );
        }
        DatesCommand::List { client, json } => {
            let client = clients::find_by_name(store, &client)?;
            let all = dates::list_dates(store, client.id)?;
            if json {
                return output::json(&all);
            }
            for d in all {
                outln!(
                    "{}  {:<11} {}{}",
                    d.first_day,
                    d.kind.as_str(),
                    d.contact.as_deref().unwrap_or(&d.client),
                    if d.yearly { " (yearly)" } else { "" }
                );
            }
        }
    }
    Ok(())
}

/// Contacts of a client by name (case-insensitive, a unique part is enough).
fn contacts_named(
    store: &Store,
    client: clients::ClientId,
    names: &[String],
) -> Result<Vec<clients::ContactId>, Failure> {
    let all = clients::list_contacts(store, client, false)?;
    names
        .iter()
        .map(|name| {
            let key = name.trim().to_lowercase();
            let exact: Vec<_> = all
                .iter()
                .filter(|c| c.name.to_lowercase() == key)
                .collect();
            let partial: Vec<_> = all
                .iter()
                .filter(|c| c.name.to_lowercase().contains(&key))
                .collect();
            match (exact.as_slice(), partial.as_slice()) {
                ([one], _) | ([], [one]) => Ok(one.id),
                ([], []) => Err(Failure {
                    code: "contact.not_found",
                    message: format!("No contact named “{name}” at this client."),
                }),
                _ => Err(Failure {
                    code: "contact.ambiguous_name",
                    message: format!("“{name}” matches several contacts; use more of the name."),
                }),
            }
        })
        .collect()
}
