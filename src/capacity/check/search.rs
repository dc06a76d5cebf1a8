//! Building the protected set for "what would slip": priority groups join while the set
//! stays feasible, then item by item, late items with their deadline relaxed to the day
//! they can finish (the algorithm is described in `check.rs`).

use super::days::Days;
use super::Owned;
use crate::capacity::plan::{self, Job, Overdue};

/// Slipping items searched for one by one in a priority group (see `protect_some`).
const MAX_SLIPS_SEARCHED: usize = 12;

/// Building the protected set: jobs by index, with deadlines relaxed for work that slips.
pub(super) struct Search<'a> {
    pub(super) days: &'a Days,
    pub(super) jobs: &'a [Owned],
    /// Job indices of each item.
    pub(super) owned: &'a [Vec<usize>],
    pub(super) deadline: Vec<usize>,
    /// Job indices protected so far: together they fit by `deadline`.
    pub(super) kept: Vec<usize>,
    pub(super) protected: Vec<bool>,
}

impl Search<'_> {
    pub(super) fn job(&self, j: usize) -> Job {
        Job {
            deadline: self.deadline[j],
            ..self.jobs[j].job
        }
    }

    pub(super) fn fits(&self, extra: &[usize]) -> bool {
        let jobs: Vec<Job> = self
            .kept
            .iter()
            .chain(extra.iter().flat_map(|&i| &self.owned[i]))
            .map(|&j| self.job(j))
            .collect();
        plan::feasible(&jobs, &self.days.all)
    }

    pub(super) fn keep(&mut self, item: usize) {
        self.kept.extend(self.owned[item].iter().copied());
        self.protected[item] = true;
    }

    /// The whole group if it fits; else, in deadline order, the longest prefix that fits
    /// joins, the next item slips, and the search goes on after it. Slipped items join
    /// last, each as soon as it can be done.
    pub(super) fn add_group(&mut self, group: &[usize]) {
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
    pub(super) fn slip(&mut self, item: usize) {
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
