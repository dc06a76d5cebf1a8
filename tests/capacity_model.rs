//! The capacity model checked against an independent maximum flow.
//!
//! `plan.rs` claims EDF over daily buckets finds the most work that can be done on time,
//! and that the fewest overtime minutes needed is the drop in shortfall when overtime is
//! added. Here both claims, and the verdicts `capacity::check_request` gives on a real
//! book, are compared with an Edmonds–Karp max flow written from scratch:
//! source → job (its minutes) → each day of its window (unbounded) → sink (the day's
//! capacity), with overtime as a second edge per day through a shared overtime node.

use juggle::capacity::TaskId;
use std::collections::VecDeque;

use chrono::{Datelike, Duration, NaiveDate};
use juggle::capacity::{
    self, plan, DayOffInput, Request, TaskInput, TaskStatus, Verdict, WorkingHoursInput,
};
use juggle::Store;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// An independent maximum flow (Edmonds–Karp: shortest augmenting paths by BFS).

const INF: u64 = u64::MAX / 4;

struct Flow {
    /// Per node: indices into `to`/`cap`.
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<u64>,
}

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            adj: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
        }
    }

    fn edge(&mut self, a: usize, b: usize, cap: u64) {
        self.adj[a].push(self.to.len());
        self.to.push(b);
        self.cap.push(cap);
        self.adj[b].push(self.to.len());
        self.to.push(a);
        self.cap.push(0);
    }

    fn max_flow(&mut self, s: usize, t: usize) -> u64 {
        let mut total = 0;
        loop {
            let mut via: Vec<Option<usize>> = vec![None; self.adj.len()];
            let mut seen = vec![false; self.adj.len()];
            seen[s] = true;
            let mut queue = VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                if u == t {
                    break;
                }
                for &e in &self.adj[u] {
                    let v = self.to[e];
                    if self.cap[e] > 0 && !seen[v] {
                        seen[v] = true;
                        via[v] = Some(e);
                        queue.push_back(v);
                    }
                }
            }
            if !seen[t] {
                return total;
            }
            let mut push = INF;
            let mut v = t;
            while let Some(e) = via[v] {
                push = push.min(self.cap[e]);
                v = self.to[e ^ 1];
            }
            let mut v = t;
            while let Some(e) = via[v] {
                self.cap[e] -= push;
                self.cap[e ^ 1] += push;
                v = self.to[e ^ 1];
            }
            total += push;
        }
    }
}

/// Most minutes of `jobs` that can be done on time with `regular[d]` minutes on day `d`,
/// plus up to `overtime[d]` more on day `d` but at most `budget` overtime minutes in all.
fn flow(jobs: &[plan::Job], regular: &[u64], overtime: &[u64], budget: u64) -> u64 {
    let days = regular.len();
    let (s, ot, t) = (0, 1, 2);
    let job_node = |j: usize| 3 + j;
    let day_node = |d: usize| 3 + jobs.len() + d;
    let mut g = Flow::new(3 + jobs.len() + days);
    for (j, job) in jobs.iter().enumerate() {
        g.edge(s, job_node(j), job.minutes);
        for d in job.release..=job.deadline.min(days.saturating_sub(1)) {
            if d < days {
                g.edge(job_node(j), day_node(d), INF);
            }
        }
    }
    for d in 0..days {
        g.edge(day_node(d), t, regular[d]);
        if overtime[d] > 0 {
            g.edge(day_node(d), ot, overtime[d]);
        }
    }
    g.edge(ot, t, budget);
    g.max_flow(s, t)
}

/// The jobs cut down to the minutes a maximum flow does on time: a feasible set.
fn on_time_part(jobs: &[plan::Job], capacity: &[u64]) -> Vec<plan::Job> {
    let days = capacity.len();
    let (s, t) = (0, 1);
    let mut g = Flow::new(2 + jobs.len() + days);
    let mut source_edges = Vec::new();
    for (j, job) in jobs.iter().enumerate() {
        source_edges.push(g.to.len());
        g.edge(s, 2 + j, job.minutes);
        for d in job.release..=job.deadline.min(days.saturating_sub(1)) {
            if d < days {
                g.edge(2 + j, 2 + jobs.len() + d, INF);
            }
        }
    }
    for (d, &c) in capacity.iter().enumerate() {
        g.edge(2 + jobs.len() + d, t, c);
    }
    g.max_flow(s, t);
    jobs.iter()
        .zip(source_edges)
        .map(|(job, e)| plan::Job {
            minutes: job.minutes - g.cap[e],
            ..*job
        })
        .collect()
}

