//! Time blocks that are a task's own work (issue 18). A block on the calendar may name its
//! task; the capacity check then counts the block's minutes in working time as that task's
//! planned work — taken from the task's remaining hours, day by day in order — instead of
//! as busy time the task must also fit around. Minutes of a block beyond what the task still
//! needs are free again; a block after the task's due day does not help it be on time and
//! stays ordinary busy time.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};

use super::commitments::{Commitment, CommitmentKind};
use super::tasks::TaskId;
use super::CapacityError;
use crate::calendar::{self, Event, EventId, EventInput, Scope};
use crate::store::Writer;

/// Adds a time block on the calendar for `task`: one action, one transaction.
pub fn add(
    store: &mut impl Writer,
    task: TaskId,
    input: &EventInput,
) -> Result<Event, CapacityError> {
    save(store, None, input, Some(task), false)
}

/// Adds (`event` None) or updates an event with what the capacity check reads from it, in
/// one transaction: the event form's save. `task`: the task it is a time block of; `away`:
/// an all-day event (out of office, a vacation) that counts as days off. `event` is the
/// event opened, its occurrence and the scope of the change, as `calendar::update_event`
/// takes them; the links go on the event the update returns (changing one occurrence of a
/// series makes its own event).
pub fn save(
    store: &mut impl Writer,
    event: Option<(EventId, i64, Scope)>,
    input: &EventInput,
    task: Option<TaskId>,
    away: bool,
) -> Result<Event, CapacityError> {
    if away && (!input.all_day || input.recurrence.is_some()) {
        return Err(CapacityError::AwayNotAllDay);
    }
    store.write(|tx| {
        let saved = match event {
            Some((id, occurrence, scope)) => {
                calendar::update_event(tx, id, occurrence, scope, input)?
            }
            None => calendar::add_event(tx, input)?,
        };
        set_link(tx, saved.id, task)?;
        tx.execute("DELETE FROM away_events WHERE event_id = ?1", [saved.id])?;
        if away {
            tx.execute("INSERT INTO away_events (event_id) VALUES (?1)", [saved.id])?;
        }
        Ok(saved)
    })
}

/// What the capacity check reads from an event: the task it is a block of, and whether it
/// counts as days off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct EventLinks {
    pub task: Option<TaskId>,
    pub away: bool,
}

pub fn links_of(conn: &Connection, event: EventId) -> Result<EventLinks, CapacityError> {
    let away: Option<i64> = conn
        .query_row(
            "SELECT event_id FROM away_events WHERE event_id = ?1",
            [event],
            |r| r.get(0),
        )
        .optional()?;
    Ok(EventLinks {
        task: task_of(conn, event)?,
        away: away.is_some(),
    })
}

/// Links an event to a task's work, or unlinks it (`None`).
pub fn link(
    store: &mut impl Writer,
    event: EventId,
    task: Option<TaskId>,
) -> Result<(), CapacityError> {
    store.write(|tx| {
        let found: Option<i64> = tx
            .query_row("SELECT id FROM events WHERE id = ?1", [event], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            return Err(CapacityError::NotFound("event", event.0));
        }
        set_link(tx, event, task)
    })
}

fn set_link(conn: &Connection, event: EventId, task: Option<TaskId>) -> Result<(), CapacityError> {
    conn.execute("DELETE FROM task_blocks WHERE event_id = ?1", [event])?;
    if let Some(task) = task {
        exists(conn, task)?;
        conn.execute(
            "INSERT INTO task_blocks (event_id, task_id) VALUES (?1, ?2)",
            params![event, task],
        )?;
    }
    Ok(())
}

/// The task an event is a block of, if any.
pub fn task_of(conn: &Connection, event: EventId) -> Result<Option<TaskId>, CapacityError> {
    Ok(conn
        .query_row(
            "SELECT task_id FROM task_blocks WHERE event_id = ?1",
            [event],
            |r| r.get(0),
        )
        .optional()?)
}

fn exists(conn: &Connection, task: TaskId) -> Result<(), CapacityError> {
    let found: Option<i64> = conn
        .query_row("SELECT id FROM tasks WHERE id = ?1", [task], |r| r.get(0))
        .optional()?;
    found
        .map(|_| ())
        .ok_or(CapacityError::NotFound("task", task.0))
}

