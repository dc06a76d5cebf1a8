//! Tasks per client: what is to be done, how long it takes, by when, and who does it.

mod today;

pub use today::{complete, today_list, today_sized, undo_complete, Completed, TodayTasks};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{fields, logged, CapacityError};
use crate::clients::{self, ClientId, Priority};
use crate::store::sql::{self, Named};
use crate::store::{now_utc, Writer};

crate::store::id!(TaskId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    #[default]
    Open,
    InProgress,
    /// Handed to someone else or blocked; see `delegated_to` and `follow_up`.
    Waiting,
    Done,
}

impl TaskStatus {
    pub const NAMES: &'static [&'static str] = &["open", "in_progress", "waiting", "done"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(raw: &str) -> Result<TaskStatus, CapacityError> {
        match raw
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "open" => Ok(TaskStatus::Open),
            "in_progress" => Ok(TaskStatus::InProgress),
            "waiting" => Ok(TaskStatus::Waiting),
            "done" => Ok(TaskStatus::Done),
            _ => Err(CapacityError::Unknown(
                "status",
                raw.trim().to_owned(),
                Self::NAMES,
            )),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct TaskInput {
    pub client_id: Option<ClientId>,
    pub title: String,
    #[serde(default)]
    pub notes: String,
    /// Hours as typed ("6", "1.5").
    pub estimate_hours: String,
    #[serde(default)]
    pub done_hours: String,
    /// `YYYY-MM-DD`, blank for "any time".
    #[serde(default)]
    pub earliest_start: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub important: bool,
    #[serde(default)]
    pub urgent: bool,
    #[serde(default)]
    pub status: TaskStatus,
    #[serde(default)]
    pub delegated_to: String,
    #[serde(default)]
    pub follow_up: String,
}

/// Where a task sits in the urgent/important matrix, in the order to work on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Urgent and important.
    DoFirst,
    /// Urgent, not important: a candidate to delegate.
    Delegate,
    /// Important, not urgent.
    Schedule,
    /// Neither.
    Later,
}

/// A task as shown. Field names are part of `juggle tasks list --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Task {
    pub id: TaskId,
    pub client_id: Option<ClientId>,
    pub client: Option<String>,
    pub colour: Option<String>,
    /// The client's priority, or the one the request behind the task was accepted at.
    pub client_priority: Priority,
    pub title: String,
    pub notes: String,
    pub estimate_minutes: u32,
    pub done_minutes: u32,
    /// Estimate minus done, never below zero.
    pub remaining_minutes: u32,
    pub earliest_start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub important: bool,
    pub urgent: bool,
    pub quadrant: Quadrant,
    pub status: TaskStatus,
    pub delegated_to: String,
    pub follow_up: Option<NaiveDate>,
    /// Not done and its due day has passed.
    pub overdue: bool,
    /// Delegated or waiting, and its follow-up day has come.
    pub follow_up_due: bool,
}

struct Valid {
    title: String,
    notes: String,
    estimate: u32,
    start: Option<NaiveDate>,
    due: Option<NaiveDate>,
    delegated_to: String,
    follow_up: Option<NaiveDate>,
}

/// A task's stored columns, computed once: the one list of what an INSERT and an UPDATE
/// of `tasks` write.
struct Columns<'a> {
    input: &'a TaskInput,
    v: Valid,
    status: &'static str,
    start: Option<String>,
    due: Option<String>,
    follow_up: Option<String>,
    updated_at: String,
}

impl<'a> Columns<'a> {
    fn of(input: &'a TaskInput, v: Valid) -> Columns<'a> {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        Columns {
            input,
            status: input.status.as_str(),
            start: day(v.start),
            due: day(v.due),
            follow_up: day(v.follow_up),
            v,
            updated_at: now_utc(),
        }
    }

    fn named(&self) -> Named<'_> {
        vec![
            (":client_id", &self.input.client_id),
            (":title", &self.v.title),
            (":notes", &self.v.notes),
            (":estimate_minutes", &self.v.estimate),
            (":earliest_start", &self.start),
            (":due_day", &self.due),
            (":important", &self.input.important),
            (":urgent", &self.input.urgent),
            (":status", &self.status),
            (":delegated_to", &self.v.delegated_to),
            (":follow_up_day", &self.follow_up),
            (":updated_at", &self.updated_at),
        ]
    }
}

