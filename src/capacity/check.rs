//! The capacity check: can a new request be done by its deadline without making anything
//! already promised late? Builds the scheduling model of `plan.rs` from the book and
//! answers with a verdict, the earliest finish, what would slip, and the weekly load.
//!
//! # How the answer is worked out
//! - Days run from tomorrow (today is under way) to a year past the last deadline. Each
//!   day offers its working hours, minus days off, minus its meetings and time blocks; its
//!   overtime (the week's allowance spread over the working days) is a separate capacity.
//! - Every commitment is a job: a task's remaining hours between its earliest start and
//!   its due day; a contract's remaining hours spread over its window week by week (each
//!   week's share due by the week's end), in proportion to the working hours of each week.
//!   Anything already overdue is due tomorrow.
//! - **Verdict.** With `missing(jobs, capacity)` the fewest minutes any plan leaves late
//!   (EDF, optimal, see `plan.rs`): the request *fits* when adding it leaves no more
//!   missing over regular hours than before; it *fits with overtime* when that holds over
//!   regular plus overtime hours, needing exactly the difference in regular shortfall as
//!   overtime; otherwise it *does not fit*, short by the difference over both. Comparing
//!   with the book as it is means an already overbooked week is not blamed on the request.
//! - **Earliest finish.** The earliest deadline at which the request would fit over
//!   regular hours (feasibility only grows with the deadline, so a binary search).
//! - **What would slip if accepted at its priority.** Commitments are protected in order:
//!   higher client priority first, the request after the existing work of its own priority
//!   (promised first, served first). Each group joins the protected set if the set stays
//!   feasible; otherwise its items join one by one in deadline order, skipping those that
//!   don't fit; each skipped one then joins as soon as it can be done, that day becoming
//!   its deadline (so it still goes before lower priorities). In the plan with the request,
//!   work already late keeps, as its deadline, the day it would finish without it: the
//!   request can't push it later unless it outranks it. The plan then does everything by
//!   these deadlines (EDF), and slip is measured against the days promised.
//! - **Weekly load.** Hours planned per week (meetings plus scheduled work) before and
//!   after, against the week's working hours: utilisation = committed / available.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

mod days;
mod reply;
mod request;
mod search;

pub use reply::{finish_note, reply};
pub use request::Request;

use days::Days;

use super::accuracy::Accuracy;
use super::blocks;
use super::commitments::{self, Commitment, CommitmentKind, Uncounted};
use super::plan::{self, Job};
use super::slots::{self, Slot};
use super::{fields, CapacityError};
use crate::clients::Priority;

/// How far past the last deadline the earliest finish is looked for.
const LOOKAHEAD_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Fits,
    FitsWithOvertime,
    DoesNotFit,
}

/// A commitment the request would make late (or one already late).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Late {
    pub kind: CommitmentKind,
    pub id: i64,
    pub title: String,
    pub client: Option<String>,
    /// The day it is due (for a contract, the end of the week whose share slips).
    pub due: String,
    /// For a contract, whose hours are spread week by week: the Monday of the week whose
    /// share slips (`due` is that week's last day, not a date the user entered).
    pub week_share_of: Option<String>,
    /// Hours not done by `due`.
    pub hours_late: f64,
    /// When it would be finished; `None` if not within the year looked at.
    pub finish: Option<String>,
    pub days_late: Option<u32>,
    /// For a contract: every week whose share slips, in order (the fields above are the
    /// worst of them). Empty for a task.
    pub weeks: Vec<LateWeek>,
}

/// One week of a contract whose share of hours would slip.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LateWeek {
    /// The Monday of the week.
    pub week_start: String,
    /// Hours of the week's share not done by its last day.
    pub hours_late: f64,
    /// When that share would be done; `None` if not within the year looked at.
    pub finish: Option<String>,
    pub days_late: Option<u32>,
}

