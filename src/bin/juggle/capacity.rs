//! `juggle capacity …`: how much time there is, and whether a new request fits.

use juggle::capacity::BookingId;
use std::path::PathBuf;

use clap::Subcommand;

use juggle::calendar::time;
use juggle::capacity::{self, DayOffInput, Decision, Request, Verdict, WorkingHoursInput};
use juggle::clients::{self, Priority};
use juggle::Store;

use crate::outln;
use crate::output::{self, hours};

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
        /// Propose times in free working time before the deadline (needs working times);
        /// with `--decide accept` they go on the calendar as the task's time blocks
        #[arg(long)]
        slots: bool,
        #[arg(long)]
        json: bool,
    },
    /// Set working hours per weekday, Monday first, and the weekly overtime allowance
    Set {
        /// Seven numbers, e.g. 8,8,8,8,8,0,0 (hours with no clock times)
        #[arg(long)]
        weekday_hours: Option<String>,
        #[arg(long)]
        overtime_per_week: Option<String>,
        /// Working times for some weekdays, e.g. mon-fri=09:00-12:30,13:30-18:00; only busy
        /// time inside them costs working time. Repeatable; `sat=` clears a day's times.
        #[arg(long = "window")]
        windows: Vec<String>,
        /// Working times for one date instead of its weekday's, e.g.
        /// 2026-12-24=09:00-13:00 (repeatable; `2026-12-24=` takes them away)
        #[arg(long = "on")]
        dates: Vec<String>,
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
    /// Confirm a tentative booking: it becomes a task, due its requested deadline
    Confirm {
        id: BookingId,
        /// Due the first day it fits now instead (the capacity check is run again)
        #[arg(long)]
        offered: bool,
    },
    /// Decline a tentative booking
    Decline { id: BookingId },
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
            slots,
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
                slots,
            };
            let decision = decide.map(|d| parse_decision(&d)).transpose()?;
            let check = capacity::check_request(store, &request, today, time::local_zone())?;
            let decision = match decision {
                // Accepting what was proposed schedules it too.
                Some(Chosen::Core(Decision::Accept { due, .. })) => Some(Decision::Accept {
                    due,
                    slots: check.slots.clone(),
                }),
                Some(Chosen::Core(d)) => Some(d),
                Some(Chosen::AcceptOffered) => Some(Decision::accept_due(offered_day(&check)?)),
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
            if let Some(c) = &check.calibrated {
                outln!("{}", c.note);
            }
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
                    if l.weeks.len() > 1 {
                        for w in &l.weeks {
                            outln!("    week of {}: {} h late", w.week_start, w.hours_late);
                        }
                    }
                }
            }
            if check.with_tentative.tentative_count > 0 {
                outln!(
                    "With your {} tentative booking(s) confirmed: {}.",
                    check.with_tentative.tentative_count,
                    verdict_words(check.with_tentative.verdict)
                );
            }
            if !check.slots.is_empty() {
                outln!("Proposed times:");
                for s in &check.slots {
                    outln!(
                        "  {} {}–{}",
                        s.start.get(..10).unwrap_or_default(),
                        s.start.get(11..).unwrap_or_default(),
                        s.end.get(11..).unwrap_or_default()
                    );
                }
            } else if slots && check.verdict == Verdict::Fits {
                outln!("No times proposed: set working times (juggle capacity set --window …).");
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
            windows,
            dates,
        } => {
            for spec in &dates {
                let (day, times) = spec.split_once('=').ok_or_else(|| output::Failure {
                    code: "cli.bad_date_hours",
                    message: format!(
                        "“{spec}” is not a day and working times: use e.g. 2026-12-24=09:00-13:00."
                    ),
                })?;
                if times.trim().is_empty() {
                    let day = juggle::fields::day("day", day).map_err(|e| output::Failure {
                        code: "capacity.bad_date",
                        message: e.to_string(),
                    })?;
                    capacity::dates::remove(store, day)?;
                    outln!("{day} works its weekday's times again.");
                } else {
                    let set = capacity::dates::set(
                        store,
                        &capacity::dates::DateHoursInput {
                            day: day.into(),
                            windows: times.into(),
                        },
                    )?;
                    outln!(
                        "{} works {} ({}).",
                        set.day,
                        set.windows,
                        hours(set.minutes.into())
                    );
                }
            }
            if weekday_hours.is_none() && windows.is_empty() && overtime_per_week.is_none() {
                if !dates.is_empty() {
                    return Ok(());
                }
                return Err(output::Failure {
                    code: "cli.nothing_to_set",
                    message: "Give --weekday-hours, --window, --on or --overtime-per-week.".into(),
                });
            }
            // What is not given stays as it is.
            let current = capacity::working_hours(store.conn())?;
            let weekday_hours = match weekday_hours {
                Some(typed) => typed.split(',').map(str::to_owned).collect(),
                None => current
                    .weekday_minutes
                    .iter()
                    .map(|m| format!("{}", f64::from(*m) / 60.0))
                    .collect(),
            };
            let weekday_windows = if windows.is_empty() {
                None
            } else {
                let mut week = current.weekday_windows.clone();
                for spec in &windows {
                    let (days, times) = window_days(spec)?;
                    for d in days {
                        week[d] = times.clone();
                    }
                }
                Some(week)
            };
            let input = WorkingHoursInput {
                weekday_hours,
                overtime_hours: overtime_per_week.unwrap_or_else(|| {
                    format!("{}", f64::from(current.overtime_week_minutes) / 60.0)
                }),
                weekday_windows,
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
            const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            for (day, times) in DAYS.iter().zip(&set.weekday_windows) {
                if !times.is_empty() {
                    outln!("  {day}: {times}");
                }
            }
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
        CapacityCommand::Confirm { id, offered } => {
            let due = if offered {
                let check = capacity::recheck_booking(store.conn(), id, today, time::local_zone())?;
                Some(offered_day(&check)?)
            } else {
                None
            };
            let b = capacity::settle(
                store,
                id,
                Decision::Accept {
                    due,
                    slots: Vec::new(),
                },
                today,
            )?;
            outln!(
                "Confirmed “{}”: it is task {} now.",
                b.title,
                b.task_id.map_or(0, i64::from)
            );
        }
        CapacityCommand::Decline { id } => {
            let b = capacity::settle(store, id, Decision::Decline, today)?;
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

/// `mon-fri=09:00-12:30,13:30-18:00`: the weekdays (Monday = 0) and their times as typed.
fn window_days(spec: &str) -> Result<(Vec<usize>, String), output::Failure> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let bad = || {
        output::Failure {
        code: "cli.bad_window",
        message: format!(
            "“{spec}” is not a weekday and working times: use e.g. mon-fri=09:00-12:30,13:30-18:00 or sat=10-14."
        ),
    }
    };
    let (days, times) = spec.split_once('=').ok_or_else(bad)?;
    let day = |name: &str| {
        let name = name.trim().to_ascii_lowercase();
        NAMES
            .iter()
            .position(|n| name.starts_with(n) && name.len() >= 3)
    };
    let days = match days.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (day(a).ok_or_else(bad)?, day(b).ok_or_else(bad)?);
            if a > b {
                return Err(bad());
            }
            (a..=b).collect()
        }
        None => vec![day(days).ok_or_else(bad)?],
    };
    Ok((days, times.to_owned()))
}

/// The day a check offers, for accepting "as offered".
fn offered_day(check: &capacity::CapacityCheck) -> Result<chrono::NaiveDate, output::Failure> {
    check
        .offered
        .as_deref()
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| output::Failure {
            code: "capacity.nothing_offered",
            message: "No day within the coming year fits, so there is no offered day to accept."
                .into(),
        })
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
