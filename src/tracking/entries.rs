//! Entries typed by hand, their edits and deletes, and what a target resolves to.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{read, row, Target, TimeEntry, TimeEntryId, TrackingError, SELECT};
use crate::capacity::logged::{self, NewEntry};
use crate::capacity::TaskId;
use crate::clients::ClientId;
use crate::contracts::ContractId;
use crate::fields;
use crate::store::trash::Removal;
use crate::store::Writer;

/// An entry as the form or the command line gives it: text the core parses.
#[derive(Debug, Clone, Default, Deserialize, Serialize, Type)]
pub struct EntryInput {
    pub target: Option<Target>,
    /// `YYYY-MM-DD`, the day the time counts for.
    pub day: String,
    /// "1.5", "1:30"; or leave blank and give `from` and `to`.
    #[serde(default)]
    pub hours: String,
    /// "09:00": local times on `day` (an end before the start is the next morning).
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub note: String,
    #[serde(default = "billable")]
    pub billable: bool,
}

fn billable() -> bool {
    true
}

/// An entry checked: what it is for, when, how long.
struct Valid {
    client: Option<ClientId>,
    contract: Option<ContractId>,
    task: Option<TaskId>,
    day: NaiveDate,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    minutes: u32,
    note: String,
}

/// The client, contract and task an entry is logged with.
pub(crate) type Resolved = (Option<ClientId>, Option<ContractId>, Option<TaskId>);