/// One week of the load chart. Minutes; `week_start` is a Monday.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct WeekLoad {
    pub week_start: String,
    /// Working hours of the week, days off taken out.
    pub capacity_minutes: u64,
    pub overtime_minutes: u64,
    pub meetings_minutes: u64,
    /// Work planned in time blocks linked to their tasks (in `before`/`after` too).
    pub planned_minutes: u64,
    /// Meetings plus planned work, without the request.
    pub before_minutes: u64,
    /// Meetings plus planned work, with the request.
    pub after_minutes: u64,
    /// As `after`, with tentative bookings counted too (what-if).
    pub tentative_minutes: u64,
    /// `before / capacity` and `after / capacity`; `None` for a week with no working hours.
    pub utilisation_before: Option<f64>,
    pub utilisation_after: Option<f64>,
}

/// The verdict if the tentative bookings were confirmed too.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct WhatIf {
    pub tentative_count: u32,
    pub verdict: Verdict,
    pub overtime_hours: f64,
    pub short_hours: f64,
}

/// The verdict for the request's hours as the user's history says they will be: times
/// the ratio of time logged to time estimated on the latest done tasks (issue 16).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Calibrated {
    pub accuracy: Accuracy,
    /// The request's hours times the ratio.
    pub hours: f64,
    pub verdict: Verdict,
    pub overtime_hours: f64,
    pub short_hours: f64,
    /// One sentence: how the estimates ran, and what that makes of this request.
    pub note: String,
}

/// The answer. Field names are the `juggle capacity check --json` interface.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CapacityCheck {
    pub verdict: Verdict,
    /// Overtime needed to fit (0 unless `fits_with_overtime`).
    pub overtime_hours: f64,
    /// Hours that don't fit even with overtime (0 unless `does_not_fit`).
    pub short_hours: f64,
    /// Earliest day it could be done over regular hours without making anything late.
    pub earliest_finish: Option<String>,
    /// Commitments that would become (more) late if accepted at its priority.
    pub late: Vec<Late>,
    /// When the request itself would be done if accepted at its priority.
    pub finish_if_accepted: Option<String>,
    /// Commitments late even without the request (the book is overbooked already).
    pub already_late: Vec<Late>,
    pub weeks: Vec<WeekLoad>,
    /// A sentence to send the client.
    pub reply: String,
    /// The one due day the reply offers: the deadline when it fits (with overtime or not),
    /// else the earliest finish; `None` when nothing within the year works. Accepting
    /// "as offered" stores the task due this day.
    pub offered: Option<String>,
    /// One line tying the finish dates together: what the offered day means, and what
    /// accepting for the requested day anyway would do (`finish_if_accepted`, `late`).
    pub finish_note: String,
    pub with_tentative: WhatIf,
    /// The first day counted (tomorrow).
    pub first_day: String,
    pub hours: f64,
    pub start: String,
    pub deadline: String,
    pub priority: Priority,
    pub commitments_counted: u32,
    pub uncounted: Uncounted,
    /// With `Request::slots`, for a request that fits in regular hours: free working times
    /// before the deadline the plan gives it, to put on the calendar on Accept. Empty when
    /// not asked, when it does not fit, or when a day it needs has no working times.
    pub slots: Vec<Slot>,
    /// The verdict for the hours the user's estimates usually come to; `None` with fewer
    /// than three done tasks with time logged, or when they ran within 5 % of estimate.
    pub calibrated: Option<Calibrated>,
}

pub fn check(
    conn: &Connection,
    request: &Request,
    today: NaiveDate,
    zone: Tz,
) -> Result<CapacityCheck, CapacityError> {
    let mut answer = check_hours(conn, request, today, zone)?;
    answer.calibrated = calibrated(conn, request, &answer, today, zone)?;
    Ok(answer)
}

