//! A zone's UTC offsets through some years, from a VTIMEZONE's own rules.

use chrono::NaiveDateTime;

/// A zone's offsets through some years, from its own rules.
#[derive(Debug, Clone)]
pub(in crate::calendar) struct Offsets {
    /// The offset before the first change.
    pub(super) first: i32,
    /// Changes: UTC seconds, offset after; in order.
    pub(super) onsets: Vec<(i64, i32)>,
    /// The smallest and largest offsets.
    pub(super) range: (i32, i32),
}

impl Offsets {
    pub(super) fn new(first: i32, onsets: Vec<(i64, i32)>) -> Offsets {
        let all = onsets.iter().map(|(_, o)| *o).chain([first]);
        let range = (
            all.clone().min().unwrap_or(first),
            all.max().unwrap_or(first),
        );
        Offsets {
            first,
            onsets,
            range,
        }
    }

    /// The offset in force at an instant (UTC seconds).
    pub(in crate::calendar) fn at_instant(&self, ts: i64) -> i32 {
        match self.onsets.partition_point(|(at, _)| *at <= ts) {
            0 => self.first,
            i => self.onsets[i - 1].1,
        }
    }

    /// The offset of a wall-clock time, as RFC 5545 §3.3.5 says: a time the clocks pass
    /// twice is the first of them (the offset before the change); a time they skip is
    /// read with the offset before the gap.
    pub(in crate::calendar) fn for_wall(&self, wall: NaiveDateTime) -> i32 {
        let as_utc = wall.and_utc().timestamp();
        // Only the offsets in force while this wall time can be: a few, found by search.
        let (lo, hi) = (
            as_utc - i64::from(self.range.1),
            as_utc - i64::from(self.range.0),
        );
        let from = self.onsets.partition_point(|(at, _)| *at <= lo);
        let to = self.onsets.partition_point(|(at, _)| *at <= hi);
        let mut offsets: Vec<i32> = self.onsets[from..to].iter().map(|(_, o)| *o).collect();
        offsets.push(self.at_instant(lo));
        offsets.sort_unstable();
        offsets.dedup();
        let at = |o: i32| self.at_instant(as_utc - i64::from(o));
        // The offsets that give this wall time; the largest is the earliest instant.
        if let Some(o) = offsets.iter().rev().find(|o| at(**o) == **o) {
            return *o;
        }
        // Skipped: the offset in force just before the gap.
        offsets.last().map_or(self.first, |o| at(*o))
    }

    /// The smallest and largest offsets.
    pub(in crate::calendar) fn range(&self) -> (i32, i32) {
        self.range
    }
}
