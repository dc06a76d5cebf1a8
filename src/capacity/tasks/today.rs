//! The tasks Today shows: the day's list in the seeds' order, sized to the working day,
//! and ticking one done with its undo. Apart from the task's own CRUD because it reads
//! the working hours and answers the Today screen, not the task form.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use super::{get, list, Task, TaskId, TaskStatus};
use crate::capacity::{working, CapacityError};
use crate::store::{now_utc, Writer};

/// The seeds' rule for what to do today: the highest-profile client first, then urgency
/// (urgent and important, urgent, important, neither), then the earliest due day.
/// Holds the tasks that can be worked on today and the delegated ones to chase.
pub fn today_list(conn: &Connection, today: NaiveDate) -> Result<Vec<Task>, CapacityError> {
    let mut tasks: Vec<Task> = list(conn, None, false, today)?
        .into_iter()
        .filter(|t| {
            let startable = t.earliest_start.is_none_or(|d| d <= today);
            let mine = t.delegated_to.is_empty() && t.status != TaskStatus::Waiting;
            (mine && startable) || t.follow_up_due
        })
        .collect();
    tasks.sort_by(|a, b| {
        let key = |t: &Task| {
            (
                t.client_priority.rank(),
                t.quadrant,
                t.due.is_none(),
                t.due,
                t.id,
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(tasks)
}

/// Today's tasks sized to today (the Today screen): what fits in today's working hours,
/// and the rest one click away.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct TodayTasks {
    /// Overdue first, then due soonest (no due day last), then client priority and
    /// urgency; up to today's working hours.
    pub tasks: Vec<Task>,
    /// The rest of today's list, in the same order.
    pub more: Vec<Task>,
    /// Today's working hours (0 on a day off).
    pub working_minutes: u32,
    /// Hours left on the tasks shown (follow-ups of delegated work count nothing).
    pub planned_minutes: u32,
}

/// Sizes `today_list` to today's working hours. Overdue tasks always show (already late,
/// they are the first thing to see); then tasks in order while the day has room left,
/// the last one possibly running over (a started task is still today's), and at least
/// one (on a day off, the most pressing thing is still worth seeing). Delegated tasks
/// whose follow-up has come cost a moment, not their estimate.
pub fn today_sized(conn: &Connection, today: NaiveDate) -> Result<TodayTasks, CapacityError> {
    let working = working::profile(conn, today, today)?
        .regular
        .first()
        .copied()
        .unwrap_or(0);
    let working = u32::try_from(working).unwrap_or(u32::MAX);
    let mut all = today_list(conn, today)?;
    all.sort_by(|a, b| {
        let key = |t: &Task| {
            (
                !t.overdue,
                t.due.is_none(),
                t.due,
                t.client_priority.rank(),
                t.quadrant,
                t.id,
            )
        };
        key(a).cmp(&key(b))
    });
    let cost = |t: &Task| {
        if t.delegated_to.is_empty() && t.status != TaskStatus::Waiting {
            t.remaining_minutes
        } else {
            0
        }
    };
    let mut planned = 0u32;
    let mut tasks = Vec::new();
    let mut more = Vec::new();
    for t in all {
        if t.overdue || (more.is_empty() && (planned < working || tasks.is_empty())) {
            planned = planned.saturating_add(cost(&t));
            tasks.push(t);
        } else {
            more.push(t);
        }
    }
    Ok(TodayTasks {
        tasks,
        more,
        working_minutes: working,
        planned_minutes: planned,
    })
}

/// A task ticked done, with the status it had, so the tick can be taken back.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Completed {
    pub task: Task,
    pub previous: TaskStatus,
}

/// Marks a task done, remembering its status for `undo_complete`.
pub fn complete(
    store: &mut impl Writer,
    id: TaskId,
    today: NaiveDate,
) -> Result<Completed, CapacityError> {
    store.write(|tx| {
        let previous = get(tx, id, today)?.status;
        tx.execute(
            "UPDATE tasks SET status = 'done', updated_at = ?2 WHERE id = ?1",
            params![id, now_utc()],
        )?;
        Ok(Completed {
            task: get(tx, id, today)?,
            previous,
        })
    })
}

/// Takes back `complete`: the task gets its previous status again. Refused unless the
/// task is still done (it was reopened or edited since), so nothing newer is overwritten.
pub fn undo_complete(
    store: &mut impl Writer,
    id: TaskId,
    previous: TaskStatus,
    today: NaiveDate,
) -> Result<Task, CapacityError> {
    store.write(|tx| {
        if get(tx, id, today)?.status != TaskStatus::Done {
            return Err(CapacityError::NotDone);
        }
        let previous = if previous == TaskStatus::Done {
            TaskStatus::Open
        } else {
            previous
        };
        tx.execute(
            "UPDATE tasks SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, previous.as_str(), now_utc()],
        )?;
        get(tx, id, today)
    })
}
