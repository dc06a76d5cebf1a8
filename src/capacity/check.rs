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

use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::commitments::{self, Commitment, CommitmentKind, Uncounted};
use super::plan::{self, Job, Overdue};
use super::working::{self, Profile};
use super::{fields, CapacityError};
use crate::clients::{self, ClientId, Priority};

/// Slipping items searched for one by one in a priority group (see `protect_some`).
const MAX_SLIPS_SEARCHED: usize = 12;

/// How far past the last deadline the earliest finish is looked for.
const LOOKAHEAD_DAYS: i64 = 366;

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct Request {
    pub client_id: Option<ClientId>,
    #[serde(default)]
    pub title: String,
    /// Hours of work, as typed.
    pub hours: String,
    /// Earliest start, `YYYY-MM-DD`; blank for tomorrow.
    #[serde(default)]
    pub start: String,
    pub deadline: String,
    /// Blank: the client's priority (normal without a client).
    #[serde(default)]
    pub priority: Option<Priority>,
}

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
}

/// One week of the load chart. Minutes; `week_start` is a Monday.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct WeekLoad {
    pub week_start: String,
    /// Working hours of the week, days off taken out.
    pub capacity_minutes: u64,
    pub overtime_minutes: u64,
    pub meetings_minutes: u64,
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
}

/// A request, validated against `today`.
pub(crate) struct ValidRequest {
    pub client_id: Option<ClientId>,
    pub title: String,
    pub minutes: u64,
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub priority: Priority,
}

impl Request {
    pub(crate) fn validate(
        &self,
        conn: &Connection,
        today: NaiveDate,
    ) -> Result<ValidRequest, CapacityError> {
        let minutes = u64::from(fields::minutes("hours", &self.hours)?);
        if minutes == 0 {
            return Err(CapacityError::NoHours);
        }
        let deadline = fields::day("deadline", &self.deadline)?;
        let first = today + Duration::days(1);
        if deadline < first {
            return Err(CapacityError::DeadlinePassed);
        }
        let start = fields::optional_day("start", &self.start)?.unwrap_or(first);
        if deadline < start {
            return Err(CapacityError::DeadlineBeforeStart);
        }
        let client = self
            .client_id
            .map(|id| clients::get(conn, id))
            .transpose()?;
        let title = fields::text("title", &self.title, 300)?;
        Ok(ValidRequest {
            client_id: self.client_id,
            title: if title.is_empty() {
                client
                    .as_ref()
                    .map_or("New request".into(), |c| format!("Request from {}", c.name))
            } else {
                title
            },
            minutes,
            start,
            deadline,
            priority: self
                .priority
                .or(client.map(|c| c.priority))
                .unwrap_or_default(),
        })
    }
}