/// Every linked block: event → task.
pub fn links(conn: &Connection) -> Result<HashMap<i64, i64>, CapacityError> {
    let mut stmt = conn.prepare_cached("SELECT event_id, task_id FROM task_blocks")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The linked events, for the calendar to keep apart from busy time.
pub fn linked_events(links: &HashMap<i64, i64>) -> HashSet<i64> {
    links.keys().copied().collect()
}

/// What linked blocks did to the plan, per day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Planned {
    /// Minutes of each day spent on tasks in their blocks.
    pub planned: Vec<u64>,
    /// Minutes of each day still taken (blocks that are busy time after all: after the
    /// task's due day, beyond what it needs is *not* here — that is free).
    pub busy: Vec<u64>,
}

/// Takes the blocks' minutes (`apart`: event, day, minutes in working time) off their tasks'
/// remaining minutes, in day order up to each task's due day (`deadline_index`). Returns
/// what the days lose: planned work, and the blocks that stay busy time.
pub fn allocate(
    commitments: &mut [Commitment],
    apart: &[(i64, usize, u64)],
    links: &HashMap<i64, i64>,
    days: usize,
    deadline_index: impl Fn(&Commitment) -> usize,
) -> Planned {
    let mut out = Planned {
        planned: vec![0; days],
        busy: vec![0; days],
    };
    let mut by_task: HashMap<i64, usize> = HashMap::new();
    for (i, c) in commitments.iter().enumerate() {
        if c.kind == CommitmentKind::Task {
            by_task.insert(c.id, i);
        }
    }
    let mut spans: Vec<(usize, i64, u64)> = apart
        .iter()
        .filter_map(|&(event, day, minutes)| links.get(&event).map(|&task| (day, task, minutes)))
        .collect();
    spans.sort_unstable();
    for (day, task, minutes) in spans {
        let Some(&i) = by_task.get(&task) else {
            // A block of a task done or without a due day: plain busy time.
            out.busy[day] += minutes;
            continue;
        };
        let c = &mut commitments[i];
        if day > deadline_index(c) {
            out.busy[day] += minutes;
            continue;
        }
        let used = minutes.min(c.minutes);
        c.minutes -= used;
        out.planned[day] += used;
    }
    out
}

#[cfg(test)]
mod tests {
    //! The week of Monday 2027-01-04, eight hours Monday to Friday; "today" is Sunday
    //! 2027-01-03; times in UTC.
    use super::*;
    use crate::capacity::{check, tasks, Request, TaskInput, Verdict};
    use crate::store::Store;
    use chrono_tz::Tz;

    fn book() -> (Store, TaskId) {
        let mut s = Store::open_in_memory().unwrap();
        let report = tasks::add(
            &mut s,
            &TaskInput::due("Report", "6", "2027-01-06"),
            "2027-01-03".parse().unwrap(),
        )
        .unwrap();
        (s, report.id)
    }

    fn block(s: &mut Store, task: Option<TaskId>, start: &str, end: &str) {
        let input = EventInput::meeting("Work on the report", start, end);
        match task {
            Some(t) => {
                add(s, t, &input).unwrap();
            }
            None => {
                calendar::add_event(s, &input).unwrap();
            }
        }
    }

    fn ask(s: &Store, hours: &str) -> super::super::CapacityCheck {
        let request = Request {
            hours: hours.into(),
            deadline: "2027-01-08".into(),
            ..Default::default()
        };
        check(s.conn(), &request, "2027-01-03".parse().unwrap(), Tz::UTC).unwrap()
    }

    #[test]
    fn a_block_linked_to_its_task_is_not_counted_twice() {
        // 40 h in the week; the report needs 6. Unlinked, its 4 h block is busy time too:
        // 36 h left for 6 + 34. Linked, the block is 4 of the report's 6 hours: 36 h left
        // for 2 + 34.
        let (mut s, report) = book();
        block(&mut s, None, "2027-01-04T09:00", "2027-01-04T13:00");
        assert_eq!(ask(&s, "34").verdict, Verdict::DoesNotFit);

        let (mut s, report2) = book();
        assert_eq!(report, report2);
        block(&mut s, Some(report), "2027-01-04T09:00", "2027-01-04T13:00");
        let c = ask(&s, "34");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(
            (c.weeks[0].planned_minutes, c.weeks[0].meetings_minutes),
            (240, 0)
        );
        assert_eq!(
            ask(&s, "35").verdict,
            Verdict::DoesNotFit,
            "exact, not generous"
        );
    }

