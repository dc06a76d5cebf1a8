//! Edited occurrences: their keys read against the series in the same file, and
//! RANGE=THISANDFUTURE.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;

use crate::calendar::events::When;
use crate::calendar::recurrence::{self, Series};
use crate::calendar::time;

use super::event::Incoming;
use super::values::{key_in, time_key, IcsTime};

/// Gives edited occurrences the key of the series' occurrence they replace, reading a
/// RECURRENCE-ID of the other value type against the series in the same file.
pub(super) fn rekey_overrides(incoming: &mut [Incoming]) {
    let firsts: HashMap<String, When> = incoming
        .iter()
        .filter(|e| e.recurrence.is_none())
        .map(|e| (e.uid.clone(), e.event.when))
        .collect();
    for e in incoming.iter_mut() {
        if let (Some(r), Some(first)) = (e.recurrence, firsts.get(&e.uid)) {
            let key = key_in(&r, first);
            e.recurrence = Some(IcsTime::At(
                Tz::UTC
                    .timestamp_opt(key, 0)
                    .single()
                    .unwrap_or_else(|| Tz::UTC.timestamp_opt(0, 0).unwrap()),
            ));
        }
    }
}

/// RANGE=THISANDFUTURE: the edit applies to that occurrence and every later one. The
/// series in the file ends before it, and the rest becomes a series of its own from the
/// edited occurrence on, with the same rule (its UID marked `#from-<key>`).
pub(super) fn apply_this_and_future(incoming: &mut [Incoming]) {
    let mut extra = vec![];
    for i in 0..incoming.len() {
        if !incoming[i].and_future {
            continue;
        }
        let Some(key) = incoming[i].recurrence.map(|r| time_key(&r)) else {
            continue;
        };
        let uid = incoming[i].uid.clone();
        let Some(master) = incoming
            .iter_mut()
            .find(|m| m.uid == uid && m.recurrence.is_none() && m.event.rrule.is_some())
        else {
            continue;
        };
        let Some(rule) = master.event.rrule.clone() else {
            continue;
        };
        // A COUNT goes on with what is left of it after the cut.
        let before = recurrence::starts_between_bounded(
            &Series {
                rrule: &rule,
                dtstart: master.event.when.dtstart(),
                exdates: &[],
            },
            master.event.when.dtstart().with_timezone(&Utc),
            time::from_key(key),
            100_000,
        )
        .map(|s| s.0.len())
        .unwrap_or(0);
        let rest_rule = rule
            .lines()
            .map(|l| {
                if recurrence::is_zone_line(l) {
                    return l.to_owned();
                }
                l.split(';')
                    .map(|p| match p.split_once('=') {
                        Some((k, v)) if k.eq_ignore_ascii_case("COUNT") => {
                            let left = v.parse::<usize>().unwrap_or(1).saturating_sub(before);
                            format!("COUNT={}", left.max(1))
                        }
                        _ => p.to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let cut = time::from_key(key - 1).format("%Y%m%dT%H%M%SZ").to_string();
        let truncate = |r: &str| {
            r.lines()
                .map(|l| {
                    if recurrence::is_zone_line(l) {
                        return l.to_owned();
                    }
                    let kept: Vec<&str> = l
                        .split(';')
                        .filter(|p| {
                            !p.to_ascii_uppercase().starts_with("UNTIL=")
                                && !p.to_ascii_uppercase().starts_with("COUNT=")
                        })
                        .collect();
                    format!("{};UNTIL={cut}", kept.join(";"))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        master.event.rrule = Some(truncate(&rule));
        let mut rest = incoming[i].event.clone();
        rest.rrule = Some(rest_rule);
        extra.push((i, rest));
    }
    for (i, rest) in extra.into_iter().rev() {
        let e = &mut incoming[i];
        let key = e.recurrence.map(|r| time_key(&r)).unwrap_or_default();
        e.uid = format!("{}#from-{key}", e.uid);
        e.recurrence = None;
        e.and_future = false;
        e.event = rest;
    }
}