/// The client, contract and task time on `target` is logged with. Time on a task or a
/// client goes on the client's contract when it has exactly one hourly contract under way
/// (signed, or started): that is the work it is billed by. Otherwise it has none, and
/// is billed by no invoice made from time.
pub(crate) fn resolve(conn: &Connection, target: Target) -> Result<Resolved, TrackingError> {
    match target {
        Target::Contract(id) => {
            let client: ClientId = conn
                .query_row("SELECT client_id FROM contracts WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or(TrackingError::NotFound("contract", id.0))?;
            Ok((Some(client), Some(id), None))
        }
        Target::Task(id) => {
            let client: Option<ClientId> = conn
                .query_row("SELECT client_id FROM tasks WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or(TrackingError::NotFound("task", id.0))?;
            let contract = match client {
                Some(c) => hourly_contract(conn, c)?,
                None => None,
            };
            Ok((client, contract, Some(id)))
        }
        Target::Client(id) => {
            conn.query_row("SELECT id FROM clients WHERE id = ?1", [id], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
            .ok_or(TrackingError::NotFound("client", id.0))?;
            Ok((Some(id), hourly_contract(conn, id)?, None))
        }
    }
}

fn hourly_contract(
    conn: &Connection,
    client: ClientId,
) -> Result<Option<ContractId>, TrackingError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM contracts WHERE client_id = ?1 AND rate_model = 'hourly'
           AND state IN ('signed_by_client', 'signed_by_both', 'active') LIMIT 2",
    )?;
    let ids: Vec<ContractId> = stmt
        .query_map([client], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(match ids.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

fn time_of_day(field: &'static str, raw: &str) -> Result<NaiveTime, TrackingError> {
    let t = raw.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H.%M"))
        .map_err(|_| TrackingError::BadTime(field, t.to_owned()))
}

/// `day` at `time` where the user is; a time the clocks skip is read as just after.
fn local(day: NaiveDate, time: NaiveTime, zone: Tz) -> Option<DateTime<Utc>> {
    let naive = day.and_time(time);
    zone.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

impl EntryInput {
    fn validate(
        &self,
        conn: &Connection,
        except: Option<TimeEntryId>,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<Valid, TrackingError> {
        let target = self.target.ok_or(TrackingError::NoTarget)?;
        let (client, contract, task) = resolve(conn, target)?;
        let day = fields::day("day", &self.day)?;
        if day > now.with_timezone(&zone).date_naive() {
            return Err(TrackingError::InFuture);
        }
        let note = fields::text("note", &self.note, 2000)?;
        let (hours, from, to) = (self.hours.trim(), self.from.trim(), self.to.trim());
        let (start, end, minutes) = match (hours.is_empty(), from.is_empty(), to.is_empty()) {
            (false, true, true) => (None, None, fields::minutes("hours", hours)?),
            (false, _, _) => return Err(TrackingError::BothLengths),
            (true, true, true) => return Err(TrackingError::NoLength),
            (true, false, false) => {
                let (from, to) = (time_of_day("from", from)?, time_of_day("to", to)?);
                if from == to {
                    return Err(TrackingError::ZeroLength);
                }
                // An end before the start is the next morning (work past midnight).
                let end_day = if to < from {
                    day.succ_opt().unwrap_or(day)
                } else {
                    day
                };
                let bad = |f: &'static str, t: NaiveTime| {
                    TrackingError::BadTime(f, t.format("%H:%M").to_string())
                };
                let start = local(day, from, zone).ok_or_else(|| bad("from", from))?;
                let end = local(end_day, to, zone).ok_or_else(|| bad("to", to))?;
                if end > now {
                    return Err(TrackingError::InFuture);
                }
                let minutes = super::minutes_between(start, end);
                overlapping(conn, except, start, end)?;
                (Some(start), Some(end), minutes)
            }
            (true, _, _) => return Err(TrackingError::HalfRange),
        };
        if minutes == 0 {
            return Err(TrackingError::NoLength);
        }
        if minutes > 24 * 60 {
            return Err(TrackingError::OverADay);
        }
        Ok(Valid {
            client,
            contract,
            task,
            day,
            start,
            end,
            minutes,
            note,
        })
    }
}

/// Refuses a from–to that overlaps another entry with times (the running timer runs on).
fn overlapping(
    conn: &Connection,
    except: Option<TimeEntryId>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), TrackingError> {
    let other: Option<TimeEntryId> = conn
        .query_row(
            "SELECT id FROM time_entries
             WHERE start_utc IS NOT NULL AND id IS NOT :except
               AND start_utc < :end AND coalesce(end_utc, 9223372036854775807) > :start
             ORDER BY start_utc LIMIT 1",
            named_params! {
                ":except": except,
                ":start": start.timestamp(),
                ":end": end.timestamp(),
            },
            |r| r.get(0),
        )
        .optional()?;
    match other {
        Some(id) => {
            let what = read(conn, id, end)?
                .map(|e| e.what().to_owned())
                .unwrap_or_default();
            Err(TrackingError::Overlaps(what))
        }
        None => Ok(()),
    }
}

/// Logs time typed by hand.
pub fn add(
    store: &mut impl Writer,
    input: &EntryInput,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<TimeEntry, TrackingError> {
    store.write(|tx| {
        let v = input.validate(tx, None, now, zone)?;
        let id = logged::insert(
            tx,
            &NewEntry {
                client: v.client,
                contract: v.contract,
                task: v.task,
                day: Some(v.day),
                start: v.start,
                end: v.end,
                minutes: Some(v.minutes),
                note: &v.note,
                billable: input.billable,
                from_total: false,
            },
        )?;
        get(tx, TimeEntryId(id), now)
    })
}

/// An entry that may change: not the running timer, not on an invoice.
fn changeable(
    conn: &Connection,
    id: TimeEntryId,
    now: DateTime<Utc>,
) -> Result<TimeEntry, TrackingError> {
    let entry = get(conn, id, now)?;
    if let Some(number) = entry.invoice {
        return Err(TrackingError::Billed(number));
    }
    Ok(entry)
}

/// Corrects an entry (a stopped timer becomes an entry like any typed one).
pub fn update(
    store: &mut impl Writer,
    id: TimeEntryId,
    input: &EntryInput,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<TimeEntry, TrackingError> {
    store.write(|tx| {
        if changeable(tx, id, now)?.running {
            return Err(TrackingError::StillRunning);
        }
        let v = input.validate(tx, Some(id), now, zone)?;
        tx.execute(
            "UPDATE time_entries SET client_id = :client, contract_id = :contract, task_id = :task,
                    day = :day, start_utc = :start, end_utc = :end, minutes = :minutes,
                    note = :note, billable = :billable
             WHERE id = :id",
            named_params! {
                ":id": id,
                ":client": v.client,
                ":contract": v.contract,
                ":task": v.task,
                ":day": v.day.to_string(),
                ":start": v.start.map(|t| t.timestamp()),
                ":end": v.end.map(|t| t.timestamp()),
                ":minutes": v.minutes,
                ":note": v.note,
                ":billable": input.billable,
            },
        )?;
        get(tx, id, now)
    })
}

/// Deletes an entry (the running timer too: discarded); returns the trash entry Undo
/// brings it back from.
pub fn delete(
    store: &mut impl Writer,
    id: TimeEntryId,
    now: DateTime<Utc>,
) -> Result<i64, TrackingError> {
    store.write(|tx| {
        let entry = changeable(tx, id, now)?;
        let mut removal = Removal::default();
        removal.take(tx, "time_entries", "id = ?1", &id)?;
        tx.execute("DELETE FROM time_entries WHERE id = ?1", [id])?;
        Ok(removal.keep(tx, &format!("time on {}", entry.what()))?)
    })
}

pub fn get(
    conn: &Connection,
    id: TimeEntryId,
    now: DateTime<Utc>,
) -> Result<TimeEntry, TrackingError> {
    read(conn, id, now)?.ok_or(TrackingError::NotFound("time entry", id.0))
}

/// Entries on the days `from` to `to`, latest first.
pub fn list(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<TimeEntry>, TrackingError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE e.day BETWEEN ?1 AND ?2 ORDER BY e.day DESC, e.start_utc DESC, e.id DESC"
    ))?;
    let rows = stmt.query_map([from.to_string(), to.to_string()], |r| row(r, now))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A contract's billable time not yet on an invoice (or on one since voided), oldest first.
pub fn unbilled(
    conn: &Connection,
    contract: ContractId,
    now: DateTime<Utc>,
) -> Result<Vec<TimeEntry>, TrackingError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE e.contract_id = ?1 AND e.billable = 1 AND e.minutes IS NOT NULL
           AND (e.invoice_id IS NULL
                OR EXISTS (SELECT 1 FROM invoices i WHERE i.id = e.invoice_id AND i.voided_on IS NOT NULL))
         ORDER BY e.day, e.start_utc, e.id"
    ))?;
    let rows = stmt.query_map([contract], |r| row(r, now))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Marks entries as billed on an invoice.
pub fn mark_billed(
    conn: &Connection,
    entries: &[TimeEntryId],
    invoice: i64,
) -> Result<(), TrackingError> {
    let mut stmt = conn.prepare_cached("UPDATE time_entries SET invoice_id = ?2 WHERE id = ?1")?;
    for id in entries {
        stmt.execute(rusqlite::params![id, invoice])?;
    }
    Ok(())
}