    #[test]
    fn a_block_longer_than_the_work_left_frees_the_rest_and_one_after_the_due_day_is_busy() {
        let (mut s, report) = book();
        // Monday 8 h for a 6 h task: 2 h free again. 40 - 6 = 34 h for the request.
        block(&mut s, Some(report), "2027-01-04T09:00", "2027-01-04T17:00");
        assert_eq!(ask(&s, "34").verdict, Verdict::Fits);
        assert_eq!(ask(&s, "35").verdict, Verdict::DoesNotFit);
        // Thursday, after the report's Wednesday due day: busy time, 4 h gone.
        block(&mut s, Some(report), "2027-01-07T09:00", "2027-01-07T13:00");
        assert_eq!(ask(&s, "30").verdict, Verdict::Fits);
        assert_eq!(ask(&s, "31").verdict, Verdict::DoesNotFit);
        let c = ask(&s, "30");
        assert_eq!(
            (c.weeks[0].planned_minutes, c.weeks[0].meetings_minutes),
            (360, 240)
        );
    }

    #[test]
    fn an_all_day_event_marked_away_is_a_day_off_in_the_check() {
        // Eight hours Monday to Friday: 40 h, less the report's 6 = 34 for the request.
        let (mut s, _) = book();
        assert_eq!(ask(&s, "34").verdict, Verdict::Fits);
        let mut offsite = EventInput::all_day("Out of office", "2027-01-07", "2027-01-08");
        let e = save(&mut s, None, &offsite, None, true).unwrap();
        assert!(links_of(s.conn(), e.id).unwrap().away);
        // Thursday and Friday off: 24 h, 18 for the request.
        assert_eq!(ask(&s, "18").verdict, Verdict::Fits);
        assert_eq!(ask(&s, "18.5").verdict, Verdict::DoesNotFit);
        // Unmarked, it is only an entry on the calendar again.
        save(&mut s, Some((e.id, 0, Scope::All)), &offsite, None, false).unwrap();
        assert_eq!(ask(&s, "34").verdict, Verdict::Fits);
        offsite.all_day = false;
        offsite.start = "2027-01-07T09:00".into();
        offsite.end = "2027-01-07T12:00".into();
        assert!(matches!(
            save(&mut s, None, &offsite, None, true),
            Err(CapacityError::AwayNotAllDay)
        ));
    }

    #[test]
    fn links_follow_the_event_and_the_task() {
        let (mut s, report) = book();
        let e = calendar::add_event(
            &mut s,
            &EventInput::meeting("Focus", "2027-01-05T09:00", "2027-01-05T11:00"),
        )
        .unwrap();
        link(&mut s, e.id, Some(report)).unwrap();
        assert_eq!(task_of(s.conn(), e.id).unwrap(), Some(report));
        assert!(matches!(
            link(&mut s, e.id, Some(TaskId(999))),
            Err(CapacityError::NotFound("task", 999))
        ));
        assert_eq!(
            task_of(s.conn(), e.id).unwrap(),
            Some(report),
            "refused: unchanged"
        );
        link(&mut s, e.id, None).unwrap();
        assert_eq!(task_of(s.conn(), e.id).unwrap(), None);
        link(&mut s, e.id, Some(report)).unwrap();
        tasks::delete(&mut s, report).unwrap();
        assert_eq!(
            task_of(s.conn(), e.id).unwrap(),
            None,
            "the task went, the link too"
        );
    }

    #[test]
    fn a_deleted_block_comes_back_with_undo_still_its_tasks_work() {
        let (mut s, report) = book();
        let e = add(
            &mut s,
            report,
            &EventInput::meeting("Work on the report", "2027-01-04T09:00", "2027-01-04T13:00"),
        )
        .unwrap();
        let removed = calendar::delete_event(&mut s, e.id, 0, calendar::Scope::All).unwrap();
        assert_eq!(task_of(s.conn(), e.id).unwrap(), None);
        calendar::undo(&mut s, &removed.undo).unwrap();
        assert_eq!(task_of(s.conn(), e.id).unwrap(), Some(report));
        // Linked again: not busy time on top of the report (as in the test above).
        assert_eq!(ask(&s, "34").verdict, Verdict::Fits);
    }
}
