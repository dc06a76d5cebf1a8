//! Tasks per client: what is to be done, how long it takes, by when, and who does it.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{fields, CapacityError};
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
    done: u32,
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
            (":done_minutes", &self.v.done),
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
    fn validate(&self, conn: &Connection) -> Result<Valid, CapacityError> {
        if let Some(id) = self.client_id {
            clients::get(conn, id)?;
        }
        let done = if self.done_hours.trim().is_empty() {
            0
        } else {
            fields::minutes("done_hours", &self.done_hours)?
        };
        let v = Valid {
            title: fields::title(&self.title)?,
            notes: fields::text("notes", &self.notes, 5000)?,
            estimate: fields::minutes("estimate_hours", &self.estimate_hours)?,
            done,
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

const SELECT: &str = "
    SELECT t.id, t.client_id, c.name, c.colour, coalesce(t.priority, c.priority), t.title, t.notes, t.estimate_minutes,
           t.done_minutes, t.earliest_start, t.due_day, t.important, t.urgent, t.status,
           t.delegated_to, t.follow_up_day
    FROM tasks t LEFT JOIN clients c ON c.id = t.client_id";

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
    conn.query_row(&format!("{SELECT} WHERE t.id = ?1"), [id], |r| {
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
        "{SELECT} WHERE (?1 IS NULL OR t.client_id = ?1) AND (?2 OR t.status <> 'done')
         ORDER BY t.status = 'done', t.due_day IS NULL, t.due_day, t.id"
    ))?;
    let rows = stmt.query_map(params![client, include_done], |r| row(r, today))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

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
    let working = super::working::profile(conn, today, today)?
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
mod tests {
    use super::*;
    use crate::clients::ClientInput;
    use crate::Store;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn client(store: &mut Store, name: &str, priority: Priority) -> ClientId {
        clients::add(
            store,
            &ClientInput {
                name: name.into(),
                priority,
                ..Default::default()
            },
        )
        .unwrap()
        .id
    }

    fn task(client_id: Option<ClientId>, title: &str, urgent: bool, important: bool) -> TaskInput {
        TaskInput {
            client_id,
            title: title.into(),
            estimate_hours: "2".into(),
            urgent,
            important,
            ..Default::default()
        }
    }

    fn due(title: &str, hours: &str, due: &str) -> TaskInput {
        TaskInput::due(title, hours, due)
    }

    fn tasks_done(s: &mut Store, title: &str) {
        let today = day("2027-01-04");
        let t = list(s.conn(), None, false, today)
            .unwrap()
            .into_iter()
            .find(|t| t.title == title)
            .unwrap();
        complete(s, t.id, today).unwrap();
    }

    fn titles(tasks: &[Task]) -> Vec<&str> {
        tasks.iter().map(|t| t.title.as_str()).collect()
    }

    /// Issue 19: "Tasks today" was every open task (77 h) with the overdue one last.
    #[test]
    fn today_is_sized_to_the_working_day_overdue_first_then_due_soonest() {
        let mut s = Store::open_in_memory().unwrap();
        let big = client(&mut s, "Big", Priority::High);
        let earlier = day("2026-12-01");
        add(
            &mut s,
            &TaskInput {
                client_id: Some(big),
                ..due("Later", "4", "2027-01-20")
            },
            earlier,
        )
        .unwrap();
        add(&mut s, &task(None, "Whenever", true, true), earlier).unwrap();
        add(&mut s, &due("Next", "3", "2027-01-06"), earlier).unwrap();
        add(&mut s, &due("Soon", "3", "2027-01-05"), earlier).unwrap();
        add(&mut s, &due("Late", "2", "2027-01-01"), earlier).unwrap();
        // Monday, eight working hours: 2 + 3 + 3 fill it.
        let monday = today_sized(s.conn(), day("2027-01-04")).unwrap();
        assert_eq!(titles(&monday.tasks), ["Late", "Soon", "Next"]);
        assert_eq!(titles(&monday.more), ["Later", "Whenever"]);
        assert_eq!((monday.working_minutes, monday.planned_minutes), (480, 480));
        // The old order (client priority first) would have put the overdue one last.
        assert_eq!(
            titles(&today_list(s.conn(), day("2027-01-04")).unwrap())[0],
            "Later"
        );
        // On Saturday the 9th nothing is planned but what is already late.
        let saturday = today_sized(s.conn(), day("2027-01-09")).unwrap();
        assert_eq!(saturday.working_minutes, 0);
        assert_eq!(titles(&saturday.tasks), ["Late", "Soon", "Next"]);
        assert_eq!(titles(&saturday.more), ["Later", "Whenever"]);
        // With nothing late, the most pressing task still shows on a day off.
        tasks_done(&mut s, "Late");
        let sunday = today_sized(s.conn(), day("2027-01-03")).unwrap();
        assert_eq!(sunday.working_minutes, 0);
        assert_eq!(titles(&sunday.tasks), ["Soon"]);
        assert_eq!(titles(&sunday.more), ["Next", "Later", "Whenever"]);
    }

    #[test]
    fn a_long_task_still_shows_when_it_is_the_first_of_the_day() {
        let mut s = Store::open_in_memory().unwrap();
        let today = day("2027-01-04");
        add(&mut s, &due("Huge", "30", "2027-01-08"), today).unwrap();
        add(&mut s, &due("Small", "1", "2027-01-09"), today).unwrap();
        let sized = today_sized(s.conn(), today).unwrap();
        assert_eq!(titles(&sized.tasks), ["Huge"]);
        assert_eq!(titles(&sized.more), ["Small"]);
    }

    #[test]
    fn ticking_done_can_be_taken_back_to_the_status_it_had() {
        let mut s = Store::open_in_memory().unwrap();
        let today = day("2027-01-04");
        let t = add(
            &mut s,
            &TaskInput {
                status: TaskStatus::InProgress,
                ..task(None, "Draft", false, false)
            },
            today,
        )
        .unwrap();
        let done = complete(&mut s, t.id, today).unwrap();
        assert_eq!(
            (done.task.status, done.previous),
            (TaskStatus::Done, TaskStatus::InProgress)
        );
        assert!(today_sized(s.conn(), today).unwrap().tasks.is_empty());
        let back = undo_complete(&mut s, t.id, done.previous, today).unwrap();
        assert_eq!(back.status, TaskStatus::InProgress);
        assert_eq!(
            titles(&today_sized(s.conn(), today).unwrap().tasks),
            ["Draft"]
        );
        // Once reopened, a second undo has nothing to take back and changes nothing.
        assert!(matches!(
            undo_complete(&mut s, t.id, TaskStatus::Open, today),
            Err(CapacityError::NotDone)
        ));
        assert_eq!(
            get(s.conn(), t.id, today).unwrap().status,
            TaskStatus::InProgress
        );
        assert!(matches!(
            complete(&mut s, TaskId(99), today),
            Err(CapacityError::NotFound("task", 99))
        ));
    }

    /// Typed days serialise as the text they always were (the CLI's --json, the UI).
    #[test]
    fn a_task_booking_and_day_off_serialise_their_days_as_iso_text() {
        let mut s = Store::open_in_memory().unwrap();
        let today = day("2027-01-04");
        let t = add(
            &mut s,
            &TaskInput {
                earliest_start: "2027-01-05".into(),
                delegated_to: "Sam".into(),
                follow_up: "2027-01-07".into(),
                ..TaskInput::due("Report", "2", "2027-01-08")
            },
            today,
        )
        .unwrap();
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(
            (&json["earliest_start"], &json["due"], &json["follow_up"]),
            (
                &serde_json::json!("2027-01-05"),
                &serde_json::json!("2027-01-08"),
                &serde_json::json!("2027-01-07")
            )
        );
        let open = add(&mut s, &TaskInput::due("Open", "1", ""), today).unwrap();
        let json = serde_json::to_value(&open).unwrap();
        assert!(json["due"].is_null() && json["earliest_start"].is_null());

        let request = crate::capacity::Request {
            title: "Audit".into(),
            hours: "3".into(),
            start: "2027-01-05".into(),
            deadline: "2027-01-20".into(),
            ..Default::default()
        };
        let b = crate::capacity::decide(
            &mut s,
            &request,
            crate::capacity::Decision::Tentative,
            today,
        )
        .unwrap();
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(
            (&json["earliest_start"], &json["deadline"]),
            (
                &serde_json::json!("2027-01-05"),
                &serde_json::json!("2027-01-20")
            )
        );
        let off = crate::capacity::add_day_off(
            &mut s,
            &crate::capacity::DayOffInput {
                first_day: "2027-02-01".into(),
                last_day: "".into(),
                label: "Off".into(),
            },
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&off).unwrap(),
            format!(
                r#"{{"id":{},"first_day":"2027-02-01","last_day":"2027-02-01","label":"Off"}}"#,
                off.id
            )
        );
    }

    #[test]
    fn today_puts_the_highest_profile_client_first_then_urgency() {
        let mut s = Store::open_in_memory().unwrap();
        let big = client(&mut s, "Big", Priority::High);
        let small = client(&mut s, "Small", Priority::Low);
        let today = day("2027-01-04");
        add(&mut s, &task(Some(small), "Small fire", true, true), today).unwrap();
        add(&mut s, &task(Some(big), "Big chore", false, false), today).unwrap();
        add(&mut s, &task(Some(big), "Big urgent", true, false), today).unwrap();
        add(
            &mut s,
            &TaskInput {
                earliest_start: "2027-01-05".into(),
                ..task(Some(big), "Not yet", true, true)
            },
            today,
        )
        .unwrap();
        add(
            &mut s,
            &TaskInput {
                delegated_to: "Sam".into(),
                follow_up: "2027-01-04".into(),
                ..task(Some(small), "Chase Sam", false, false)
            },
            today,
        )
        .unwrap();
        add(
            &mut s,
            &TaskInput {
                delegated_to: "Sam".into(),
                follow_up: "2027-01-09".into(),
                ..task(Some(small), "Sam has it", false, false)
            },
            today,
        )
        .unwrap();
        let titles: Vec<String> = today_list(s.conn(), today)
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect();
        assert_eq!(
            titles,
            ["Big urgent", "Big chore", "Small fire", "Chase Sam"]
        );
    }

    #[test]
    fn the_matrix_sorts_open_tasks_into_quadrants_and_leaves_done_ones_out() {
        let mut s = Store::open_in_memory().unwrap();
        let today = day("2027-01-04");
        add(&mut s, &task(None, "A", true, true), today).unwrap();
        add(&mut s, &task(None, "B", false, true), today).unwrap();
        add(&mut s, &task(None, "C", true, false), today).unwrap();
        let d = add(&mut s, &task(None, "D", false, false), today).unwrap();
        add(
            &mut s,
            &TaskInput {
                status: TaskStatus::Done,
                ..task(None, "E", true, true)
            },
            today,
        )
        .unwrap();
        let m = matrix(s.conn(), today).unwrap();
        let t = |v: &[Task]| v.iter().map(|t| t.title.clone()).collect::<Vec<_>>();
        assert_eq!(
            (
                t(&m.urgent_important),
                t(&m.important),
                t(&m.urgent),
                t(&m.neither)
            ),
            (
                vec!["A".to_string()],
                vec!["B".into()],
                vec!["C".into()],
                vec!["D".into()]
            )
        );
        set_status(&mut s, d.id, TaskStatus::Done, today).unwrap();
        assert!(matrix(s.conn(), today).unwrap().neither.is_empty());
    }

    #[test]
    fn remaining_hours_overdue_and_bad_input() {
        let mut s = Store::open_in_memory().unwrap();
        let today = day("2027-01-04");
        let t = add(
            &mut s,
            &TaskInput {
                done_hours: "1.5".into(),
                due: "2027-01-03".into(),
                ..task(None, "Late", false, false)
            },
            today,
        )
        .unwrap();
        assert_eq!((t.remaining_minutes, t.overdue), (30, true));
        let bad = TaskInput {
            earliest_start: "2027-01-10".into(),
            due: "2027-01-05".into(),
            ..task(None, "X", false, false)
        };
        assert!(matches!(
            add(&mut s, &bad, today),
            Err(CapacityError::DueBeforeStart)
        ));
        assert!(matches!(
            add(&mut s, &task(None, "  ", false, false), today),
            Err(CapacityError::EmptyTitle)
        ));
        assert_eq!(list(s.conn(), None, true, today).unwrap().len(), 1);
    }
}