/// The same request at its hours times the user's estimate ratio, when that says
/// something: enough done tasks, and a ratio off by more than 5 %.
fn calibrated(
    conn: &Connection,
    request: &Request,
    answer: &CapacityCheck,
    today: NaiveDate,
    zone: Tz,
) -> Result<Option<Calibrated>, CapacityError> {
    let Some(accuracy) = super::accuracy::for_request(conn, request.client_id)? else {
        return Ok(None);
    };
    if (accuracy.ratio - 1.0).abs() <= 0.05 {
        return Ok(None);
    }
    let minutes = (answer.hours * 60.0 * accuracy.ratio).round().max(1.0) as u64;
    let hours = fields::hours(minutes);
    let again = check_hours(
        conn,
        &Request {
            hours: format!("{hours}"),
            slots: false,
            ..request.clone()
        },
        today,
        zone,
    )?;
    let note = reply::calibrated_note(&accuracy, hours, again.verdict);
    Ok(Some(Calibrated {
        accuracy,
        hours,
        verdict: again.verdict,
        overtime_hours: again.overtime_hours,
        short_hours: again.short_hours,
        note,
    }))
}

fn check_hours(
    conn: &Connection,
    request: &Request,
    today: NaiveDate,
    zone: Tz,
) -> Result<CapacityCheck, CapacityError> {
    let req = request.validate(conn, today)?;
    let (mut existing, uncounted) = commitments::committed(conn)?;
    let tentative = commitments::tentative(conn, today + Duration::days(1))?;
    let asked = Commitment {
        kind: CommitmentKind::Request,
        id: 0,
        title: req.title.clone(),
        client_id: req.client_id,
        client: None,
        priority: req.priority,
        minutes: req.minutes,
        release: Some(req.start),
        deadline: req.deadline,
        spread: false,
    };

    let first = today + Duration::days(1);
    let last_deadline = existing
        .iter()
        .chain(&tentative)
        .map(|c| c.deadline)
        .chain([req.deadline])
        .max()
        .unwrap_or(req.deadline);
    // Ten years ahead at most: later deadlines are planned as due on the last day.
    let last = (last_deadline.max(first) + Duration::days(LOOKAHEAD_DAYS))
        .min(first + Duration::days(3653));
    let links = blocks::links(conn)?;
    let mut days = Days::new(conn, first, last, zone, &blocks::linked_events(&links))?;
    // Time blocks that are a task's own work: planned, not busy time the task must also
    // fit around (see blocks.rs).
    let blocked = blocks::allocate(&mut existing, &days.apart, &links, days.len(), |c| {
        days.index(c.deadline)
    });
    days.take(&blocked);

    // Jobs name their commitment by position: existing ones, then the request, then the
    // tentative bookings.
    let base = days.jobs(&existing, 0);
    let request_job = days.jobs(std::slice::from_ref(&asked), existing.len());
    let held = days.jobs(&tentative, existing.len() + 1);
    let with = concat(&base, &request_job);

    let (verdict, overtime, short) = days.verdict(&base, &with);
    let with_tentative = {
        let base_t = concat(&base, &held);
        let with_t = concat(&base_t, &request_job);
        let (verdict, overtime, short) = days.verdict(&base_t, &with_t);
        WhatIf {
            tentative_count: tentative.len() as u32,
            verdict,
            overtime_hours: fields::hours(overtime),
            short_hours: fields::hours(short),
        }
    };
    let earliest = days.earliest_finish(&base, &asked);

    // What slips, protecting by priority (over regular hours plus overtime).
    let mut items: Vec<&Commitment> = existing.iter().collect();
    items.push(&asked);
    let base_plan = days.protect(&base, &items[..existing.len()], &[]);
    // Work already late without the request keeps, as its deadline, the day it would finish
    // without it: everything promised then fits, so nothing that outranks the request (or
    // shares its rank) can be pushed later by it. Work that would never finish is left out
    // of the protection: it can't be made later than never.
    let mut hopeless = vec![false; items.len()];
    let relaxed: Vec<Owned> = with
        .iter()
        .enumerate()
        .map(|(j, o)| {
            if j >= base.len() || base_plan.missing[j] == 0 {
                return *o;
            }
            match base_plan.finish[j] {
                Some(finish) => Owned {
                    job: Job {
                        deadline: finish.max(o.job.deadline),
                        ..o.job
                    },
                    ..*o
                },
                None => {
                    hopeless[o.owner] = true;
                    *o
                }
            }
        })
        .collect();
    let with_plan = days.protect(&relaxed, &items, &hopeless);
    let base_late = days.lateness(&base, &base_plan, &items[..existing.len()]);
    let with_late = days.lateness(&with, &with_plan, &items);
    let late: Vec<Late> = with_late
        .iter()
        .filter(|l| l.kind != CommitmentKind::Request)
        .filter(
            |l| match base_late.iter().find(|b| b.kind == l.kind && b.id == l.id) {
                None => true,
                // Never finishing either way is not "later".
                Some(b) => {
                    b.days_late.is_some() && l.days_late.is_none_or(|d| Some(d) > b.days_late)
                }
            },
        )
        .cloned()
        .collect();
    let request_at = with.len() - request_job.len();
    let finish_if_accepted = (request_at..with.len())
        .map(|j| with_plan.finish[j])
        .try_fold(0usize, |acc, f| f.map(|f| acc.max(f)))
        .map(|d| days.date(d));

    // Without tentative bookings the what-if is the plan with the request itself: a plan
    // made another way would differ week by week and draw bookings that don't exist.
    let tentative_used = if held.is_empty() {
        with_plan.outcome.used.clone()
    } else {
        let all = concat(&with, &held);
        plan::working_plan(
            &jobs_of(&all),
            &vec![0; all.len()],
            &days.regular,
            &days.profile.overtime,
        )
        .used
    };
    let horizon_end = [Some(req.deadline), earliest]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(req.deadline);
    let weeks = days.weeks(
        horizon_end,
        &base_plan.outcome.used,
        &with_plan.outcome.used,
        &tentative_used,
    );

    let offered = match verdict {
        Verdict::Fits | Verdict::FitsWithOvertime => Some(req.deadline),
        Verdict::DoesNotFit => earliest,
    };
    // Concrete times for a request that fits in regular hours: the EDF plan's minutes for
    // it, each day, in that day's free working time.
    let slots = if request.slots && verdict == Verdict::Fits {
        let plan = plan::edf(
            &jobs_of(&with),
            &vec![0; with.len()],
            &days.regular,
            plan::Overdue::Drop,
        );
        let mut per_day = vec![0u64; days.len()];
        for (k, o) in with.iter().enumerate() {
            if o.owner == existing.len() {
                for &(d, m) in &plan.work[k] {
                    per_day[d] += m;
                }
            }
        }
        let windows = super::windows::WorkingTime::load(conn, first, last)?;
        slots::place(conn, first, &per_day, zone, &windows)?
    } else {
        Vec::new()
    };
    let finish_note = finish_note(
        verdict,
        req.deadline,
        offered,
        finish_if_accepted,
        late.len(),
        today,
    );
    Ok(CapacityCheck {
        reply: reply(verdict, req.deadline, earliest, today),
        offered: offered.map(|d| d.to_string()),
        finish_note,
        verdict,
        overtime_hours: fields::hours(overtime),
        short_hours: fields::hours(short),
        earliest_finish: earliest.map(|d| d.to_string()),
        late,
        finish_if_accepted: finish_if_accepted.map(|d| d.to_string()),
        already_late: base_late,
        weeks,
        with_tentative,
        first_day: first.to_string(),
        hours: fields::hours(req.minutes),
        start: req.start.to_string(),
        deadline: req.deadline.to_string(),
        priority: req.priority,
        commitments_counted: existing.len() as u32,
        uncounted,
        slots,
        calibrated: None,
    })
}

fn concat(a: &[Owned], b: &[Owned]) -> Vec<Owned> {
    a.iter().chain(b).copied().collect()
}

/// A job and the index of the commitment it belongs to (a contract has one per week).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owned {
    job: Job,
    /// The day promised (the job's deadline may be relaxed to when late work can finish).
    due: usize,
    owner: usize,
}

fn jobs_of(owned: &[Owned]) -> Vec<Job> {
    owned.iter().map(|o| o.job).collect()
}

#[cfg(test)]
mod tests;
