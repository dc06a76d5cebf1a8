//! `juggle tasks …`: what is to be done, by when, for whom.

use clap::Subcommand;

use juggle::calendar::time;
use juggle::capacity::{tasks, TaskId, TaskInput, TaskStatus};
use juggle::clients;
use juggle::Store;

use crate::outln;
use crate::output::{self, hours};

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
    /// Open tasks by due day (`--today`: today's list, as the Today screen shows it)
    List {
        #[arg(long)]
        client: Option<String>,
        /// Include done tasks (with `--today`: all of today's list, not only what fits)
        #[arg(long)]
        all: bool,
        /// Today's list: overdue first, then due soonest, up to today's working hours
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
            let mut more = Vec::new();
            let list = if for_today {
                let sized = tasks::today_sized(store.conn(), today)?;
                if all {
                    sized.tasks.into_iter().chain(sized.more).collect()
                } else {
                    more = sized.more;
                    sized.tasks
                }
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
            if !more.is_empty() {
                let left: u32 = more.iter().map(|t| t.remaining_minutes).sum();
                outln!(
                    "… and {} more beyond today's working hours ({} left): --all lists them.",
                    more.len(),
                    hours(left.into())
                );
            }
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

/// A day as the task form takes it back: blank for none.
fn day_text(day: Option<chrono::NaiveDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}