fn total(jobs: &[plan::Job]) -> u64 {
    jobs.iter().map(|j| j.minutes).sum()
}

/// The fewest minutes left undone by their deadlines, by max flow.
fn missing(jobs: &[plan::Job], capacity: &[u64]) -> u64 {
    total(jobs) - flow(jobs, capacity, &vec![0; capacity.len()], 0)
}

/// The least overtime budget with which as much gets done as with all the overtime.
fn least_overtime(jobs: &[plan::Job], regular: &[u64], overtime: &[u64]) -> u64 {
    let all: u64 = overtime.iter().sum();
    let best = flow(jobs, regular, overtime, all);
    // Smallest budget reaching `best` (the flow only grows with the budget).
    let (mut lo, mut hi) = (0, all);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if flow(jobs, regular, overtime, mid) == best {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[test]
fn the_reference_flow_agrees_with_hand_worked_cases() {
    let job = |release, deadline, minutes| plan::Job {
        release,
        deadline,
        minutes,
    };
    // Day 2 alone offers 120 of the 200 minutes.
    assert_eq!(missing(&[job(2, 2, 200)], &[480, 480, 120]), 80);
    // Both due day 0 with 100 minutes: 120 + 60 cannot all fit; the second has day 1.
    assert_eq!(missing(&[job(0, 0, 120), job(0, 1, 60)], &[100, 60]), 20);
    // 60 more minutes needed; overtime 50 + 50 available.
    assert_eq!(
        least_overtime(&[job(0, 1, 260)], &[100, 100], &[50, 50]),
        60
    );
}

// ---------------------------------------------------------------------------------------
// (a) The model: EDF shortfall = total − max flow; overtime = shortfall difference.

fn jobs_strategy(days: usize) -> impl Strategy<Value = Vec<plan::Job>> {
    // Windows may run a day or two past the last day: that work can only be done within.
    proptest::collection::vec((0..days + 2, 0..days + 2, 0u64..=20), 1..=6).prop_map(|raw| {
        raw.into_iter()
            .map(|(a, b, minutes)| plan::Job {
                release: a.min(b),
                deadline: a.max(b),
                minutes,
            })
            .collect()
    })
}

fn instance() -> impl Strategy<Value = (Vec<plan::Job>, Vec<u64>, Vec<u64>)> {
    (1usize..=10).prop_flat_map(|days| {
        (
            jobs_strategy(days),
            proptest::collection::vec(0u64..=8, days),
            proptest::collection::vec(0u64..=8, days),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn edf_shortfall_is_total_minus_max_flow((jobs, regular, _overtime) in instance()) {
        let expected = missing(&jobs, &regular);
        prop_assert_eq!(plan::shortfall(&jobs, &regular), expected);
        prop_assert_eq!(plan::feasible(&jobs, &regular), expected == 0);
    }

    #[test]
    fn least_overtime_is_the_drop_in_shortfall((jobs, regular, overtime) in instance()) {
        let all: Vec<u64> = regular.iter().zip(&overtime).map(|(r, o)| r + o).collect();
        let (before, after) = (plan::shortfall(&jobs, &regular), plan::shortfall(&jobs, &all));
        prop_assert_eq!(after, missing(&jobs, &all));
        // The documented case (feasible with overtime) and the general one alike.
        prop_assert_eq!(before - after, least_overtime(&jobs, &regular, &overtime));
        if after == 0 {
            prop_assert!(flow(&jobs, &regular, &overtime, before) == total(&jobs));
            if before > 0 {
                prop_assert!(flow(&jobs, &regular, &overtime, before - 1) < total(&jobs));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `plan::latest` (used to reserve protected work) does, by every day, the least work
    /// any on-time plan must have done by then: total minus the most that fits after it.
    #[test]
    fn the_latest_plan_does_the_least_work_by_every_day((jobs, regular, _overtime) in instance()) {
        let jobs = on_time_part(&jobs, &regular);
        prop_assert_eq!(missing(&jobs, &regular), 0);
        let used = plan::latest(&jobs, &regular);
        prop_assert_eq!(used.len(), regular.len());
        prop_assert!(used.iter().zip(&regular).all(|(u, c)| u <= c));
        let mut done = 0;
        for (t, u) in used.iter().enumerate() {
            done += u;
            let after: Vec<u64> = regular.iter().enumerate().map(|(d, &c)| if d > t { c } else { 0 }).collect();
            prop_assert_eq!(done, total(&jobs) - flow(&jobs, &after, &vec![0; after.len()], 0), "by day {}", t);
        }
    }
}

// ---------------------------------------------------------------------------------------
// (b) The check on a real book, against the same flow over days built from the settings.

const HORIZON: i64 = 21;

#[derive(Debug, Clone)]
struct TaskSpec {
    /// Quarter hours.
    estimate: u32,
    done: u32,
    /// Offsets from today; `None`: no due day (not counted).
    due: Option<i64>,
    start: Option<i64>,
    status: TaskStatus,
    delegated: bool,
}

#[derive(Debug, Clone)]
struct Scenario {
    today: NaiveDate,
    /// Minutes per weekday, Monday first; overtime minutes per week.
    week: [u32; 7],
    overtime: u32,
    /// First day (offset from today) and length.
    day_off: Option<(i64, i64)>,
    tasks: Vec<TaskSpec>,
    /// Request: quarter hours, start and deadline offsets from today.
    hours: u32,
    start: Option<i64>,
    deadline: i64,
    /// Working windows per weekday (minutes from midnight; a weekday with windows works
    /// their total, whatever `week` says), and meetings: (day offset, start minute,
    /// length). Issue 18: only meeting time inside working time costs, once.
    windows: [Vec<(u32, u32)>; 7],
    meetings: Vec<(i64, u32, u32)>,
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn task_strategy() -> impl Strategy<Value = TaskSpec> {
    (
        1u32..=80,
        prop_oneof![4 => Just(0u32), 1 => 0u32..=40],
        prop_oneof![9 => (-3i64..=HORIZON).prop_map(Some), 1 => Just(None)],
        prop_oneof![2 => Just(None), 1 => (-3i64..=HORIZON).prop_map(Some)],
        prop_oneof![
            6 => Just(TaskStatus::Open),
            2 => Just(TaskStatus::InProgress),
            1 => Just(TaskStatus::Waiting),
            1 => Just(TaskStatus::Done)
        ],
        prop_oneof![9 => Just(false), 1 => Just(true)],
    )
        .prop_map(|(estimate, done, due, start, status, delegated)| {
            // The store refuses a start after the due day.
            let start = match (start, due) {
                (Some(s), Some(d)) => Some(s.min(d)),
                (s, _) => s,
            };
            TaskSpec {
                estimate,
                done,
                due,
                start,
                status,
                delegated,
            }
        })
}

/// No windows, one, or two in order (30-minute steps, within the day).
fn windows_strategy() -> impl Strategy<Value = Vec<(u32, u32)>> {
    prop_oneof![
        2 => Just(Vec::new()),
        1 => (12u32..=24, 1u32..=16).prop_map(|(a, l)| vec![(a * 30, ((a + l) * 30).min(1440))]),
        1 => (12u32..=20, 1u32..=8, 1u32..=4, 1u32..=10).prop_map(|(a, l1, gap, l2)| {
            let first = (a * 30, (a + l1) * 30);
            let second = ((a + l1 + gap) * 30, ((a + l1 + gap + l2) * 30).min(1440));
            vec![first, second]
        }),
    ]
}

fn meetings_strategy() -> impl Strategy<Value = Vec<(i64, u32, u32)>> {
    proptest::collection::vec(
        (1i64..=HORIZON, 0u32..96, 1u32..=16).prop_map(|(d, q, l)| {
            let start = q * 15;
            (d, start, (l * 15).min(1440 - start))
        }),
        0..=6,
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        (
            proptest::array::uniform7(windows_strategy()),
            meetings_strategy(),
        ),
        0i64..7,
        proptest::array::uniform7(
            prop_oneof![1 => Just(0u32), 3 => (0u32..=32).prop_map(|q| q * 15)],
        ),
        prop_oneof![1 => Just(0u32), 2 => 0u32..=600],
        proptest::option::of((1i64..=HORIZON, 0i64..4)),
        proptest::collection::vec(task_strategy(), 0..=4),
        1u32..=160,
        1i64..=HORIZON,
        proptest::option::of(0i64..=HORIZON),
    )
        .prop_map(
            |(
                (windows, meetings),
                shift,
                week,
                overtime,
                day_off,
                tasks,
                hours,
                deadline,
                start,
            )| Scenario {
                windows,
                meetings,
                today: day("2027-01-04") + Duration::days(shift),
                week,
                overtime,
                day_off,
                tasks,
                hours,
                start: start.map(|s| s.min(deadline)),
                deadline,
            },
        )
}

impl Scenario {
    fn at(&self, offset: i64) -> NaiveDate {
        self.today + Duration::days(offset)
    }

    fn first(&self) -> NaiveDate {
        self.today + Duration::days(1)
    }

    fn store(&self) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let input = WorkingHoursInput {
            weekday_hours: self.week.iter().map(|&m| clock(m)).collect(),
            overtime_hours: clock(self.overtime),
            weekday_windows: Some(
                self.windows
                    .iter()
                    .map(|day| {
                        day.iter()
                            .map(|&(a, b)| format!("{}-{}", clock(a), clock(b)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect(),
            ),
        };
        capacity::set_working_hours(&mut store, &input).unwrap();
        for &(offset, start, len) in &self.meetings {
            let at = |m: u32| {
                let t =
                    self.at(offset).and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(i64::from(m));
                t.format("%Y-%m-%dT%H:%M").to_string()
            };
            juggle::calendar::add_event(
                &mut store,
                &juggle::calendar::EventInput::meeting("Meeting", &at(start), &at(start + len)),
            )
            .unwrap();
        }
        if let Some((from, len)) = self.day_off {
            let off = DayOffInput {
                first_day: self.at(from).to_string(),
                last_day: self.at(from + len).to_string(),
                label: "Off".into(),
            };
            capacity::add_day_off(&mut store, &off).unwrap();
        }
        for (i, t) in self.tasks.iter().enumerate() {
            let input = TaskInput {
                title: format!("Task {i}"),
                estimate_hours: clock(t.estimate * 15),
                done_hours: clock(t.done * 15),
                earliest_start: t.start.map(|s| self.at(s).to_string()).unwrap_or_default(),
                due: t.due.map(|d| self.at(d).to_string()).unwrap_or_default(),
                status: t.status,
                delegated_to: if t.delegated {
                    "Sam".into()
                } else {
                    String::new()
                },
                ..Default::default()
            };
            capacity::tasks::add(&mut store, &input, self.today).unwrap();
        }
        store
    }

    fn request(&self) -> Request {
        Request {
            client_id: None,
            title: "Request".into(),
            hours: clock(self.hours * 15),
            start: self
                .start
                .map(|s| self.at(s).to_string())
                .unwrap_or_default(),
            deadline: self.at(self.deadline).to_string(),
            priority: None,
            slots: false,
        }
    }

    /// Day index from tomorrow, clamped to tomorrow.
    fn index(&self, date: NaiveDate) -> usize {
        (date - self.first()).num_days().max(0) as usize
    }

    /// The counted tasks as jobs (the rules of commitments.rs and check.rs, written again).
    fn base_jobs(&self) -> Vec<plan::Job> {
        self.tasks
            .iter()
            .filter(|t| {
                t.status != TaskStatus::Done
                    && !t.delegated
                    && t.estimate > t.done
                    && t.due.is_some()
            })
            .map(|t| {
                let release = self.index(t.start.map_or(self.first(), |s| self.at(s)));
                let deadline = self.index(self.at(t.due.unwrap())).max(release);
                plan::Job {
                    release,
                    deadline,
                    minutes: u64::from((t.estimate - t.done) * 15),
                }
            })
            .collect()
    }

    fn request_job(&self, deadline: usize) -> plan::Job {
        let release = self.index(self.start.map_or(self.first(), |s| self.at(s)));
        plan::Job {
            release,
            deadline,
            minutes: u64::from(self.hours * 15),
        }
    }

    /// Regular and overtime minutes for days 0..days (day 0 is tomorrow).
    fn capacity(&self, days: usize) -> (Vec<u64>, Vec<u64>) {
        let date = |d: usize| self.first() + Duration::days(d as i64);
        let off = |x: NaiveDate| {
            self.day_off
                .is_some_and(|(a, len)| x >= self.at(a) && x <= self.at(a + len))
        };
        let weekday = |x: NaiveDate| x.weekday().num_days_from_monday() as usize;
        let regular_on = |x: NaiveDate| {
            let windows = &self.windows[weekday(x)];
            if off(x) {
                0
            } else if windows.is_empty() {
                u64::from(self.week[weekday(x)])
            } else {
                windows.iter().map(|&(a, b)| u64::from(b - a)).sum()
            }
        };
        // Minute by minute: working minutes (a day's windows, or any minute on a day of
        // plain hours) covered by some meeting.
        let meeting_cost = |x: NaiveDate| {
            let mut covered = [false; 1440];
            for &(offset, start, len) in &self.meetings {
                if self.at(offset) == x {
                    covered[start as usize..(start + len) as usize].fill(true);
                }
            }
            let windows = &self.windows[weekday(x)];
            let working = |m: usize| {
                windows.is_empty()
                    || windows
                        .iter()
                        .any(|&(a, b)| (a as usize..b as usize).contains(&m))
            };
            (0..1440).filter(|&m| covered[m] && working(m)).count() as u64
        };
        let regular: Vec<u64> = (0..days)
            .map(|d| regular_on(date(d)).saturating_sub(meeting_cost(date(d))))
            .collect();
        let overtime = (0..days)
            .map(|d| {
                let x = date(d);
                if regular_on(x) == 0 {
                    return 0;
                }
                // The working days of x's week (Monday to Sunday), from tomorrow on.
                let monday = x - Duration::days(i64::from(x.weekday().num_days_from_monday()));
                let working: Vec<NaiveDate> = (0..7)
                    .map(|k| monday + Duration::days(k))
                    .filter(|&y| y >= self.first() && regular_on(y) > 0)
                    .collect();
                let n = working.len() as u64;
                let k = working.iter().position(|&y| y == x).unwrap() as u64;
                let a = u64::from(self.overtime);
                a / n + u64::from(k < a % n)
            })
            .collect();
        (regular, overtime)
    }

    /// (verdict, overtime minutes, short minutes) by the definition in check.rs.
    fn expected(&self) -> (Verdict, u64, u64) {
        let base = self.base_jobs();
        let asked = self.request_job(self.index(self.at(self.deadline)));
        let mut with = base.clone();
        with.push(asked);
        let days = with.iter().map(|j| j.deadline + 1).max().unwrap();
        let (regular, overtime) = self.capacity(days);
        let all: Vec<u64> = regular.iter().zip(&overtime).map(|(r, o)| r + o).collect();
        let (r0, r1) = (missing(&base, &regular), missing(&with, &regular));
        if r1 <= r0 {
            return (Verdict::Fits, 0, 0);
        }
        let (a0, a1) = (missing(&base, &all), missing(&with, &all));
        if a1 <= a0 {
            if r0 == 0 {
                // With the book fitting, that is the least overtime that makes it fit.
                assert_eq!(
                    r1 - r0,
                    least_overtime(&with, &regular, &overtime),
                    "{self:?}"
                );
            }
            (Verdict::FitsWithOvertime, r1 - r0, 0)
        } else {
            (Verdict::DoesNotFit, 0, a1 - a0)
        }
    }

    /// The earliest day the request fits over regular hours, by the definition: the
    /// smallest deadline not raising the shortfall, looked for up to a year past the last
    /// deadline. Binary search (a later deadline only adds edges), then both neighbours
    /// checked directly.
    fn expected_earliest(&self) -> Option<NaiveDate> {
        let base = self.base_jobs();
        let counted_due = self
            .tasks
            .iter()
            .filter(|t| t.status != TaskStatus::Done && !t.delegated && t.estimate > t.done)
            .filter_map(|t| t.due.map(|d| self.at(d)));
        let last_deadline = counted_due.chain([self.at(self.deadline)]).max().unwrap();
        let last = last_deadline.max(self.first()) + Duration::days(366);
        let hi = self.index(last);
        let release = self.request_job(0).release;
        let fits = |d: usize| {
            let (regular, _) =
                self.capacity(d.max(base.iter().map(|j| j.deadline).max().unwrap_or(0)) + 1);
            let mut with = base.clone();
            with.push(self.request_job(d));
            missing(&with, &regular) <= missing(&base, &regular)
        };
        if !fits(hi) {
            return None;
        }
        let (mut lo, mut top) = (release, hi);
        while lo < top {
            let mid = (lo + top) / 2;
            if fits(mid) {
                top = mid;
            } else {
                lo = mid + 1;
            }
        }
        assert!(fits(lo) && (lo == release || !fits(lo - 1)), "{self:?}");
        Some(self.first() + Duration::days(lo as i64))
    }
}

fn hours(minutes: u64) -> f64 {
    minutes as f64 / 60.0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn check_verdicts_match_the_flow_model(s in scenario()) {
        let store = s.store();
        let got = capacity::check_request(&store, &s.request(), s.today, chrono_tz::UTC).unwrap();
        let (verdict, overtime, short) = s.expected();
        prop_assert_eq!(got.verdict, verdict, "{:?}", s);
        prop_assert!((got.overtime_hours - hours(overtime)).abs() < 0.01, "overtime {} vs {} minutes: {:?}", got.overtime_hours, overtime, s);
        prop_assert!((got.short_hours - hours(short)).abs() < 0.01, "short {} vs {} minutes: {:?}", got.short_hours, short, s);
        // No bookings held: the what-if is the same answer.
        prop_assert_eq!(got.with_tentative.verdict, verdict);
        prop_assert_eq!(got.earliest_finish, s.expected_earliest().map(|d| d.to_string()), "{:?}", s);
    }
}

// ---------------------------------------------------------------------------------------
// (c) Earliest finish on hand-made books, against a day-by-day search.

fn plain(
    today: &str,
    week: [u32; 7],
    tasks: Vec<TaskSpec>,
    hours: u32,
    start: Option<i64>,
    deadline: i64,
) -> Scenario {
    Scenario {
        today: day(today),
        week,
        overtime: 0,
        day_off: None,
        tasks,
        hours: hours * 4,
        start,
        deadline,
        windows: Default::default(),
        meetings: Vec::new(),
    }
}

fn task(hours: u32, start: Option<i64>, due: i64) -> TaskSpec {
    TaskSpec {
        estimate: hours * 4,
        done: 0,
        due: Some(due),
        start,
        status: TaskStatus::Open,
        delegated: false,
    }
}

const WEEKDAYS: [u32; 7] = [480, 480, 480, 480, 480, 0, 0];

/// Checks the scenario's earliest finish against a linear search over the days, and
/// returns it.
fn earliest(s: &Scenario) -> Option<String> {
    let got = capacity::check_request(&s.store(), &s.request(), s.today, chrono_tz::UTC).unwrap();
    // Day by day from the request's release: the first deadline not raising the shortfall.
    let base = s.base_jobs();
    let release = s.request_job(0).release;
    let mut linear = None;
    for d in release..release + 120 {
        let (regular, _) =
            s.capacity(d.max(base.iter().map(|j| j.deadline).max().unwrap_or(0)) + 1);
        let mut with = base.clone();
        with.push(s.request_job(d));
        if missing(&with, &regular) <= missing(&base, &regular) {
            linear = Some((s.first() + Duration::days(d as i64)).to_string());
            break;
        }
    }
    let bisected = s.expected_earliest().map(|d| d.to_string());
    if linear.is_some() {
        assert_eq!(linear, bisected, "{s:?}");
    }
    assert_eq!(got.earliest_finish, bisected, "{s:?}");
    got.earliest_finish
}

#[test]
fn an_empty_book_finishes_after_the_hours_are_worked() {
    // Monday 4 January; from Tuesday, 8 hours a day: 20 hours end on Thursday.
    let s = plain("2027-01-04", WEEKDAYS, vec![], 20, None, 1);
    assert_eq!(earliest(&s).as_deref(), Some("2027-01-07"));
    // Exactly a day's worth ends on the first day.
    assert_eq!(
        earliest(&plain("2027-01-04", WEEKDAYS, vec![], 8, None, 1)).as_deref(),
        Some("2027-01-05")
    );
    // The weekend is skipped: 33 hours from Tuesday run into Monday.
    assert_eq!(
        earliest(&plain("2027-01-04", WEEKDAYS, vec![], 33, None, 1)).as_deref(),
        Some("2027-01-11")
    );
}

#[test]
fn earliest_finish_waits_for_the_requests_start_and_for_days_off() {
    let mut s = plain("2027-01-04", WEEKDAYS, vec![], 10, Some(3), 3);
    // From Thursday: Thursday 8, Friday 2.
    assert_eq!(earliest(&s).as_deref(), Some("2027-01-08"));
    s.day_off = Some((4, 3)); // Friday to Monday off.
    assert_eq!(earliest(&s).as_deref(), Some("2027-01-12"));
}

#[test]
fn earliest_finish_works_around_existing_work_without_making_it_late() {
    // 30 hours due Friday leave 2 of the week's 32 free; the task can move later, so 2
    // hours are done on Tuesday.
    let tasks = vec![task(30, None, 4)];
    assert_eq!(
        earliest(&plain("2027-01-04", WEEKDAYS, tasks.clone(), 2, None, 1)).as_deref(),
        Some("2027-01-05")
    );
    // 3 hours: only 2 free this week, so the last hour is on Monday.
    assert_eq!(
        earliest(&plain("2027-01-04", WEEKDAYS, tasks.clone(), 3, None, 1)).as_deref(),
        Some("2027-01-11")
    );
    // A task that may only start next week leaves this week free.
    let later = vec![task(40, Some(7), 11)];
    assert_eq!(
        earliest(&plain("2027-01-04", WEEKDAYS, later, 16, None, 1)).as_deref(),
        Some("2027-01-06")
    );
}

#[test]
fn an_overbooked_book_is_not_blamed_on_the_request() {
    // 50 hours due Wednesday: 34 are late whatever happens. The request fits after them
    // (the shortfall does not grow), on Thursday.
    let tasks = vec![task(50, None, 2)];
    let s = plain("2027-01-04", WEEKDAYS, tasks, 8, None, 10);
    assert_eq!(earliest(&s).as_deref(), Some("2027-01-07"));
    let got = capacity::check_request(&s.store(), &s.request(), s.today, chrono_tz::UTC).unwrap();
    assert_eq!(got.verdict, Verdict::Fits);
}

#[test]
fn a_request_too_big_for_the_year_has_no_earliest_finish() {
    // A year past the deadline holds about 2,100 working hours.
    let s = plain("2027-01-04", WEEKDAYS, vec![], 5_000, None, 5);
    assert_eq!(earliest(&s), None);
    let got = capacity::check_request(&s.store(), &s.request(), s.today, chrono_tz::UTC).unwrap();
    assert_eq!(got.verdict, Verdict::DoesNotFit);
    // No working hours at all: never.
    assert_eq!(
        earliest(&plain("2027-01-04", [0; 7], vec![], 1, None, 5)),
        None
    );
}

// ---------------------------------------------------------------------------------------
// What slips: a request never makes work of its own or a higher priority later.

/// A low-priority one-hour request that fits must make nothing later, even on a heavily
/// overbooked book (this once reported an on-time high-priority task as made late).
#[test]
fn a_low_priority_request_that_fits_makes_nothing_late_on_an_overbooked_book() {
    use juggle::clients::{self, ClientInput, Priority};
    let today = day("2027-01-03"); // a Sunday: tomorrow is a Monday
    let mut s = Store::open_in_memory().unwrap();
    let monday_hour = WorkingHoursInput {
        weekday_hours: ["1", "0", "0", "0", "0", "0", "0"]
            .map(String::from)
            .to_vec(),
        overtime_hours: String::new(),
        weekday_windows: None,
    };
    capacity::set_working_hours(&mut s, &monday_hour).unwrap();
    let high = clients::add(
        &mut s,
        &ClientInput {
            name: "High".into(),
            priority: Priority::High,
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let normal = clients::add(
        &mut s,
        &ClientInput {
            name: "Normal".into(),
            priority: Priority::Normal,
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    for (client, title, hours, due) in [
        (normal, "N", "100", "2027-01-04"),
        (high, "L", "56", "2027-01-05"),
        (high, "H2", "1", "2027-01-18"),
    ] {
        let input = TaskInput::due(title, hours, due).for_client(client);
        capacity::tasks::add(&mut s, &input, today).unwrap();
    }
    let request = Request {
        title: "R".into(),
        hours: "1".into(),
        deadline: "2027-01-25".into(),
        priority: Some(Priority::Low),
        ..Default::default()
    };
    let got = capacity::check_request(&s, &request, today, chrono_tz::UTC).unwrap();
    assert_eq!(got.verdict, Verdict::Fits);
    // Without the request: N and L are late (never finished), H2 is on time.
    let titles = |v: &[capacity::Late]| v.iter().map(|l| l.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&got.already_late), ["N", "L"]);
    // Got: ["N" (100 h late, was 99 h), "H2" (1 h, never finished)].
    assert_eq!(titles(&got.late), Vec::<String>::new());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// On random books, often overbooked, nothing listed in `late` outranks the request or
    /// shares its priority.
    #[test]
    fn a_request_never_makes_work_of_its_own_or_higher_priority_later(
        week in proptest::array::uniform7(0u32..=4),
        overtime in 0u32..=3,
        tasks in proptest::collection::vec((0usize..3, 1u32..=12, 0i64..=30, proptest::option::of(0i64..=30)), 1..=12),
        hours in 1u32..=10,
        deadline in 1i64..=14,
        rank in 0usize..3,
    ) {
        use juggle::clients::{self, ClientInput, Priority};
        let today = day("2027-01-04");
        let at = |o: i64| (today + Duration::days(o)).to_string();
        let mut s = Store::open_in_memory().unwrap();
        let weekday_hours = week.iter().map(|h| h.to_string()).collect();
        capacity::set_working_hours(&mut s, &WorkingHoursInput { weekday_hours, overtime_hours: overtime.to_string(), weekday_windows: None }).unwrap();
        let priorities = [Priority::High, Priority::Normal, Priority::Low];
        let ids: Vec<_> = (0..3)
            .map(|i| clients::add(&mut s, &ClientInput { name: format!("C{i}"), priority: priorities[i], ..Default::default() }).unwrap().id)
            .collect();
        for (i, &(c, h, due, start)) in tasks.iter().enumerate() {
            let start = start.map(|x| at(x.min(due))).unwrap_or_default();
            let input = TaskInput { client_id: Some(ids[c]), title: format!("T{i}"), estimate_hours: h.to_string(), due: at(due), earliest_start: start, ..Default::default() };
            capacity::tasks::add(&mut s, &input, today).unwrap();
        }
        let request = Request { title: "R".into(), hours: hours.to_string(), deadline: at(deadline), priority: Some(priorities[rank]), ..Default::default() };
        let got = capacity::check_request(&s, &request, today, chrono_tz::UTC).unwrap();
        for l in &got.late {
            let t = capacity::tasks::get(s.conn(), TaskId(l.id), today).unwrap();
            prop_assert!(t.client_priority.rank() > priorities[rank].rank(), "{} ({:?}) made late by a {:?} request: {:#?}", t.title, t.client_priority, priorities[rank], got.late);
        }
    }
}
