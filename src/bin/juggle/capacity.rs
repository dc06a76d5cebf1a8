//! `juggle tasks …` and `juggle capacity …`: what is to be done, how much time there is,
//! and whether a new request fits.

use juggle::capacity::BookingId;
use juggle::capacity::TaskId;
use std::path::PathBuf;

use clap::Subcommand;

use juggle::calendar::time;
use juggle::capacity::{
    self, tasks, DayOffInput, Decision, Request, TaskInput, TaskStatus, Verdict, WorkingHoursInput,
};
use juggle::clients::{self, Priority};
use juggle::Store;

use crate::outln;
use crate::output;

#[derive(Subcommand)]
pub enum TasksCommand {
    /// Add a task
    Add {
        title: String,
        #[arg(long)]
        client: Option<String>,
        /// Estimated hours (6, 1.5, 7:30)
        #[arg(long)]
        hours: String,
        /// Hours already done
        #[arg(long)]
        done: Option<String>,
        /// Due day, YYYY-MM-DD
        #[arg(long)]
        due: Option<String>,
        /// Earliest start, YYYY-MM-DD
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        important: bool,
        #[arg(long)]
        urgent: bool,
        /// Someone else does it
        #[arg(long)]
        delegate_to: Option<String>,
        /// When to check on the delegated task, YYYY-MM-DD
        #[arg(long)]
        follow_up: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Open tasks by due day (`--today`: the seeds' order for today)
    List {
        #[arg(long)]
        client: Option<String>,
        /// Include done tasks
        #[arg(long)]
        all: bool,
        /// Today's list: highest-profile client first, then urgency
        #[arg(long)]
        today: bool,
        #[arg(long)]
        json: bool,
    },
    /// Change a task: only the fields given (an empty value clears a day or a name)
    Edit {
        id: TaskId,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        hours: Option<String>,
        /// Hours done so far
        #[arg(long)]
        done: Option<String>,
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        important: Option<bool>,
        #[arg(long)]
        urgent: Option<bool>,
        /// open, in_progress, waiting or done
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        delegate_to: Option<String>,
        #[arg(long)]
        follow_up: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mark a task done (or another status: open, in_progress, waiting)
    Done {
        id: TaskId,
        #[arg(long, default_value = "done")]
        status: String,
    },
}

#[derive(Subcommand)]
pub enum CapacityCommand {
    /// Can a request be done by its deadline without making anything late?
    Check {
        /// Estimated hours of work
        #[arg(long)]
        hours: String,
        /// Earliest start, YYYY-MM-DD (default: tomorrow)
        #[arg(long)]
        start: Option<String>,
        /// Deadline, YYYY-MM-DD (inclusive)
        #[arg(long)]
        deadline: String,
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// high, normal or low (default: the client's)
        #[arg(long)]
        priority: Option<String>,
        /// Record the decision: tentative, accept (due the requested deadline, late if it
        /// does not fit), accept-offered (due the day the check offers) or decline
        #[arg(long)]
        decide: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Set working hours per weekday, Monday first, and the weekly overtime allowance
    Set {
        /// Seven numbers, e.g. 8,8,8,8,8,0,0
        #[arg(long)]
        weekday_hours: String,
        #[arg(long)]
        overtime_per_week: Option<String>,
    },
    /// Add a day off (or a range with --to), or import days off from an .ics file
    DayOff {
        /// YYYY-MM-DD, or an .ics file of holidays
        day: String,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        label: Option<String>,
    },
    /// Working hours, overtime, days off and tentative bookings
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Requests held after a check: tentative ones (`--all`: decided ones too)
    Bookings {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Confirm a tentative booking: it becomes a task
    Confirm { id: BookingId },
    /// Decline a tentative booking
    Decline { id: BookingId },
}

pub fn run_tasks(store: &mut Store, cmd: TasksCommand) -> output::Result {
    let today = time::today();
    match cmd {
        TasksCommand::Add {
            title,
            client,
            hours,
            done,
            due,
            start,
            important,
            urgent,
            delegate_to,
            follow_up,
            json,
        } => {
            let client_id = client
                .map(|name| clients::find_by_name(store, &name))
                .transpose()?
                .map(|c| c.id);
            let input = TaskInput {
                client_id,
                title,
                estimate_hours: hours,
                done_hours: done.unwrap_or_default(),
                due: due.unwrap_or_default(),
                earliest_start: start.unwrap_or_default(),
                important,
                urgent,
                delegated_to: delegate_to.unwrap_or_default(),
                follow_up: follow_up.unwrap_or_default(),
                ..Default::default()
            };
            let task = tasks::add(store, &input, today)?;
            if json {
                return output::json(&task);
            }
            outln!("Added task {} “{}”.", task.id, task.title);
        }
        TasksCommand::List {
            client,
            all,
            today: for_today,
            json,
        } => {
            let client_id = client
                .map(|name| clients::find_by_name(store, &name))
                .transpose()?
                .map(|c| c.id);
            let list = if for_today {
                tasks::today_list(store.conn(), today)?
            } else {
                tasks::list(store.conn(), client_id, all, today)?
            };
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                outln!("No tasks.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|t| {
                    vec![
                        t.id.to_string(),
                        t.client.clone().unwrap_or_else(|| "—".into()),
                        t.title.clone(),
                        format!(
                            "{} of {}",
                            hours(t.remaining_minutes.into()),
                            hours(t.estimate_minutes.into())
                        ),
                        t.due
                            .map(|d| {
                                if t.overdue {
                                    format!("{d} (overdue)")
                                } else {
                                    d.to_string()
                                }
                            })
                            .unwrap_or_else(|| "—".into()),
                        t.status.as_str().replace('_', " "),
                        if t.delegated_to.is_empty() {
                            String::new()
                        } else {
                            format!("→ {}", t.delegated_to)
                        },
                    ]
                })
                .collect();
            output::table(
                &["ID", "CLIENT", "TASK", "LEFT", "DUE", "STATUS", "DELEGATED"],
                &rows,
            );
        }
        TasksCommand::Edit {
            id,
            title,
            client,
            hours: h,
            done,
            due,
            start,
            important,
            urgent,
            status,
            delegate_to,
            follow_up,
            json,
        } => {
            let t = tasks::get(store.conn(), id, today)?;
            let client_id = match client {
                Some(name) if name.trim().is_empty() => None,
                Some(name) => Some(clients::find_by_name(store, &name)?.id),
                None => t.client_id,
            };
            let as_hours = |m: u32| format!("{}", f64::from(m) / 60.0);
            let input = TaskInput {
                client_id,
                title: title.unwrap_or(t.title),
                notes: t.notes,
                estimate_hours: h.unwrap_or_else(|| as_hours(t.estimate_minutes)),
                done_hours: done.unwrap_or_else(|| as_hours(t.done_minutes)),
                earliest_start: start.unwrap_or_else(|| day_text(t.earliest_start)),
                due: due.unwrap_or_else(|| day_text(t.due)),
                important: important.unwrap_or(t.important),
                urgent: urgent.unwrap_or(t.urgent),
                status: status
                    .map(|s| TaskStatus::parse(&s))
                    .transpose()?
                    .unwrap_or(t.status),
                delegated_to: delegate_to.unwrap_or(t.delegated_to),
                follow_up: follow_up.unwrap_or_else(|| day_text(t.follow_up)),
            };
            let task = tasks::update(store, id, &input, today)?;
            if json {
                return output::json(&task);
            }
            outln!(
                "Task {} “{}”: {} of {} left.",
                task.id,
                task.title,
                hours(task.remaining_minutes.into()),
                hours(task.estimate_minutes.into())
            );
        }
        TasksCommand::Done { id, status } => {
            let task = tasks::set_status(store, id, TaskStatus::parse(&status)?, today)?;
            outln!(
                "Task {} “{}” is {}.",
                task.id,
                task.title,
                task.status.as_str().replace('_', " ")
            );
        }
    }
    Ok(())
}

fn hours(minutes: u64) -> String {
    let h = minutes as f64 / 60.0;
    if minutes % 60 == 0 {
        format!("{h:.0} h")
    } else {
        format!("{h:.2} h").replace(".50 h", ".5 h")
    }
}

pub fn run_capacity(store: &mut Store, cmd: CapacityCommand) -> output::Result {
    let today = time::today();
    match cmd {
        CapacityCommand::Check {
            hours: h,
            start,
            deadline,
            client,
            title,
            priority,
            decide,
            json,
        } => {
            let client_id = client
                .map(|name| clients::find_by_name(store, &name))
                .transpose()?
                .map(|c| c.id);
            let priority = priority.map(|p| p.parse::<Priority>()).transpose()?;
            let request = Request {
                client_id,
                title: title.unwrap_or_default(),
                hours: h,
                start: start.unwrap_or_default(),
                deadline,
                priority,
            };
            let decision = decide.map(|d| parse_decision(&d)).transpose()?;
            let check = capacity::check_request(store, &request, today, time::local_zone())?;
            let decision = match decision {
                Some(Chosen::Core(d)) => Some(d),
                Some(Chosen::AcceptOffered) => Some(Decision::Accept {
                    due: Some(
                        check
                            .offered
                            .as_deref()
                            .and_then(|d| d.parse().ok())
                            .ok_or_else(|| output::Failure {
                                code: "capacity.nothing_offered",
                                message: "No day within the coming year fits, so there is no offered day to accept.".into(),
                            })?,
                    ),
                }),
                None => None,
            };
            let booking = decision
                .map(|d| capacity::decide(store, &request, d, today))
                .transpose()?;
            if json {
                // The booking made by `--decide`, for scripts to confirm or decline later.
                let mut value = serde_json::to_value(&check).map_err(|e| output::Failure {
                    code: "cli.json",
                    message: e.to_string(),
                })?;
                if let (Some(b), Some(map)) = (&booking, value.as_object_mut()) {
                    map.insert(
                        "booking".into(),
                        serde_json::to_value(b).unwrap_or_default(),
                    );
                }
                return output::json(&value);
            }
            match check.verdict {
                Verdict::Fits => outln!(
                    "Fits: {} h by {} without making anything late.",
                    check.hours,
                    check.deadline
                ),
                Verdict::FitsWithOvertime => {
                    outln!("Fits only with {} h of overtime.", check.overtime_hours)
                }
                Verdict::DoesNotFit => outln!(
                    "Does not fit: short by {} h, even with the overtime allowance.",
                    check.short_hours
                ),
            }
            match &check.earliest_finish {
                Some(day) => outln!("Earliest finish without making anything late: {day}."),
                None => outln!("No finish within a year without making something late."),
            }
            outln!("{}", check.finish_note);
            if !check.late.is_empty() {
                outln!(
                    "Accepted at {} priority, these would be late:",
                    check.priority.as_str()
                );
                for l in &check.late {
                    let by = l
                        .days_late
                        .map(|d| format!("{d} days late"))
                        .unwrap_or_else(|| "not done within a year".into());
                    outln!(
                        "  {} ({}) due {}: {} h late, {by}",
                        l.title,
                        l.client.as_deref().unwrap_or("no client"),
                        l.due,
                        l.hours_late
                    );
                }
            }
            if check.with_tentative.tentative_count > 0 {
                outln!(
                    "With your {} tentative booking(s) confirmed: {}.",
                    check.with_tentative.tentative_count,
                    verdict_words(check.with_tentative.verdict)
                );
            }
            outln!("Reply: {}", check.reply);
            if let Some(b) = booking {
                outln!(
                    "Recorded as {}, due {}.",
                    format!("{:?}", b.status).to_lowercase(),
                    b.deadline
                );
            }
        }
        CapacityCommand::Set {
            weekday_hours,
            overtime_per_week,
        } => {
            // Without --overtime-per-week the allowance stays as it is.
            let current = capacity::working_hours(store.conn())?.overtime_week_minutes;
            let input = WorkingHoursInput {
                weekday_hours: weekday_hours.split(',').map(str::to_owned).collect(),
                overtime_hours: overtime_per_week
                    .unwrap_or_else(|| format!("{}", f64::from(current) / 60.0)),
            };
            let set = capacity::set_working_hours(store, &input)?;
            outln!(
                "Working hours set: {} h a week, overtime up to {} a week.",
                set.weekday_minutes
                    .iter()
                    .map(|m| u64::from(*m))
                    .sum::<u64>()
                    / 60,
                hours(set.overtime_week_minutes.into())
            );
        }
        CapacityCommand::DayOff { day, to, label } => {
            if day.to_ascii_lowercase().ends_with(".ics") {
                let report = capacity::import_days_off_file(store, &PathBuf::from(&day), today)?;
                outln!(
                    "Imported days off: {} added, {} updated, {} skipped (not whole days).",
                    report.added,
                    report.updated,
                    report.skipped.len()
                );
            } else {
                let off = capacity::add_day_off(
                    store,
                    &DayOffInput {
                        first_day: day,
                        last_day: to.unwrap_or_default(),
                        label: label.unwrap_or_default(),
                    },
                )?;
                outln!("Day off: {} to {}.", off.first_day, off.last_day);
            }
        }
        CapacityCommand::Show { json } => {
            let c = capacity::capacity(store, today)?;
            if json {
                return output::json(&c);
            }
            let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            let week: Vec<String> = names
                .iter()
                .zip(c.hours.weekday_minutes)
                .map(|(n, m)| format!("{n} {}", hours(m.into())))
                .collect();
            outln!("Working hours: {}", week.join(", "));
            outln!(
                "Overtime allowance: {} a week",
                hours(c.hours.overtime_week_minutes.into())
            );
            if c.upcoming_days_off.is_empty() {
                outln!("No days off ahead.");
            }
            for d in &c.upcoming_days_off {
                outln!(
                    "Day off: {}{} {}",
                    d.first_day,
                    if d.last_day != d.first_day {
                        format!(" to {}", d.last_day)
                    } else {
                        String::new()
                    },
                    d.label
                );
            }
            for b in &c.tentative {
                outln!(
                    "Tentative: {} ({}), {} by {}",
                    b.title,
                    b.client.as_deref().unwrap_or("no client"),
                    hours(b.minutes.into()),
                    b.deadline
                );
            }
        }
        CapacityCommand::Bookings { all, json } => {
            let list = capacity::list_bookings(store.conn(), all)?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                outln!("No bookings.");
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|b| {
                    vec![
                        b.id.to_string(),
                        format!("{:?}", b.status).to_lowercase(),
                        b.client.clone().unwrap_or_else(|| "—".into()),
                        b.title.clone(),
                        hours(b.minutes.into()),
                        b.deadline.to_string(),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                output::table(
                    &["ID", "STATUS", "CLIENT", "REQUEST", "HOURS", "DEADLINE"],
                    &rows,
                );
            }
        }
        CapacityCommand::Confirm { id } => {
            let b = capacity::settle(store, id, true)?;
            outln!(
                "Confirmed “{}”: it is task {} now.",
                b.title,
                b.task_id.map_or(0, i64::from)
            );
        }
        CapacityCommand::Decline { id } => {
            let b = capacity::settle(store, id, false)?;
            outln!("Declined “{}”.", b.title);
        }
    }
    Ok(())
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Fits => "fits",
        Verdict::FitsWithOvertime => "fits only with overtime",
        Verdict::DoesNotFit => "does not fit",
    }
}

/// A decision as typed: accepting "as offered" needs the check's offered day first.
enum Chosen {
    Core(Decision),
    AcceptOffered,
}

fn parse_decision(raw: &str) -> Result<Chosen, output::Failure> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "tentative" => Ok(Chosen::Core(Decision::Tentative)),
        "accept" => Ok(Chosen::Core(Decision::ACCEPT)),
        "accept-offered" => Ok(Chosen::AcceptOffered),
        "decline" => Ok(Chosen::Core(Decision::Decline)),
        _ => Err(output::Failure {
            code: "cli.bad_decision",
            message: format!(
                "Unknown decision “{raw}”: use tentative, accept, accept-offered or decline."
            ),
        }),
    }
}

/// A day as the task form takes it back: blank for none.
fn day_text(day: Option<chrono::NaiveDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}
