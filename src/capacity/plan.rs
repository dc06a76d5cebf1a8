//! The scheduling model behind the capacity check, and its one algorithm.
//!
//! # The model
//! Time is whole days, numbered from the first day that counts (tomorrow: today is already
//! under way). Day `d` offers `capacity[d]` minutes of work. A job needs `minutes` of work,
//! may be worked on any day from `release` to `deadline` (both inclusive), and work is
//! divisible: any number of minutes on any of those days, in any split.
//!
//! # The algorithm: earliest deadline first over daily buckets
//! Walk the days in order. Each day, spend its minutes on the released, unfinished jobs,
//! the one with the earliest deadline first, until the day is full or nothing is left.
//!
//! With jobs dropped once their deadline has passed, this finds the *most* work that can be
//! done on time (Glover's greedy for convex bipartite graphs, which this is: a job's days
//! are an interval). Exchange argument: if an optimal plan spends a minute of day `d` on a
//! job with a later deadline than the one EDF picks, swap the two minutes; both stay within
//! their windows (the EDF job is released by `d` and due no earlier than the other one),
//! and no job loses on-time work. So:
//!
//! - a set of jobs is feasible exactly when EDF leaves nothing missing, and
//! - the minutes EDF leaves missing are the fewest any plan can leave missing.
//!
//! Overtime is a second, separate daily capacity (the week's allowance spread over its
//! working days). The fewest overtime minutes that make a set feasible is
//! `missing(regular) − missing(regular + overtime)`: in flow terms, a maximum flow over
//! regular capacity extends to a maximum flow over both without ever giving back regular
//! minutes (augmenting paths never reduce flow into the sink).
//!
//! Runs in O((jobs + days) · log jobs).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Work to place: `minutes` between day `release` and day `deadline`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub release: usize,
    pub deadline: usize,
    pub minutes: u64,
}

/// What to do with a job whose deadline has passed with work left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    /// Drop its rest: EDF then maximises on-time work (feasibility, shortfalls).
    Drop,
    /// Keep working on it, before anything due later (a realistic plan; lateness).
    Finish,
}

/// What EDF did with each job and each day.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Per job: minutes not done by the end of its deadline day.
    pub missing: Vec<u64>,
    /// Per job: the day its last minute was done (`None`: not finished within the days).
    pub finish: Vec<Option<usize>>,
    /// Per day: minutes worked.
    pub used: Vec<u64>,
    /// Per job: the minutes it got, as (day, minutes) in day order.
    pub work: Vec<Vec<(usize, u64)>>,
}

impl Outcome {
    pub fn total_missing(&self) -> u64 {
        self.missing.iter().sum()
    }
}

/// Earliest deadline first over `capacity` (minutes per day). `class` orders jobs before
/// deadlines: each day, class 0 jobs get the minutes first (the commitments being
/// protected), then class 1. Pass all zeros for plain EDF.
pub fn edf(jobs: &[Job], class: &[u8], capacity: &[u64], overdue: Overdue) -> Outcome {
    run(jobs, class, capacity, None, overdue, None)
}

/// EDF that keeps working on late jobs, ordered by `deadline` (which may be later than
/// promised), with `missing` counted against the promised day `due[j]` instead.
pub fn edf_against(jobs: &[Job], class: &[u8], capacity: &[u64], due: &[usize]) -> Outcome {
    run(jobs, class, capacity, None, Overdue::Finish, Some(due))
}

/// The plan a person would follow: EDF over regular hours, with overtime worked only on
/// the day something falls due (or is already late) and regular hours don't suffice.
/// Used to show load per week; verdicts come from `shortfall`.
pub fn working_plan(jobs: &[Job], class: &[u8], regular: &[u64], overtime: &[u64]) -> Outcome {
    run(jobs, class, regular, Some(overtime), Overdue::Finish, None)
}

fn run(
    jobs: &[Job],
    class: &[u8],
    capacity: &[u64],
    overtime: Option<&[u64]>,
    overdue: Overdue,
    due: Option<&[usize]>,
) -> Outcome {
    debug_assert_eq!(jobs.len(), class.len());
    let days = capacity.len();
    let mut by_release: Vec<usize> = (0..jobs.len()).collect();
    by_release.sort_unstable_by_key(|&j| jobs[j].release);

    let mut left: Vec<u64> = jobs.iter().map(|j| j.minutes).collect();
    let mut on_time = vec![0u64; jobs.len()];
    let mut out = Outcome {
        missing: vec![0; jobs.len()],
        finish: vec![None; jobs.len()],
        used: vec![0; days],
        work: vec![Vec::new(); jobs.len()],
    };
    for (j, job) in jobs.iter().enumerate() {
        if job.minutes == 0 {
            out.finish[j] = Some(job.release.min(days.saturating_sub(1)));
        }
    }
    let mut next = 0;
    let mut ready: BinaryHeap<Reverse<(u8, usize, usize)>> = BinaryHeap::new();
    for day in 0..days {
        while next < by_release.len() && jobs[by_release[next]].release <= day {
            let j = by_release[next];
            if left[j] > 0 {
                ready.push(Reverse((class[j], jobs[j].deadline, j)));
            }
            next += 1;
        }
        let mut free = capacity[day];
        while free > 0 {
            let Some(&Reverse((_, deadline, j))) = ready.peek() else {
                break;
            };
            if deadline < day && overdue == Overdue::Drop {
                ready.pop();
                continue;
            }
            let work = free.min(left[j]);
            left[j] -= work;
            free -= work;
            out.work[j].push((day, work));
            if day <= due.map_or(deadline, |d| d[j]) {
                on_time[j] += work;
            }
            if left[j] == 0 {
                ready.pop();
                out.finish[j] = Some(day);
            }
        }
        out.used[day] = capacity[day] - free;
        let mut extra = overtime.map_or(0, |o| o[day]);
        while extra > 0 {
            let Some(&Reverse((_, deadline, j))) = ready.peek() else {
                break;
            };
            if deadline > day {
                break;
            }
            let work = extra.min(left[j]);
            left[j] -= work;
            extra -= work;
            out.work[j].push((day, work));
            out.used[day] += work;
            if day <= due.map_or(deadline, |d| d[j]) {
                on_time[j] += work;
            }
            if left[j] == 0 {
                ready.pop();
                out.finish[j] = Some(day);
            }
        }
    }
    for (j, job) in jobs.iter().enumerate() {
        out.missing[j] = job.minutes - on_time[j];
    }
    out
}

