//! Tasks as VTODO (RFC 5545 §3.6.2), for a task list synced with a client's tasks (or the
//! tasks of no client): title, notes, the day it may start and the day it is due, done,
//! priority, and Juggle's own estimate and urgency in X- properties. Read with the same
//! iCalendar parser as the importer; written in the same form as the events.

use std::collections::HashMap;

use chrono::NaiveDate;
use icalendar::parser::{read_calendar, unfold};
use icalendar::{
    Calendar, CalendarDateTime, Component, DatePerhapsTime, EventLike, Todo, TodoStatus,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::capacity::tasks::{self, TaskInput, TaskStatus};
use crate::capacity::TaskId;
use crate::clients::ClientId;
use crate::sync::SyncError;

const ESTIMATE: &str = "X-JUGGLE-ESTIMATE-MINUTES";
const URGENT: &str = "X-JUGGLE-URGENT";

/// The UID a task is known by on the server (SQL over `tasks t`).
pub const UID: &str = "coalesce(t.uid, 'task-' || t.id || '@juggle')";

/// Every task of the list's client (or of no client) as its VTODO text, by UID. A done
/// task that never reached the server stays here: a list is for what is to do.
pub fn renders(
    conn: &Connection,
    client: Option<ClientId>,
    synced: &dyn Fn(&str) -> bool,
) -> Result<HashMap<String, String>, SyncError> {
    let mut out = HashMap::new();
    for (uid, todo) in todos(conn, client, None)? {
        let done = todo.get_status() == Some(TodoStatus::Completed);
        if done && !synced(&uid) {
            continue;
        }
        out.insert(uid, text(todo));
    }
    Ok(out)
}

/// One task's VTODO text, or `None` when the list has no task with that UID.
pub fn render(
    conn: &Connection,
    client: Option<ClientId>,
    uid: &str,
) -> Result<Option<String>, SyncError> {
    Ok(todos(conn, client, Some(uid))?
        .into_iter()
        .next()
        .map(|(_, t)| text(t)))
}

fn text(todo: Todo) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property((
        "PRODID",
        concat!("-//Juggle//Juggle ", env!("CARGO_PKG_VERSION"), "//EN"),
    ));
    cal.push(todo);
    cal.done().to_string()
}

