//! `juggle time …`: the timer, time typed by hand, the list and the report (issue 16).

use chrono::{Duration, Utc};
use clap::{Args, Subcommand};

use juggle::calendar::time;
use juggle::capacity::TaskId;
use juggle::clients;
use juggle::contracts::ContractId;
use juggle::tracking::{self, EntryInput, Target, TimeEntry, TimeEntryId};
use juggle::Store;

use crate::outln;
use crate::output;

/// What the time is for: one of a task, a contract or a client.
#[derive(Args)]
pub struct On {
    #[arg(long, conflicts_with_all = ["contract", "client"])]
    task: Option<TaskId>,
    #[arg(long, conflicts_with = "client")]
    contract: Option<ContractId>,
    /// The client's name
    #[arg(long)]
    client: Option<String>,
}

impl On {
    fn target(&self, store: &Store) -> Result<Option<Target>, output::Failure> {
        Ok(match (self.task, self.contract, &self.client) {
            (Some(t), _, _) => Some(Target::Task(t)),
            (_, Some(k), _) => Some(Target::Contract(k)),
            (_, _, Some(name)) => Some(Target::Client(clients::find_by_name(store, name)?.id)),
            _ => None,
        })
    }
}

#[derive(Subcommand)]
pub enum TimeCommand {
    /// Start the timer on a task, a contract or a client (stopping the one that runs)
    Start {
        #[command(flatten)]
        on: On,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Stop the running timer
    Stop {
        #[arg(long)]
        json: bool,
    },
    /// The running timer, if any
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Log time by hand: hours, or a start and end time, on a day
    Add {
        #[command(flatten)]
        on: On,
        /// Hours ("1.5", "1:30")
        #[arg(long, default_value = "")]
        hours: String,
        /// Start time ("09:00"), with --to instead of --hours
        #[arg(long, default_value = "")]
        from: String,
        #[arg(long, default_value = "")]
        to: String,
        /// The day it counts for (default: today)
        #[arg(long)]
        day: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// Not to be billed
        #[arg(long = "no-billable")]
        no_billable: bool,
        #[arg(long)]
        json: bool,
    },
    /// Entries, latest first (default: the last seven days)
    List {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Time per client over a period, billable and billed
    Report {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete an entry (not one on an invoice)
    Delete { id: TimeEntryId },
}

/// A day typed on the command line, refused with the time area's code.
pub(crate) fn day(field: &'static str, raw: &str) -> Result<chrono::NaiveDate, output::Failure> {
    Ok(juggle::fields::day(field, raw).map_err(tracking::TrackingError::from)?)
}

fn told(e: &TimeEntry) -> String {
    let state = if e.running { " (running)" } else { "" };
    format!(
        "#{} {} — {}, {}{}{}",
        e.id.0,
        juggle::prose::day(e.day),
        e.what(),
        output::hours(u64::from(e.minutes)),
        state,
        e.invoice
            .as_deref()
            .map(|n| format!(", on invoice {n}"))
            .unwrap_or_default()
    )
}

pub fn run(store: &mut Store, cmd: TimeCommand) -> output::Result {
    let now = Utc::now();
    let zone = time::local_zone();
    let today = now.with_timezone(&zone).date_naive();
    match cmd {
        TimeCommand::Start { on, note } => {
            let target = on.target(store)?.ok_or(tracking::TrackingError::NoTarget)?;
            let started = tracking::start(store, target, &note, now, zone)?;
            if let Some(stopped) = started.stopped {
                outln!("Stopped: {}", told(&stopped));
            }
            outln!("Started the timer on {}.", started.running.what());
        }
        TimeCommand::Stop { json } => {
            let e = tracking::stop(store, now)?;
            if json {
                return output::json(&e);
            }
            outln!("Stopped: {}", told(&e));
        }
        TimeCommand::Status { json } => {
            let e = tracking::running(store.conn(), now)?;
            if json {
                return output::json(&e);
            }
            match e {
                Some(e) => outln!("Running: {}", told(&e)),
                None => outln!("No timer is running."),
            }
        }
        TimeCommand::Add {
            on,
            hours,
            from,
            to,
            day,
            note,
            no_billable,
            json,
        } => {
            let input = EntryInput {
                target: on.target(store)?,
                day: day.unwrap_or_else(|| today.to_string()),
                hours,
                from,
                to,
                note,
                billable: !no_billable,
            };
            let e = tracking::add(store, &input, now, zone)?;
            if json {
                return output::json(&e);
            }
            outln!("Logged: {}", told(&e));
        }
        TimeCommand::List { from, to, json } => {
            let to = match to {
                Some(raw) => self::day("to", &raw)?,
                None => today,
            };
            let from = match from {
                Some(raw) => self::day("from", &raw)?,
                None => to - Duration::days(6),
            };
            let entries = tracking::list(store.conn(), from, to, now)?;
            if json {
                return output::json(&entries);
            }
            if entries.is_empty() {
                outln!("No time logged in these days.");
            }
            for e in &entries {
                outln!("{}", told(e));
            }
        }
        TimeCommand::Report { from, to, json } => {
            let (from, to) = (self::day("from", &from)?, self::day("to", &to)?);
            let r = tracking::report(store.conn(), from, to, now, zone)?;
            if json {
                return output::json(&r);
            }
            let rows: Vec<Vec<String>> = r
                .rows
                .iter()
                .map(|row| {
                    vec![
                        row.client.clone().unwrap_or_else(|| "(no client)".into()),
                        output::hours(u64::from(row.minutes)),
                        output::hours(u64::from(row.billable_minutes)),
                        output::hours(u64::from(row.billed_minutes)),
                    ]
                })
                .collect();
            output::table(&["CLIENT", "LOGGED", "BILLABLE", "BILLED"], &rows);
            outln!("Total: {}", output::hours(u64::from(r.minutes)));
        }
        TimeCommand::Delete { id } => {
            tracking::delete(store, id, now)?;
            outln!("Deleted time entry {}.", id.0);
        }
    }
    Ok(())
}