impl TaskInput {
    /// The hours done as typed, in minutes; `None` when blank (a new task has none, an
    /// edited one keeps what is logged).
    fn done_minutes(&self) -> Result<Option<u32>, CapacityError> {
        if self.done_hours.trim().is_empty() {
            return Ok(None);
        }
        Ok(Some(fields::minutes("done_hours", &self.done_hours)?))
    }

    fn validate(&self, conn: &Connection) -> Result<Valid, CapacityError> {
        if let Some(id) = self.client_id {
            clients::get(conn, id)?;
        }
        self.done_minutes()?;
        let v = Valid {
            title: fields::title(&self.title)?,
            notes: fields::text("notes", &self.notes, 5000)?,
            estimate: fields::minutes("estimate_hours", &self.estimate_hours)?,
            start: fields::optional_day("earliest_start", &self.earliest_start)?,
            due: fields::optional_day("due", &self.due)?,
            delegated_to: fields::text("delegated_to", &self.delegated_to, 200)?,
            follow_up: fields::optional_day("follow_up", &self.follow_up)?,
        };
        if let (Some(start), Some(due)) = (v.start, v.due) {
            if due < start {
                return Err(CapacityError::DueBeforeStart);
            }
        }
        Ok(v)
    }
}

/// Every task column a `Task` is read from; `{TASK_DONE}` is filled in by [`select`].
const SELECT_TEMPLATE: &str = "
    SELECT t.id, t.client_id, c.name, c.colour, coalesce(t.priority, c.priority), t.title, t.notes, t.estimate_minutes,
           {TASK_DONE}, t.earliest_start, t.due_day, t.important, t.urgent, t.status,
           t.delegated_to, t.follow_up_day
    FROM tasks t LEFT JOIN clients c ON c.id = t.client_id";

/// The query every task is read with: its hours done are the sum of its time entries.
fn select() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| SELECT_TEMPLATE.replace("{TASK_DONE}", logged::TASK_DONE))
}

fn row(r: &Row, today: NaiveDate) -> rusqlite::Result<Task> {
    let estimate: u32 = r.get(7)?;
    let done: u32 = r.get(8)?;
    let due: Option<NaiveDate> = r.get(10)?;
    let status = TaskStatus::parse(&r.get::<_, String>(13)?).unwrap_or_default();
    let follow_up: Option<NaiveDate> = r.get(15)?;
    let delegated_to: String = r.get(14)?;
    let priority: Option<String> = r.get(4)?;
    let past = |d: &Option<NaiveDate>, inclusive: bool| {
        d.is_some_and(|d| if inclusive { d <= today } else { d < today })
    };
    Ok(Task {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client: r.get(2)?,
        colour: r.get(3)?,
        client_priority: priority
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or_default(),
        title: r.get(5)?,
        notes: r.get(6)?,
        estimate_minutes: estimate,
        done_minutes: done,
        remaining_minutes: estimate.saturating_sub(done),
        earliest_start: r.get(9)?,
        overdue: status != TaskStatus::Done && past(&due, false),
        due,
        important: r.get(11)?,
        urgent: r.get(12)?,
        quadrant: quadrant(r.get(12)?, r.get(11)?),
        follow_up_due: status != TaskStatus::Done
            && (status == TaskStatus::Waiting || !delegated_to.is_empty())
            && past(&follow_up, true),
        status,
        delegated_to,
        follow_up,
    })
}

pub fn get(conn: &Connection, id: TaskId, today: NaiveDate) -> Result<Task, CapacityError> {
    conn.query_row(&format!("{} WHERE t.id = ?1", select()), [id], |r| {
        row(r, today)
    })
    .optional()?
    .ok_or(CapacityError::NotFound("task", id.0))
}

