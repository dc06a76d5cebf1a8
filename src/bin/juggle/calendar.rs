use std::path::PathBuf;

use clap::Subcommand;

use juggle::calendar::{self, ics, time, EventInput, EventKind, Filter, Freq, Recurrence};
use juggle::clients::{self, ClientId};
use juggle::Store;

use crate::calendars;
use crate::output::{self, Failure};

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// List occurrences between two dates (inclusive), in your time zone
    List {
        /// First day, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD
        #[arg(long)]
        to: String,
        /// Only this client's events
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add an event
    Add {
        title: String,
        /// YYYY-MM-DDTHH:MM (or YYYY-MM-DD with --all-day)
        #[arg(long)]
        start: String,
        /// YYYY-MM-DDTHH:MM, exclusive (or the last day, with --all-day)
        #[arg(long)]
        end: String,
        #[arg(long)]
        all_day: bool,
        #[arg(long)]
        client: Option<String>,
        /// meeting, deadline, time_block or other
        #[arg(long, default_value = "meeting")]
        kind: String,
        /// IANA zone; default: the system's
        #[arg(long, default_value = "")]
        tz: String,
        /// daily, weekly, monthly or yearly
        #[arg(long)]
        repeat: Option<String>,
        /// Number of occurrences when repeating
        #[arg(long)]
        count: Option<u32>,
        /// A time block for this task (`juggle tasks list` shows ids): the capacity check
        /// counts it as the task's planned work, not as busy time
        #[arg(long)]
        task: Option<juggle::capacity::TaskId>,
        /// Into this calendar (`juggle calendars list`); default: the book's own
        #[arg(long)]
        calendar: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write events to an .ics file (all, or one client's)
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        client: Option<String>,
    },
    /// Read events from an .ics file (Google Calendar, Outlook, Apple Calendar)
    Import {
        file: PathBuf,
        /// Assign every imported event to this client
        #[arg(long)]
        client: Option<String>,
        /// Into this calendar, made if there is none by that name (personal unless
        /// --client is given); default: the book's own
        #[arg(long)]
        calendar: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(store: &mut Store, cmd: CalendarCommand) -> output::Result {
    match cmd {
        CalendarCommand::List {
            from,
            to,
            client,
            json,
        } => {
            let filter = Filter {
                client_id: client_id(store, client.as_deref())?,
                ..Filter::default()
            };
            let (from, to) = (time::parse_date(&from)?, time::parse_date(&to)?);
            let view =
                juggle::views::calendar_window(store, from, to, time::local_zone(), &filter)?;
            // A series cut short is said on stderr, so that `--json` stays the plain list.
            for cut in &view.cut {
                eprintln!("note: {} in this window.", cut.note);
            }
            let list = view.occurrences;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                crate::outln!("Nothing on the calendar from {from} to {to}.");
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|o| {
                    vec![
                        o.start.replace('T', " "),
                        o.end.replace('T', " "),
                        o.title.clone(),
                        o.client.clone().unwrap_or_default(),
                        if o.conflict {
                            "CONFLICT".into()
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect();
            if !rows.is_empty() {
                output::table(&["START", "END", "TITLE", "CLIENT", ""], &rows);
            }
        }
        CalendarCommand::Add {
            title,
            start,
            end,
            all_day,
            client,
            kind,
            tz,
            repeat,
            count,
            task,
            calendar,
            json,
        } => {
            let client_id = client_id(store, client.as_deref())?;
            // Named, else the client's synced calendar (its meetings live on its server),
            // else the book's own.
            let calendar_id = match calendar.as_deref() {
                Some(name) => Some(calendars::named(store, name)?.id),
                None => client_id
                    .map(|c| juggle::sync::dav::calendar_for_client(store.conn(), c))
                    .transpose()?
                    .flatten(),
            };
            let input = EventInput {
                calendar_id,
                title,
                client_id,
                kind: parse_kind(&kind)?,
                all_day,
                start,
                end,
                tz,
                location: String::new(),
                channel: None,
                notes: String::new(),
                free: false,
                reminders: vec![],
                recurrence: repeat
                    .as_deref()
                    .map(|r| parse_repeat(r, count))
                    .transpose()?,
            };
            let event = match task {
                Some(task) => juggle::capacity::blocks::add(store, task, &input)?,
                None => calendar::add_event(store, &input)?,
            };
            let clashes = calendar::conflicts_for(store, &input, Some(event.id))?;
            if json {
                return output::json(&event);
            }
            crate::outln!(
                "Added “{}” on {}.",
                event.title,
                event.start.replace('T', " ")
            );
            for c in clashes {
                crate::outln!(
                    "Warning: overlaps “{}” ({}).",
                    c.title,
                    c.start.replace('T', " ")
                );
            }
        }
        CalendarCommand::Export { out, client } => {
            let count = ics::export_file(store, &out, client_id(store, client.as_deref())?)?;
            crate::outln!("Wrote {count} events to {}.", out.display());
        }
        CalendarCommand::Import {
            file,
            client,
            calendar,
            json,
        } => {
            let client = client_id(store, client.as_deref())?;
            // Into that calendar, or a new one by that name (made with the import, in one
            // transaction, personal unless it is a client's).
            let found = match calendar.as_deref() {
                Some(name) => calendar::find_calendar(store.conn(), name)?.map(|c| c.id),
                None => None,
            };
            let report = match (calendar, found) {
                (Some(name), None) => {
                    let new = juggle::calendar::CalendarInput {
                        name,
                        client_id: client,
                        ..Default::default()
                    };
                    let (report, made) = ics::import_file_into_new(store, &file, client, &new)?;
                    eprintln!(
                        "note: made the {} calendar “{}”.",
                        calendars::kind(&made),
                        made.name
                    );
                    report
                }
                (_, found) => ics::import_file(store, &file, client, found)?,
            };
            if json {
                return output::json(&report);
            }
            crate::outln!(
                "Imported {} new and {} updated events; skipped {}.",
                report.added,
                report.updated,
                report.skipped.len()
            );
            for s in &report.skipped {
                crate::outln!(
                    "  line {} ({}): {}",
                    s.line,
                    s.uid.as_deref().unwrap_or("no UID"),
                    s.reason
                );
            }
        }
    }
    Ok(())
}

pub fn client_id(store: &Store, name: Option<&str>) -> Result<Option<ClientId>, Failure> {
    Ok(name
        .map(|n| clients::find_by_name(store, n))
        .transpose()?
        .map(|c| c.id))
}

fn parse_kind(kind: &str) -> Result<EventKind, Failure> {
    match kind {
        "meeting" => Ok(EventKind::Meeting),
        "deadline" => Ok(EventKind::Deadline),
        "time_block" | "block" => Ok(EventKind::TimeBlock),
        "other" => Ok(EventKind::Other),
        _ => Err(Failure {
            code: "event.unknown_kind",
            message: format!("Unknown kind “{kind}”: use meeting, deadline, time_block or other."),
        }),
    }
}

fn parse_repeat(repeat: &str, count: Option<u32>) -> Result<Recurrence, Failure> {
    let freq = match repeat {
        "daily" => Freq::Daily,
        "weekly" => Freq::Weekly,
        "monthly" => Freq::Monthly,
        "yearly" => Freq::Yearly,
        _ => {
            return Err(Failure {
                code: "event.bad_rule",
                message: format!(
                    "Unknown repeat “{repeat}”: use daily, weekly, monthly or yearly."
                ),
            })
        }
    };
    Ok(Recurrence {
        freq,
        interval: 1,
        by_weekday: vec![],
        by_month_day: vec![],
        count,
        until: None,
    })
}