/// The fewest minutes any plan must leave undone by their deadlines.
pub fn shortfall(jobs: &[Job], capacity: &[u64]) -> u64 {
    edf(jobs, &vec![0; jobs.len()], capacity, Overdue::Drop).total_missing()
}

/// Minutes per day of the as-late-as-possible plan of a feasible set: EDF run backwards
/// in time (latest release first). It does the least work by every day of any on-time
/// plan, which leaves the most room early for other work.
pub fn latest(jobs: &[Job], capacity: &[u64]) -> Vec<u64> {
    let days = capacity.len();
    if days == 0 {
        return vec![];
    }
    let flip = |d: usize| days - 1 - d;
    let reversed: Vec<Job> = jobs
        .iter()
        .map(|j| Job {
            release: flip(j.deadline.min(days - 1)),
            deadline: flip(j.release.min(days - 1)),
            minutes: j.minutes,
        })
        .collect();
    let reversed_capacity: Vec<u64> = capacity.iter().rev().copied().collect();
    let mut used = edf(
        &reversed,
        &vec![0; jobs.len()],
        &reversed_capacity,
        Overdue::Drop,
    )
    .used;
    used.reverse();
    used
}

/// Whether every job can be done by its deadline.
pub fn feasible(jobs: &[Job], capacity: &[u64]) -> bool {
    shortfall(jobs, capacity) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(release: usize, deadline: usize, minutes: u64) -> Job {
        Job {
            release,
            deadline,
            minutes,
        }
    }

    #[test]
    fn edf_meets_deadlines_a_fifo_order_would_miss() {
        // The long job arrives first but is due last; EDF interleaves.
        let jobs = [job(0, 3, 300), job(1, 1, 60)];
        let out = edf(&jobs, &[0, 0], &[120; 4], Overdue::Drop);
        assert_eq!(out.missing, vec![0, 0]);
        assert_eq!(out.finish, vec![Some(2), Some(1)]);
        assert_eq!(out.used, vec![120, 120, 120, 0]);
    }

    #[test]
    fn work_cannot_start_before_its_release_even_with_idle_days() {
        let jobs = [job(2, 2, 200)];
        assert_eq!(shortfall(&jobs, &[480, 480, 120]), 80);
    }

    #[test]
    fn drop_mode_gives_up_on_a_late_job_so_others_stay_on_time() {
        // Both due day 0; 100 minutes of room. 140 must be missing whatever the plan.
        let jobs = [job(0, 0, 120), job(0, 1, 60)];
        let out = edf(&jobs, &[0, 0], &[100, 60], Overdue::Drop);
        assert_eq!(out.total_missing(), 20);
        assert_eq!(out.missing, vec![20, 0]);
    }

    #[test]
    fn finish_mode_keeps_working_on_late_jobs_and_reports_their_finish_day() {
        let jobs = [job(0, 0, 120), job(0, 3, 60)];
        let out = edf(&jobs, &[0, 0], &[100, 60, 60, 60], Overdue::Finish);
        // Day 1 finishes the late job first (earliest deadline), then starts the other.
        assert_eq!(out.missing, vec![20, 0]);
        assert_eq!(out.finish, vec![Some(1), Some(2)]);
    }

    #[test]
    fn the_latest_plan_leaves_early_days_free() {
        let jobs = [job(0, 3, 120), job(1, 2, 60)];
        assert_eq!(latest(&jobs, &[60; 4]), vec![0, 60, 60, 60]);
        assert_eq!(latest(&[job(0, 3, 150)], &[60; 4]), vec![0, 30, 60, 60]);
    }

    #[test]
    fn the_working_plan_does_overtime_only_on_the_day_work_falls_due() {
        // 150 minutes due day 1, 120 minutes of regular time, 60 of overtime a day.
        let out = working_plan(
            &[job(0, 1, 150), job(0, 3, 60)],
            &[0, 0],
            &[60, 60, 60, 60],
            &[60; 4],
        );
        assert_eq!(out.used, vec![60, 90, 60, 0]);
        assert_eq!(out.missing, vec![0, 0]);
    }

    #[test]
    fn class_zero_jobs_are_served_first_even_when_due_later() {
        let jobs = [job(0, 0, 60), job(0, 1, 120)];
        let out = edf(&jobs, &[1, 0], &[60, 60, 60], Overdue::Finish);
        assert_eq!(out.finish, vec![Some(2), Some(1)]);
        assert_eq!(out.missing, vec![60, 0]);
    }
}