pub fn add(
    store: &mut impl Writer,
    input: &TaskInput,
    today: NaiveDate,
) -> Result<Task, CapacityError> {
    store.write(|tx| {
        let id = insert(tx, input)?;
        let done = input.done_minutes()?.unwrap_or(0);
        logged::set_task_done(tx, id, input.client_id, done, today)?;
        get(tx, id, today)
    })
}

pub(crate) fn insert(conn: &Connection, input: &TaskInput) -> Result<TaskId, CapacityError> {
    let row = Columns::of(input, input.validate(conn)?);
    let mut params = row.named();
    params.push((":created_at", &row.updated_at));
    conn.execute(&sql::insert("tasks", &params), params.as_slice())?;
    Ok(TaskId(conn.last_insert_rowid()))
}

pub fn update(
    store: &mut impl Writer,
    id: TaskId,
    input: &TaskInput,
    today: NaiveDate,
) -> Result<Task, CapacityError> {
    store.write(|tx| {
        let row = Columns::of(input, input.validate(tx)?);
        let mut params = row.named();
        params.push((":id", &id));
        let n = tx.execute(&sql::update("tasks", &params), params.as_slice())?;
        if n == 0 {
            return Err(CapacityError::NotFound("task", id.0));
        }
        if let Some(done) = input.done_minutes()? {
            logged::set_task_done(tx, id, input.client_id, done, today)?;
        }
        get(tx, id, today)
    })
}

pub fn set_status(
    store: &mut impl Writer,
    id: TaskId,
    status: TaskStatus,
    today: NaiveDate,
) -> Result<Task, CapacityError> {
    store.write(|tx| {
        if tx.execute(
            "UPDATE tasks SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status.as_str(), now_utc()],
        )? == 0
        {
            return Err(CapacityError::NotFound("task", id.0));
        }
        get(tx, id, today)
    })
}

pub fn delete(store: &mut impl Writer, id: TaskId) -> Result<(), CapacityError> {
    store.write(|tx| {
        if tx.execute("DELETE FROM tasks WHERE id = ?1", [id])? == 0 {
            return Err(CapacityError::NotFound("task", id.0));
        }
        Ok(())
    })
}

/// Tasks, open ones first by due day, then done ones; `client` narrows to one client.
pub fn list(
    conn: &Connection,
    client: Option<ClientId>,
    include_done: bool,
    today: NaiveDate,
) -> Result<Vec<Task>, CapacityError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{} WHERE (?1 IS NULL OR t.client_id = ?1) AND (?2 OR t.status <> 'done')
         ORDER BY t.status = 'done', t.due_day IS NULL, t.due_day, t.id",
        select()
    ))?;
    let rows = stmt.query_map(params![client, include_done], |r| row(r, today))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn quadrant(urgent: bool, important: bool) -> Quadrant {
    match (urgent, important) {
        (true, true) => Quadrant::DoFirst,
        (true, false) => Quadrant::Delegate,
        (false, true) => Quadrant::Schedule,
        (false, false) => Quadrant::Later,
    }
}

/// Open tasks in the four quadrants of the urgent/important matrix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct Matrix {
    /// Do first.
    pub urgent_important: Vec<Task>,
    /// Schedule.
    pub important: Vec<Task>,
    /// Delegate.
    pub urgent: Vec<Task>,
    /// Drop or do later.
    pub neither: Vec<Task>,
}

pub fn matrix(conn: &Connection, today: NaiveDate) -> Result<Matrix, CapacityError> {
    let mut m = Matrix::default();
    for t in list(conn, None, false, today)? {
        match t.quadrant {
            Quadrant::DoFirst => m.urgent_important.push(t),
            Quadrant::Delegate => m.urgent.push(t),
            Quadrant::Schedule => m.important.push(t),
            Quadrant::Later => m.neither.push(t),
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests;
