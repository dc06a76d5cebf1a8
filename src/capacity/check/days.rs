//! The days being planned and what each offers (working hours minus days off and
//! meetings, overtime apart), and the questions the check asks of them: how much a set of
//! jobs misses, the earliest finish, the protected plan, the weekly load.

use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Tz;
use rusqlite::Connection;

use super::search::Search;
use super::{jobs_of, Late, LateWeek, Owned, Verdict, WeekLoad};
use crate::capacity::commitments::{Commitment, CommitmentKind};
use crate::capacity::plan::{self, Job};
use crate::capacity::working::{self, Profile};
use crate::capacity::{fields, CapacityError};

/// The days being planned and what each offers.
pub(super) struct Days {
    pub(super) first: NaiveDate,
    pub(super) profile: Profile,
    pub(super) meetings: Vec<u64>,
    /// Minutes of each day planned in time blocks linked to their tasks.
    pub(super) planned: Vec<u64>,
    /// The linked blocks' minutes in working time: (event, day, minutes).
    pub(super) apart: Vec<(i64, usize, u64)>,
    /// Regular minutes left after meetings.
    pub(super) regular: Vec<u64>,
    /// Regular plus overtime.
    pub(super) all: Vec<u64>,
}

pub(super) struct Protected {
    /// Protected work first each day, then the rest, overtime only when something falls
    /// due (the plan the chart shows).
    pub(super) outcome: plan::Outcome,
    /// Per job, in the plan that honours priorities: minutes not done by the day promised,
    /// and the day it is finished.
    pub(super) missing: Vec<u64>,
    pub(super) finish: Vec<Option<usize>>,
}

impl Days {
    pub(super) fn new(
        conn: &Connection,
        first: NaiveDate,
        last: NaiveDate,
        zone: Tz,
        apart: &std::collections::HashSet<i64>,
    ) -> Result<Days, CapacityError> {
        let profile = working::profile(conn, first, last)?;
        let windows = crate::capacity::windows::WorkingTime::load(conn, first, last)?;
        let busy = crate::calendar::busy_minutes(
            conn,
            first,
            last,
            zone,
            &|d| windows.minutes_on(d),
            apart,
        )?;
        // Busy time on a day that has no working time costs nothing (and is not shown as
        // load): only what overlaps working time counts.
        let meetings: Vec<u64> = busy
            .days
            .iter()
            .zip(&profile.regular)
            .map(|(m, r)| *m.min(r))
            .collect();
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
            planned: vec![0; meetings.len()],
            meetings,
            apart: busy.apart,
            regular,
            all,
        })
    }

    /// Takes linked blocks out of the days: their planned work, and the blocks that stay
    /// busy time (after their task's due day, or of a task not planned).
    pub(super) fn take(&mut self, blocked: &crate::capacity::blocks::Planned) {
        for d in 0..self.len() {
            let taken = blocked.planned[d] + blocked.busy[d];
            self.meetings[d] += blocked.busy[d];
            self.planned[d] += blocked.planned[d];
            self.regular[d] = self.regular[d].saturating_sub(taken);
            self.all[d] = self.regular[d] + self.profile.overtime[d];
        }
    }

    pub(super) fn len(&self) -> usize {
        self.regular.len()
    }

    pub(super) fn index(&self, day: NaiveDate) -> usize {
        ((day - self.first).num_days().max(0) as usize).min(self.len() - 1)
    }

    pub(super) fn date(&self, index: usize) -> NaiveDate {
        self.first + Duration::days(index as i64)
    }

    /// Jobs for commitments, tagged with the commitment's position in `items`.
    pub(super) fn jobs(&self, items: &[Commitment], first_owner: usize) -> Vec<Owned> {
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
    pub(super) fn spread(&self, minutes: u64, release: usize, deadline: usize) -> Vec<Job> {
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
    pub(super) fn verdict(&self, base: &[Owned], with: &[Owned]) -> (Verdict, u64, u64) {
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

    pub(super) fn earliest_finish(&self, base: &[Owned], asked: &Commitment) -> Option<NaiveDate> {
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
    pub(super) fn protect(
        &self,
        jobs: &[Owned],
        items: &[&Commitment],
        excluded: &[bool],
    ) -> Protected {
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
    pub(super) fn lateness(
        &self,
        jobs: &[Owned],
        plan: &Protected,
        items: &[&Commitment],
    ) -> Vec<Late> {
        // Per commitment: minutes missing over all its jobs, and its latest-finishing job.
        let mut missing = vec![0u64; items.len()];
        let mut worst: Vec<Option<(NaiveDate, Option<NaiveDate>)>> = vec![None; items.len()];
        let mut weeks: Vec<Vec<LateWeek>> = vec![Vec::new(); items.len()];
        let monday =
            |d: NaiveDate| d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
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
            if c.spread {
                weeks[o.owner].push(LateWeek {
                    week_start: monday(due).to_string(),
                    hours_late: fields::hours(plan.missing[j]),
                    finish: this.1.map(|f| f.to_string()),
                    days_late: days_late(this),
                });
            }
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
                    week_share_of: c.spread.then(|| monday(due).to_string()),
                    hours_late: fields::hours(missing[i]),
                    finish: finish.map(|f| f.to_string()),
                    days_late: days_late((due, finish)),
                    weeks: {
                        let mut w = std::mem::take(&mut weeks[i]);
                        w.sort_by(|a, b| a.week_start.cmp(&b.week_start));
                        w
                    },
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
    pub(super) fn weeks(
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
                let (capacity, planned) = (sum(&self.profile.regular), sum(&self.planned));
                let meetings = sum(&self.meetings);
                let fixed = meetings + planned;
                let (before, after) = (fixed + sum(before), fixed + sum(after));
                let ratio = |load: u64| {
                    (capacity > 0).then(|| (load as f64 / capacity as f64 * 100.0).round() / 100.0)
                };
                Some(WeekLoad {
                    week_start: start.to_string(),
                    capacity_minutes: capacity,
                    overtime_minutes: sum(&self.profile.overtime),
                    meetings_minutes: meetings,
                    planned_minutes: planned,
                    before_minutes: before,
                    after_minutes: after,
                    tentative_minutes: fixed + sum(tentative),
                    utilisation_before: ratio(before),
                    utilisation_after: ratio(after),
                })
            })
            .collect()
    }
}