fn todos(
    conn: &Connection,
    client: Option<ClientId>,
    uid: Option<&str>,
) -> Result<Vec<(String, Todo)>, SyncError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {UID}, t.title, t.notes, t.estimate_minutes, t.earliest_start, t.due_day,
                t.important, t.urgent, t.status, t.updated_at
         FROM tasks t
         WHERE t.client_id IS ?1 AND (?2 IS NULL OR {UID} = ?2)
         ORDER BY t.id"
    ))?;
    let rows = stmt.query_map(params![client, uid], |r| {
        let uid: String = r.get(0)?;
        let mut todo = Todo::new();
        todo.uid(&uid).summary(&r.get::<_, String>(1)?);
        let notes: String = r.get(2)?;
        if !notes.is_empty() {
            todo.description(&notes);
        }
        if let Some(start) = r.get::<_, Option<NaiveDate>>(4)? {
            todo.starts(start);
        }
        if let Some(due) = r.get::<_, Option<NaiveDate>>(5)? {
            todo.due(due);
        }
        // RFC 5545: 1 is the highest, 0 undefined; Apple and Thunderbird show 1–4 as high.
        todo.priority(if r.get::<_, bool>(6)? { 1 } else { 0 });
        let status = TaskStatus::parse(&r.get::<_, String>(8)?).unwrap_or_default();
        todo.status(match status {
            TaskStatus::Done => TodoStatus::Completed,
            TaskStatus::InProgress => TodoStatus::InProcess,
            TaskStatus::Open | TaskStatus::Waiting => TodoStatus::NeedsAction,
        });
        todo.add_property(ESTIMATE, r.get::<_, u32>(3)?.to_string());
        if r.get::<_, bool>(7)? {
            todo.add_property(URGENT, "TRUE");
        }
        if let Ok(stamp) = r
            .get::<_, String>(9)?
            .parse::<chrono::DateTime<chrono::Utc>>()
        {
            todo.timestamp(stamp);
        }
        Ok((uid, todo.done()))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The title of the list's task of `uid`, if the list has it.
pub fn title(
    conn: &Connection,
    client: Option<ClientId>,
    uid: &str,
) -> Result<Option<String>, SyncError> {
    Ok(conn
        .query_row(
            &format!("SELECT t.title FROM tasks t WHERE t.client_id IS ?1 AND {UID} = ?2"),
            params![client, uid],
            |r| r.get(0),
        )
        .optional()?)
}

/// The task a list's object names, if the list has it.
fn find(
    conn: &Connection,
    client: Option<ClientId>,
    uid: &str,
) -> Result<Option<TaskId>, SyncError> {
    Ok(conn
        .query_row(
            &format!("SELECT t.id FROM tasks t WHERE t.client_id IS ?1 AND {UID} = ?2"),
            params![client, uid],
            |r| r.get(0),
        )
        .optional()?)
}

/// A VTODO object from the server into the list's tasks: a new task, or the task of that
/// UID updated. What the VTODO does not carry (time logged, who it is delegated to) stays.
pub fn import(
    tx: &mut rusqlite::Transaction,
    client: Option<ClientId>,
    text: &str,
    today: NaiveDate,
) -> Result<String, SyncError> {
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded)
        .map_err(|e| SyncError::BadAnswer(format!("a task that is not iCalendar ({e})")))?;
    let cal: Calendar = cal.into();
    let todo = cal
        .components
        .iter()
        .find_map(|c| c.as_todo())
        .ok_or_else(|| SyncError::BadAnswer("an object of the task list holds no task".into()))?;
    let uid = todo
        .get_uid()
        .ok_or_else(|| SyncError::BadAnswer("a task has no UID".into()))?
        .to_owned();
    // A due time is a due day on its own wall clock (Juggle's tasks are due by the day).
    let day = |d: Option<DatePerhapsTime>| match d {
        Some(DatePerhapsTime::Date(d)) => d.to_string(),
        Some(DatePerhapsTime::DateTime(t)) => match t {
            CalendarDateTime::Floating(n) => n.date().to_string(),
            CalendarDateTime::Utc(t) => t.date_naive().to_string(),
            CalendarDateTime::WithTimezone { date_time, .. } => date_time.date().to_string(),
        },
        None => String::new(),
    };
    let existing = find(tx, client, &uid)?;
    let current = existing.map(|id| tasks::get(tx, id, today)).transpose()?;
    let estimate = todo
        .property_value(ESTIMATE)
        .and_then(|m| m.trim().parse::<u32>().ok())
        .or(current.as_ref().map(|t| t.estimate_minutes))
        .unwrap_or(0);
    let status = match todo.get_status() {
        Some(TodoStatus::Completed) => TaskStatus::Done,
        Some(TodoStatus::InProcess) => TaskStatus::InProgress,
        _ => match current.as_ref().map(|t| t.status) {
            // The server says "to do": a task waiting on someone here stays waiting.
            Some(TaskStatus::Waiting) => TaskStatus::Waiting,
            _ => TaskStatus::Open,
        },
    };
    let mut due = day(todo.get_due());
    let earliest = day(todo.get_start());
    if !earliest.is_empty() && !due.is_empty() && due < earliest {
        due = earliest.clone();
    }
    let input = TaskInput {
        client_id: client,
        title: todo
            .get_summary()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("Task")
            .chars()
            .take(300)
            .collect(),
        notes: todo.get_description().unwrap_or_default().to_owned(),
        estimate_hours: format!("{}", f64::from(estimate) / 60.0),
        done_hours: String::new(),
        earliest_start: earliest,
        due,
        important: todo.get_priority().is_some_and(|p| (1..=4).contains(&p)),
        urgent: todo
            .property_value(URGENT)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("TRUE")),
        status,
        delegated_to: current
            .as_ref()
            .map(|t| t.delegated_to.clone())
            .unwrap_or_default(),
        follow_up: current
            .as_ref()
            .and_then(|t| t.follow_up)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    };
    let id = match existing {
        Some(id) => tasks::update(tx, id, &input, today)?.id,
        None => tasks::add(tx, &input, today)?.id,
    };
    tx.execute("UPDATE tasks SET uid = ?2 WHERE id = ?1", params![id, uid])?;
    Ok(uid)
}

/// Deletes the list's task of `uid` (deleted on the server); how many went.
pub fn remove(
    tx: &mut rusqlite::Transaction,
    client: Option<ClientId>,
    uid: &str,
) -> Result<u32, SyncError> {
    match find(tx, client, uid)? {
        Some(id) => {
            tasks::delete(tx, id)?;
            Ok(1)
        }
        None => Ok(0),
    }
}

/// Keeps Juggle's version of a task both sides changed as a new task beside the server's;
/// returns the copy's UID (the original's when the task is gone).
pub fn keep_copy(
    tx: &mut rusqlite::Transaction,
    client: Option<ClientId>,
    uid: &str,
    today: NaiveDate,
    mark: &str,
) -> Result<String, SyncError> {
    let Some(id) = find(tx, client, uid)? else {
        return Ok(uid.to_owned());
    };
    let t = tasks::get(tx, id, today)?;
    let input = TaskInput {
        client_id: client,
        title: format!("{}{mark}", t.title).chars().take(300).collect(),
        notes: t.notes,
        estimate_hours: format!("{}", f64::from(t.estimate_minutes) / 60.0),
        done_hours: String::new(),
        earliest_start: t.earliest_start.map(|d| d.to_string()).unwrap_or_default(),
        due: t.due.map(|d| d.to_string()).unwrap_or_default(),
        important: t.important,
        urgent: t.urgent,
        status: t.status,
        delegated_to: t.delegated_to,
        follow_up: t.follow_up.map(|d| d.to_string()).unwrap_or_default(),
    };
    let copy = tasks::add(tx, &input, today)?.id;
    Ok(format!("task-{}@juggle", copy.0))
}