pub fn check(
    conn: &Connection,
    request: &Request,
    today: NaiveDate,
    zone: Tz,
) -> Result<CapacityCheck, CapacityError> {
    let req = request.validate(conn, today)?;
    let (existing, uncounted) = commitments::committed(conn)?;
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
    let days = Days::new(conn, first, last, zone)?;

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
        .map(|d| days.date(d).to_string());

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
    let finish_note = finish_note(
        verdict,
        req.deadline,
        offered,
        finish_if_accepted_day(&finish_if_accepted),
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
        finish_if_accepted,
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

/// The days being planned and what each offers.
pub(crate) struct Days {
    first: NaiveDate,
    profile: Profile,
    meetings: Vec<u64>,
    /// Regular minutes left after meetings.
    regular: Vec<u64>,
    /// Regular plus overtime.
    all: Vec<u64>,
}

struct Protected {
    /// Protected work first each day, then the rest, overtime only when something falls
    /// due (the plan the chart shows).
    outcome: plan::Outcome,
    /// Per job, in the plan that honours priorities: minutes not done by the day promised,
    /// and the day it is finished.
    missing: Vec<u64>,
    finish: Vec<Option<usize>>,
}

impl Days {
    fn new(
        conn: &Connection,
        first: NaiveDate,
        last: NaiveDate,
        zone: Tz,
    ) -> Result<Days, CapacityError> {
        let profile = working::profile(conn, first, last)?;
        let meetings = crate::calendar::busy_minutes(conn, first, last, zone)?;
        let regular: Vec<u64> = profile
            .regular
            .iter()
            .zip(&meetings)
            .map(|(r, m)| r.saturating_sub(*m))
            .collect();
        let all = regular
            .iter()
            .zip(&profile.overtime)
            .map(|(r, o)| r + o)
            .collect();
        Ok(Days {
            first,
            profile,
            meetings,
            regular,
            all,
        })
    }

    fn len(&self) -> usize {
        self.regular.len()
    }

    fn index(&self, day: NaiveDate) -> usize {
        ((day - self.first).num_days().max(0) as usize).min(self.len() - 1)
    }

    fn date(&self, index: usize) -> NaiveDate {
        self.first + Duration::days(index as i64)
    }

    /// Jobs for commitments, tagged with the commitment's position in `items`.
    fn jobs(&self, items: &[Commitment], first_owner: usize) -> Vec<Owned> {
        let mut out = Vec::with_capacity(items.len());
        for (owner, c) in items.iter().enumerate() {
            let owner = owner + first_owner;
            let release = self.index(c.release.unwrap_or(self.first).max(self.first));
            let deadline = self.index(c.deadline).max(release);
            if c.spread {
                for job in self.spread(c.minutes, release, deadline) {
                    out.push(Owned {
                        job,
                        due: job.deadline,
                        owner,
                    });
                }
            } else {
                out.push(Owned {
                    job: Job {
                        release,
                        deadline,
                        minutes: c.minutes,
                    },
                    due: deadline,
                    owner,
                });
            }
        }
        out
    }

    /// `minutes` over the weeks from `release` to `deadline`, in proportion to each week's
    /// working hours; each week's share may be done in that week. Exact: largest remainder.
    fn spread(&self, minutes: u64, release: usize, deadline: usize) -> Vec<Job> {
        let mut weeks: Vec<(usize, usize)> = Vec::new();
        let mut d = release;
        while d <= deadline {
            let end =
                (d + 6 - self.date(d).weekday().num_days_from_monday() as usize).min(deadline);
            weeks.push((d, end));
            d = end + 1;
        }
        let weights: Vec<u64> = weeks
            .iter()
            .map(|&(a, b)| self.profile.regular[a..=b].iter().sum())
            .collect();
        let shares = match crate::contracts::schedule::split(minutes as i64, &weights) {
            Ok(shares) if weights.iter().any(|w| *w > 0) => shares,
            _ => {
                return vec![Job {
                    release,
                    deadline,
                    minutes,
                }]
            }
        };
        weeks
            .into_iter()
            .zip(shares)
            .filter(|(_, m)| *m > 0)
            .map(|((a, b), m)| Job {
                release: a,
                deadline: b,
                minutes: m as u64,
            })
            .collect()
    }

    /// (verdict, overtime minutes, short minutes) of `with` against `base`.
    fn verdict(&self, base: &[Owned], with: &[Owned]) -> (Verdict, u64, u64) {
        let (base, with) = (jobs_of(base), jobs_of(with));
        let regular = (
            plan::shortfall(&base, &self.regular),
            plan::shortfall(&with, &self.regular),
        );
        if regular.1 <= regular.0 {
            return (Verdict::Fits, 0, 0);
        }
        let all = (
            plan::shortfall(&base, &self.all),
            plan::shortfall(&with, &self.all),
        );
        if all.1 <= all.0 {
            (Verdict::FitsWithOvertime, regular.1 - regular.0, 0)
        } else {
            (Verdict::DoesNotFit, 0, all.1 - all.0)
        }
    }

    fn earliest_finish(&self, base: &[Owned], asked: &Commitment) -> Option<NaiveDate> {
        let base_jobs = jobs_of(base);
        let missing = plan::shortfall(&base_jobs, &self.regular);
        let release = self.index(asked.release.unwrap_or(self.first).max(self.first));
        let fits_by = |deadline: usize| {
            let mut jobs = base_jobs.clone();
            jobs.push(Job {
                release,
                deadline,
                minutes: asked.minutes,
            });
            plan::shortfall(&jobs, &self.regular) <= missing
        };
        let (mut lo, mut hi) = (release, self.len() - 1);
        if !fits_by(hi) {
            return None;
        }
        while lo < hi {
            let mid = (lo + hi) / 2;
            if fits_by(mid) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(self.date(lo))
    }

    /// The plan that protects commitments by priority (see the module docs). `items[i]` is
    /// the commitment of jobs owned by `i`; the request, if any, is last in `items`.
    /// `excluded[i]`: never protect item `i` (it is planned only with what is left).
    fn protect(&self, jobs: &[Owned], items: &[&Commitment], excluded: &[bool]) -> Protected {
        // Order of protection: priority rank, the request after existing work of its rank.
        let mut order: Vec<usize> = (0..items.len())
            .filter(|&i| !excluded.get(i).copied().unwrap_or(false))
            .collect();
        order.sort_by_key(|&i| {
            (
                items[i].priority.rank(),
                items[i].kind == CommitmentKind::Request,
                items[i].deadline,
                i,
            )
        });
        let mut owned: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
        for (j, o) in jobs.iter().enumerate() {
            owned[o.owner].push(j);
        }
        let mut search = Search {
            days: self,
            jobs,
            owned: &owned,
            deadline: jobs.iter().map(|o| o.job.deadline).collect(),
            kept: Vec::new(),
            protected: vec![false; items.len()],
        };
        let mut start = 0;
        while start < order.len() {
            // A group: same rank and same request-ness.
            let key = |i: usize| {
                (
                    items[i].priority.rank(),
                    items[i].kind == CommitmentKind::Request,
                )
            };
            let end = start
                + order[start..]
                    .iter()
                    .take_while(|&&i| key(i) == key(order[start]))
                    .count();
            search.add_group(&order[start..end]);
            start = end;
        }
        let relaxed: Vec<Job> = (0..jobs.len()).map(|j| search.job(j)).collect();
        let class: Vec<u8> = jobs
            .iter()
            .map(|o| u8::from(!search.protected[o.owner]))
            .collect();
        let due: Vec<usize> = jobs.iter().map(|o| o.due).collect();
        let plan = plan::edf_against(&relaxed, &class, &self.all, &due);
        let outcome = plan::working_plan(&relaxed, &class, &self.regular, &self.profile.overtime);
        Protected {
            outcome,
            missing: plan.missing,
            finish: plan.finish,
        }
    }

    /// Each commitment that misses a deadline in `plan`, with its worst week for contracts.
    fn lateness(&self, jobs: &[Owned], plan: &Protected, items: &[&Commitment]) -> Vec<Late> {
        // Per commitment: minutes missing over all its jobs, and its latest-finishing job.
        let mut missing = vec![0u64; items.len()];
        let mut worst: Vec<Option<(NaiveDate, Option<NaiveDate>)>> = vec![None; items.len()];
        let days_late = |(due, finish): (NaiveDate, Option<NaiveDate>)| {
            finish.map(|f| (f - due).num_days().max(0) as u32)
        };
        for (j, o) in jobs.iter().enumerate() {
            if plan.missing[j] == 0 {
                continue;
            }
            missing[o.owner] += plan.missing[j];
            let c = items[o.owner];
            // Overdue work is planned from tomorrow but was promised for its own day.
            let due = if c.deadline < self.first {
                c.deadline
            } else {
                self.date(o.due)
            };
            let this = (due, plan.finish[j].map(|f| self.date(f)));
            if worst[o.owner].is_none_or(|w| {
                days_late(this).unwrap_or(u32::MAX) > days_late(w).unwrap_or(u32::MAX)
            }) {
                worst[o.owner] = Some(this);
            }
        }
        let mut out: Vec<Late> = worst
            .into_iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let (due, finish) = w?;
                let c = items[i];
                Some(Late {
                    kind: c.kind,
                    id: c.id,
                    title: c.title.clone(),
                    client: c.client.clone(),
                    due: due.to_string(),
                    week_share_of: c.spread.then(|| {
                        (due - Duration::days(i64::from(due.weekday().num_days_from_monday())))
                            .to_string()
                    }),
                    hours_late: fields::hours(missing[i]),
                    finish: finish.map(|f| f.to_string()),
                    days_late: days_late((due, finish)),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.days_late
                .unwrap_or(u32::MAX)
                .cmp(&a.days_late.unwrap_or(u32::MAX))
                .then(a.due.cmp(&b.due))
        });
        out
    }

    /// Weekly load from the first week to the week after `until` (8 weeks at least, a year
    /// at most).
    fn weeks(
        &self,
        until: NaiveDate,
        before: &[u64],
        after: &[u64],
        tentative: &[u64],
    ) -> Vec<WeekLoad> {
        let monday =
            |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
        let first_week = monday(self.first);
        let count = (((monday(until) - first_week).num_days() / 7) + 2).clamp(8, 52) as usize;
        (0..count)
            .filter_map(|w| {
                let start = first_week + Duration::days(7 * w as i64);
                let a = self.index(start.max(self.first));
                let b = self.index(start + Duration::days(6));
                if start + Duration::days(6) > self.date(self.len() - 1) {
                    return None;
                }
                let sum = |v: &[u64]| v[a..=b].iter().sum::<u64>();
                let (capacity, meetings) = (sum(&self.profile.regular), sum(&self.meetings));
                let (before, after) = (meetings + sum(before), meetings + sum(after));
                let ratio = |load: u64| {
                    (capacity > 0).then(|| (load as f64 / capacity as f64 * 100.0).round() / 100.0)
                };
                Some(WeekLoad {
                    week_start: start.to_string(),
                    capacity_minutes: capacity,
                    overtime_minutes: sum(&self.profile.overtime),
                    meetings_minutes: meetings,
                    before_minutes: before,
                    after_minutes: after,
                    tentative_minutes: meetings + sum(tentative),
                    utilisation_before: ratio(before),
                    utilisation_after: ratio(after),
                })
            })
            .collect()
    }
}

/// Building the protected set: jobs by index, with deadlines relaxed for work that slips.
struct Search<'a> {
    days: &'a Days,
    jobs: &'a [Owned],
    /// Job indices of each item.
    owned: &'a [Vec<usize>],
    deadline: Vec<usize>,
    /// Job indices protected so far: together they fit by `deadline`.
    kept: Vec<usize>,
    protected: Vec<bool>,
}

impl Search<'_> {
    fn job(&self, j: usize) -> Job {
        Job {
            deadline: self.deadline[j],
            ..self.jobs[j].job
        }
    }

    fn fits(&self, extra: &[usize]) -> bool {
        let jobs: Vec<Job> = self
            .kept
            .iter()
            .chain(extra.iter().flat_map(|&i| &self.owned[i]))
            .map(|&j| self.job(j))
            .collect();
        plan::feasible(&jobs, &self.days.all)
    }

    fn keep(&mut self, item: usize) {
        self.kept.extend(self.owned[item].iter().copied());
        self.protected[item] = true;
    }

    /// The whole group if it fits; else, in deadline order, the longest prefix that fits
    /// joins, the next item slips, and the search goes on after it. Slipped items join
    /// last, each as soon as it can be done.
    fn add_group(&mut self, group: &[usize]) {
        if self.fits(group) {
            group.iter().for_each(|&i| self.keep(i));
            return;
        }
        let mut rest = group;
        let mut slipped = Vec::new();
        while !rest.is_empty() {
            // An overbooked book could make this search cost seconds. After a few slips,
            // the rest of the group stays unprotected: it is still planned, after the
            // protected work, and reported late only if it is.
            if slipped.len() == MAX_SLIPS_SEARCHED {
                break;
            }
            // Largest n with the first n fitting (0 always fits: what is kept fits).
            let (mut lo, mut hi) = (0, rest.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if self.fits(&rest[..mid]) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            rest[..lo].iter().for_each(|&i| self.keep(i));
            slipped.extend(rest.get(lo).copied());
            rest = &rest[(lo + 1).min(rest.len())..];
        }
        // What can be on time in the group stays on time; what slips comes next.
        for item in slipped {
            self.slip(item);
        }
    }

    /// An item that can't be on time is done as soon as protected work allows, and that
    /// day becomes its deadline: it keeps its place ahead of lower priorities. If it would
    /// never finish, it stays unprotected.
    fn slip(&mut self, item: usize) {
        let jobs: Vec<Job> = self
            .kept
            .iter()
            .chain(&self.owned[item])
            .map(|&j| self.job(j))
            .collect();
        let class: Vec<u8> = (0..jobs.len())
            .map(|k| u8::from(k >= self.kept.len()))
            .collect();
        let out = plan::edf(&jobs, &class, &self.days.all, Overdue::Finish);
        let finishes = &out.finish[self.kept.len()..];
        if finishes.iter().all(Option::is_some) {
            for (&j, finish) in self.owned[item].iter().zip(finishes) {
                self.deadline[j] = self.deadline[j].max(finish.unwrap_or(0));
            }
            self.keep(item);
        }
    }
}

fn finish_if_accepted_day(raw: &Option<String>) -> Option<NaiveDate> {
    raw.as_deref().and_then(|d| d.parse().ok())
}

/// A day as the sentences the core writes show it (the reply's style).
fn sentence_day(d: NaiveDate, today: NaiveDate) -> String {
    if d.year() == today.year() {
        d.format("%A %-d %B").to_string()
    } else {
        d.format("%A %-d %B %Y").to_string()
    }
}

/// The one line that explains the finish dates, so the offered day, the earliest finish and
/// the finish if accepted for the requested day never stand side by side unexplained.
/// `finish` is when the request is done if accepted for `deadline` at its priority;
/// `slipping` how many commitments that would make late.
pub fn finish_note(
    verdict: Verdict,
    deadline: NaiveDate,
    offered: Option<NaiveDate>,
    finish: Option<NaiveDate>,
    slipping: usize,
    today: NaiveDate,
) -> String {
    let day = |d: NaiveDate| sentence_day(d, today);
    match (verdict, offered) {
        (Verdict::Fits, _) => format!(
            "Due {}: it fits in your regular hours and nothing else slips.",
            day(deadline)
        ),
        (Verdict::FitsWithOvertime, _) => format!(
            "Due {}: it fits only with overtime; nothing else slips.",
            day(deadline)
        ),
        (Verdict::DoesNotFit, Some(o)) => {
            let anyway = match (finish, slipping) {
                (Some(f), 0) => format!("it would be done {} and nothing else slips", day(f)),
                (Some(f), n) => format!(
                    "it would be done {} and {n} other commitment{} would slip",
                    day(f),
                    if n == 1 { "" } else { "s" }
                ),
                (None, _) => "it would not be done within a year".into(),
            };
            format!(
                "Offered for {}, the first day it fits in regular hours without making other work late. Accepted for {} anyway (late), {anyway}.",
                day(o),
                day(deadline)
            )
        }
        (Verdict::DoesNotFit, None) => {
            "No day within the coming year fits in regular hours without making other work late."
                .into()
        }
    }
}

/// A sentence the user can send: yes by the deadline, or the earliest day that works.
pub fn reply(
    verdict: Verdict,
    deadline: NaiveDate,
    earliest: Option<NaiveDate>,
    today: NaiveDate,
) -> String {
    let day = |d: NaiveDate| sentence_day(d, today);
    match (verdict, earliest) {
        (Verdict::Fits | Verdict::FitsWithOvertime, _) => {
            format!("Yes, I can take this on and deliver by {}.", day(deadline))
        }
        (Verdict::DoesNotFit, Some(e)) => {
            format!(
                "I can't make {} without letting other clients down, but I can deliver by {}.",
                day(deadline),
                day(e)
            )
        }
        (Verdict::DoesNotFit, None) => {
            "I'm fully booked for the coming year, so I can't take this on now.".into()
        }
    }
}

#[cfg(test)]
mod tests {
    //! Hand-worked scenarios. The week of Monday 2027-01-04; "today" is Sunday 2027-01-03,
    //! so counting starts on Monday. Eight hours Monday to Friday unless said otherwise.
    use super::*;
    use crate::capacity::{tasks, working, DayOffInput, TaskInput, WorkingHoursInput};
    use crate::clients::ClientInput;
    use crate::store::Store;

    const TODAY: &str = "2027-01-03";

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn book(overtime: &str) -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let week = ["8", "8", "8", "8", "8", "0", "0"]
            .map(String::from)
            .to_vec();
        working::set_working_hours(
            &mut s,
            &WorkingHoursInput {
                weekday_hours: week,
                overtime_hours: overtime.into(),
            },
        )
        .unwrap();
        s
    }

    fn client(s: &mut Store, name: &str, priority: Priority) -> ClientId {
        clients::add(
            s,
            &ClientInput {
                name: name.into(),
                priority,
                ..Default::default()
            },
        )
        .unwrap()
        .id
    }

    fn task(s: &mut Store, client_id: Option<ClientId>, title: &str, hours: &str, due: &str) {
        let input = TaskInput {
            client_id,
            ..TaskInput::due(title, hours, due)
        };
        tasks::add(s, &input, d(TODAY)).unwrap();
    }

    fn ask(
        s: &Store,
        client_id: Option<ClientId>,
        hours: &str,
        start: &str,
        deadline: &str,
    ) -> CapacityCheck {
        let request = Request {
            client_id,
            hours: hours.into(),
            start: start.into(),
            deadline: deadline.into(),
            ..Default::default()
        };
        check(s.conn(), &request, d(TODAY), Tz::UTC).unwrap()
    }

    #[test]
    fn a_deadline_on_a_day_off_loses_that_day() {
        let mut s = book("");
        working::add_day_off(
            &mut s,
            &DayOffInput {
                first_day: "2027-01-08".into(),
                last_day: "".into(),
                label: "Off".into(),
            },
        )
        .unwrap();
        let c = ask(&s, None, "40", "", "2027-01-08");
        // Monday to Thursday give 32 hours.
        assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 8.0));
        // The last 8 hours fall on the next working day, Monday the 11th.
        assert_eq!(c.earliest_finish.as_deref(), Some("2027-01-11"));
        assert_eq!(c.reply, "I can't make Friday 8 January without letting other clients down, but I can deliver by Monday 11 January.");
        assert_eq!(ask(&s, None, "32", "", "2027-01-08").verdict, Verdict::Fits);
    }

    #[test]
    fn overtime_covers_exactly_the_gap_and_no_more_than_the_allowance() {
        let mut s = book("5");
        task(&mut s, None, "Existing", "30", "2027-01-08");
        // 42 hours due Friday against 40 regular: 2 hours of overtime (5 allowed).
        let c = ask(&s, None, "12", "", "2027-01-08");
        assert_eq!(
            (c.verdict, c.overtime_hours, c.short_hours),
            (Verdict::FitsWithOvertime, 2.0, 0.0)
        );
        assert!(c.late.is_empty());
        assert_eq!(
            c.reply,
            "Yes, I can take this on and deliver by Friday 8 January."
        );
        // 47 hours: the 5 hours of overtime are not enough, 2 hours short.
        let c = ask(&s, None, "17", "", "2027-01-08");
        assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 2.0));
    }

    #[test]
    fn a_request_that_fits_only_if_started_at_once() {
        let mut s = book("");
        task(&mut s, None, "Report", "24", "2027-01-08");
        // Monday and Tuesday for the request, Wednesday to Friday for the report.
        assert_eq!(
            ask(&s, None, "16", "2027-01-04", "2027-01-05").verdict,
            Verdict::Fits
        );
        // Starting Tuesday, 16 hours can't fit in one 8-hour day.
        let late = ask(&s, None, "16", "2027-01-05", "2027-01-05");
        assert_eq!((late.verdict, late.short_hours), (Verdict::DoesNotFit, 8.0));
        // Started Tuesday it can be done by Wednesday: the report takes Monday, Thursday
        // and Friday.
        assert_eq!(late.earliest_finish.as_deref(), Some("2027-01-06"));
    }

    #[test]
    fn a_high_priority_request_squeezes_a_lower_priority_commitment() {
        let mut s = book("");
        let acme = client(&mut s, "Acme", Priority::High);
        let tiny = client(&mut s, "Tiny", Priority::Low);
        task(&mut s, Some(tiny), "Tiny's brochure", "32", "2027-01-08");
        let c = ask(&s, Some(acme), "16", "", "2027-01-05");
        assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 8.0));
        assert_eq!(c.priority, Priority::High);
        // Accepted at high priority: Acme's work Monday and Tuesday, the brochure's last
        // 8 hours spill to Monday the 11th, three days late.
        assert_eq!(c.finish_if_accepted.as_deref(), Some("2027-01-05"));
        assert_eq!(c.late.len(), 1);
        let l = &c.late[0];
        assert_eq!(
            (
                l.title.as_str(),
                l.due.as_str(),
                l.hours_late,
                l.finish.as_deref(),
                l.days_late
            ),
            (
                "Tiny's brochure",
                "2027-01-08",
                8.0,
                Some("2027-01-11"),
                Some(3)
            )
        );
        // Without hurting Tiny, Acme's work can be done by Monday the 11th.
        assert_eq!(c.earliest_finish.as_deref(), Some("2027-01-11"));
    }

    #[test]
    fn a_low_priority_request_is_the_one_that_waits() {
        let mut s = book("");
        let acme = client(&mut s, "Acme", Priority::High);
        let tiny = client(&mut s, "Tiny", Priority::Low);
        task(&mut s, Some(acme), "Acme launch", "32", "2027-01-08");
        let c = ask(&s, Some(tiny), "16", "", "2027-01-05");
        assert_eq!(c.verdict, Verdict::DoesNotFit);
        assert!(c.late.is_empty(), "{:?}", c.late);
        // The request gets what Acme leaves: Friday, then Monday.
        assert_eq!(c.finish_if_accepted.as_deref(), Some("2027-01-11"));
    }

    #[test]
    fn meetings_take_their_time_out_of_the_day() {
        let mut s = book("");
        let meeting = crate::calendar::EventInput::meeting(
            "Workshop",
            "2027-01-04T09:00",
            "2027-01-04T13:00",
        );
        crate::calendar::add_event(&mut s, &meeting).unwrap();
        let c = ask(&s, None, "40", "", "2027-01-08");
        assert_eq!((c.verdict, c.short_hours), (Verdict::DoesNotFit, 4.0));
        assert_eq!(c.weeks[0].meetings_minutes, 240);
        // Free time and deadlines on the calendar cost nothing.
        crate::calendar::add_event(
            &mut s,
            &crate::calendar::EventInput {
                free: true,
                ..meeting.clone()
            },
        )
        .unwrap();
        crate::calendar::add_event(
            &mut s,
            &crate::calendar::EventInput {
                kind: crate::calendar::EventKind::Deadline,
                ..meeting
            },
        )
        .unwrap();
        assert_eq!(ask(&s, None, "36", "", "2027-01-08").verdict, Verdict::Fits);
    }

    #[test]
    fn a_signed_contract_spreads_its_remaining_hours_over_its_weeks() {
        let mut s = book("");
        let acme = client(&mut s, "Acme", Priority::Normal);
        s.conn()
            .execute(
                "INSERT INTO contracts (client_id, title, rate_model, currency, rate_minor, estimated_hours, start_day, end_day, state, created_at, updated_at)
                 VALUES (?1, 'Retainer', 'fixed', 'EUR', 0, 80, '2027-01-04', '2027-01-15', 'signed_by_both', '', '')",
                [acme],
            )
            .unwrap();
        // 40 hours a week of contract work: nothing is left in week one.
        assert_eq!(
            ask(&s, None, "4", "", "2027-01-08").verdict,
            Verdict::DoesNotFit
        );
        // 8 hours logged leave 72, 36 a week: four hours free each week.
        assert_eq!(
            crate::capacity::log_contract_hours(&mut s, crate::contracts::ContractId(1), "80")
                .unwrap(),
            4800
        );
        // A typo is corrected with a negative entry.
        assert_eq!(
            crate::capacity::log_contract_hours(&mut s, crate::contracts::ContractId(1), "-72")
                .unwrap(),
            480
        );
        assert!(matches!(
            crate::capacity::log_contract_hours(&mut s, crate::contracts::ContractId(1), "0"),
            Err(CapacityError::NoHours)
        ));
        let c = ask(&s, None, "4", "", "2027-01-08");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(
            (c.weeks[0].before_minutes, c.weeks[0].after_minutes),
            (36 * 60, 40 * 60)
        );
        assert_eq!(c.weeks[0].utilisation_after, Some(1.0));
    }

    #[test]
    fn tentative_bookings_count_only_in_the_what_if() {
        let mut s = book("");
        let held = Request {
            hours: "30".into(),
            deadline: "2027-01-08".into(),
            title: "Maybe".into(),
            ..Default::default()
        };
        crate::capacity::decide(
            &mut s,
            &held,
            crate::capacity::Decision::Tentative,
            d(TODAY),
        )
        .unwrap();
        let c = ask(&s, None, "20", "", "2027-01-08");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(
            (
                c.with_tentative.tentative_count,
                c.with_tentative.verdict,
                c.with_tentative.short_hours
            ),
            (1, Verdict::DoesNotFit, 10.0)
        );
        assert_eq!(c.weeks[0].tentative_minutes, 40 * 60);
    }

    #[test]
    fn accepting_turns_the_request_into_a_task_that_later_checks_count() {
        let mut s = book("");
        let tiny = client(&mut s, "Tiny", Priority::Low);
        let accepted = Request {
            client_id: Some(tiny),
            hours: "30".into(),
            deadline: "2027-01-08".into(),
            title: "Yes".into(),
            priority: Some(Priority::High),
            ..Default::default()
        };
        let b = crate::capacity::decide(
            &mut s,
            &accepted,
            crate::capacity::Decision::ACCEPT,
            d(TODAY),
        )
        .unwrap();
        let t = tasks::get(s.conn(), b.task_id.unwrap(), d(TODAY)).unwrap();
        assert_eq!((t.estimate_minutes, t.due), (1800, Some(d("2027-01-08"))));
        // Accepted at high priority, it stays high even though its client is low.
        assert_eq!(t.client_priority, Priority::High);
        assert_eq!(
            ask(&s, None, "20", "", "2027-01-08").verdict,
            Verdict::DoesNotFit
        );
        assert!(matches!(
            crate::capacity::settle(&mut s, b.id, true),
            Err(CapacityError::AlreadyDecided("accepted"))
        ));
    }

    /// Issue 19: the reply offered one day, the header another, and Accept stored the
    /// requested day already known to be missed.
    #[test]
    fn one_offered_day_is_the_reply_the_note_and_the_accepted_due_day() {
        let mut s = book("");
        task(&mut s, None, "Promised", "30", "2027-01-08");
        // 20 h by Wednesday cannot fit beside 30 h due Friday: 50 h of work end on Tuesday
        // 12 January at 8 h a day.
        let c = ask(&s, None, "20", "", "2027-01-06");
        assert_eq!(c.verdict, Verdict::DoesNotFit);
        assert_eq!(c.offered.as_deref(), Some("2027-01-12"));
        assert_eq!(c.offered, c.earliest_finish);
        assert!(c.reply.contains("Tuesday 12 January"), "{}", c.reply);
        assert!(
            c.finish_note.starts_with("Offered for Tuesday 12 January")
                && c.finish_note
                    .contains("Accepted for Wednesday 6 January anyway (late)"),
            "{}",
            c.finish_note
        );
        let request = Request {
            hours: "20".into(),
            deadline: "2027-01-06".into(),
            ..Default::default()
        };
        let offered = c.offered.as_deref().map(d);
        let b = crate::capacity::decide(
            &mut s,
            &request,
            crate::capacity::Decision::Accept { due: offered },
            d(TODAY),
        )
        .unwrap();
        assert_eq!(b.deadline, d("2027-01-12"));
        let t = tasks::get(s.conn(), b.task_id.unwrap(), d(TODAY)).unwrap();
        assert_eq!(t.due, Some(d("2027-01-12")));
        // Accepted as offered, the next check finds the book full but nothing late.
        assert!(ask(&s, None, "1", "", "2027-01-12").late.is_empty());
    }

    #[test]
    fn a_fitting_request_is_offered_its_own_deadline() {
        let s = book("");
        let c = ask(&s, None, "8", "", "2027-01-06");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(c.offered.as_deref(), Some("2027-01-06"));
        assert!(c.finish_note.starts_with("Due Wednesday 6 January"));
    }

    #[test]
    fn the_note_explains_a_late_acceptance_finishing_before_the_offered_day() {
        // Accepted at high priority for its own day, the request pushes other work out and
        // finishes before the day that lets nobody down: the note says so in one line.
        let mut s = book("");
        let low = client(&mut s, "Low", Priority::Low);
        task(&mut s, Some(low), "Promised", "30", "2027-01-08");
        let big = client(&mut s, "Big", Priority::High);
        let c = ask(&s, Some(big), "20", "", "2027-01-06");
        assert_eq!(c.verdict, Verdict::DoesNotFit);
        assert_eq!(c.offered.as_deref(), Some("2027-01-12"));
        assert_eq!(c.finish_if_accepted.as_deref(), Some("2027-01-06"));
        assert!(
            c.finish_note.ends_with(
                "it would be done Wednesday 6 January and 1 other commitment would slip."
            ),
            "{}",
            c.finish_note
        );
    }

    #[test]
    fn accepting_for_a_day_already_gone_or_before_the_start_is_refused() {
        let mut s = book("");
        let request = Request {
            hours: "2".into(),
            start: "2027-01-06".into(),
            deadline: "2027-01-08".into(),
            ..Default::default()
        };
        let accept = |due| crate::capacity::Decision::Accept { due: Some(d(due)) };
        assert!(matches!(
            crate::capacity::decide(&mut s, &request, accept(TODAY), d(TODAY)),
            Err(CapacityError::DeadlinePassed)
        ));
        assert!(matches!(
            crate::capacity::decide(&mut s, &request, accept("2027-01-05"), d(TODAY)),
            Err(CapacityError::DueBeforeStart)
        ));
        assert!(crate::capacity::list_bookings(s.conn(), true)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn without_tentative_bookings_the_what_if_load_is_the_load_after() {
        // Issue 19: the chart showed a tentative-booking layer with no booking held.
        let mut s = book("4");
        let low = client(&mut s, "Low", Priority::Low);
        task(&mut s, Some(low), "Promised", "30", "2027-01-08");
        task(&mut s, None, "Later", "30", "2027-01-15");
        let big = client(&mut s, "Big", Priority::High);
        let c = ask(&s, Some(big), "20", "", "2027-01-06");
        assert_eq!(c.with_tentative.tentative_count, 0);
        assert!(c
            .weeks
            .iter()
            .all(|w| w.tentative_minutes == w.after_minutes));
    }

    #[test]
    fn a_contract_slipping_names_the_week_whose_share_slips() {
        let mut s = book("");
        let acme = client(&mut s, "Acme", Priority::Low);
        s.conn()
            .execute(
                "INSERT INTO contracts (client_id, title, rate_model, currency, rate_minor, estimated_hours, start_day, end_day, state, created_at, updated_at)
                 VALUES (?1, 'Retainer', 'fixed', 'EUR', 0, 80, '2027-01-04', '2027-01-15', 'signed_by_both', '', '')",
                [acme],
            )
            .unwrap();
        let big = client(&mut s, "Big", Priority::High);
        let c = ask(&s, Some(big), "8", "", "2027-01-08");
        let l = c.late.first().expect("the retainer slips");
        assert_eq!(l.kind, CommitmentKind::Contract);
        // Its due day is the week's end, which the user never entered: labelled as a share.
        assert_eq!(
            (l.due.as_str(), l.week_share_of.as_deref()),
            ("2027-01-15", Some("2027-01-11"))
        );
    }

    #[test]
    fn today_is_under_way_so_a_deadline_today_is_refused() {
        let s = book("");
        let r = Request {
            hours: "1".into(),
            deadline: TODAY.into(),
            ..Default::default()
        };
        assert!(matches!(
            check(s.conn(), &r, d(TODAY), Tz::UTC),
            Err(CapacityError::DeadlinePassed)
        ));
        let r = Request {
            hours: "0".into(),
            deadline: "2027-01-08".into(),
            ..Default::default()
        };
        assert!(matches!(
            check(s.conn(), &r, d(TODAY), Tz::UTC),
            Err(CapacityError::NoHours)
        ));
        let r = Request {
            hours: "2".into(),
            start: "2027-01-09".into(),
            deadline: "2027-01-08".into(),
            ..Default::default()
        };
        assert!(matches!(
            check(s.conn(), &r, d(TODAY), Tz::UTC),
            Err(CapacityError::DeadlineBeforeStart)
        ));
    }

    #[test]
    fn an_overbooked_book_is_not_blamed_on_the_request() {
        let mut s = book("");
        task(&mut s, None, "Too much", "50", "2027-01-08");
        let c = ask(&s, None, "8", "", "2027-01-15");
        assert_eq!(c.verdict, Verdict::Fits);
        assert_eq!(c.already_late.len(), 1);
        assert!(c.late.is_empty());
    }

    #[test]
    fn a_lower_priority_request_never_pushes_late_higher_priority_work_later() {
        let mut s = book("");
        let acme = client(&mut s, "Acme", Priority::High);
        let tiny = client(&mut s, "Tiny", Priority::Low);
        task(&mut s, Some(acme), "Acme overload", "48", "2027-01-08");
        let c = ask(&s, Some(tiny), "8", "", "2027-01-15");
        assert_eq!(c.already_late.len(), 1);
        assert!(c.late.is_empty(), "{:?}", c.late);
        assert_eq!(c.verdict, Verdict::Fits);
    }

    #[test]
    fn overdue_high_priority_work_goes_first_and_keeps_its_real_due_day() {
        let mut s = book("");
        let acme = client(&mut s, "Acme", Priority::High);
        let tiny = client(&mut s, "Tiny", Priority::Low);
        task(&mut s, Some(acme), "Overdue", "16", "2027-01-01");
        task(&mut s, Some(tiny), "Brochure", "32", "2027-01-08");
        let c = ask(&s, None, "8", "", "2027-01-15");
        let late: Vec<(&str, &str, Option<&str>, Option<u32>)> = c
            .already_late
            .iter()
            .map(|l| {
                (
                    l.title.as_str(),
                    l.due.as_str(),
                    l.finish.as_deref(),
                    l.days_late,
                )
            })
            .collect();
        // Acme's work takes Monday and Tuesday; the brochure slips to the next Monday.
        assert_eq!(
            late,
            vec![
                ("Overdue", "2027-01-01", Some("2027-01-05"), Some(4)),
                ("Brochure", "2027-01-08", Some("2027-01-11"), Some(3))
            ]
        );
        // A normal request due later fits after both and makes neither later.
        assert!(c.late.is_empty(), "{:?}", c.late);
    }
}
