//! The real-world corpus (`../shared/realworld/`, see its SOURCES.md) imported into fresh
//! books and compared with independent readers: python's `icalendar` +
//! `recurring_ical_events` for the calendars (every occurrence's uid, start, end and
//! all-day flag in a fixed window) and `vobject` for the address books. The python side
//! is tests/oracle/*.py; scripts/setup.sh installs tests/oracle/requirements.txt.
//!
//! A difference fails the test unless it is one of the deliberate ones below, each named
//! and explained in docs/calendar-import.md ("Deliberate differences").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use juggle::calendar::{self, ics, Filter};
use juggle::clients;
use juggle::Store;
use serde_json::Value;

const FROM: &str = "1990-01-01";
/// Inclusive for Juggle, exclusive (the next day) for the oracle.
const TO: &str = "2030-12-31";
const TO_EXCLUSIVE: &str = "2031-01-01";

/// Calendar files where Juggle deliberately differs from the oracle, by name (see
/// docs/calendar-import.md for each reason). Every other file must match exactly.
/// "lenient-values", "cancelled-removed" and "until-inclusive" are deliberate; the "gap-*"
/// entries are known differences not yet resolved, listed so that a new difference (or a
/// fixed one) shows.
const ICS_DELIBERATE: &[(&str, &str)] = &[
    ("icalendar_exchange_cdo_gmt_tzid.ics", "lenient-values"),
    ("icalendar_google_parsing_error.ics", "lenient-values"),
    ("vobject_vobject_0050.ics", "lenient-values"),
    ("icaljs_google_birthday.ics", "lenient-values"),
    ("sabre_until_respects_tz.ics", "until-inclusive"),
    ("khal_event_rrule_recuid_cancelled.ics", "cancelled-removed"),
    ("vobject_radicale_0827.ics", "cancelled-removed"),
];

/// Occurrence as both sides give it: uid, start, end, all-day.
type Occ = (String, String, String, bool);

/// The corpus folder: `$JUGGLE_REALWORLD_DIR`, else `../shared/realworld` beside the
/// checkout when it is there (where new files are added first), else the copy kept in
/// `tests/fixtures/realworld` (same files, same SOURCES.md), so a clean clone tests it too.
fn corpus_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("JUGGLE_REALWORLD_DIR") {
        return PathBuf::from(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/realworld");
    if shared.join("ics").is_dir() {
        shared
    } else {
        root.join("tests/fixtures/realworld")
    }
}

fn corpus(kind: &str) -> Vec<PathBuf> {
    let dir = corpus_root().join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the real-world corpus is missing at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in {}", dir.display());
    files
}

/// Runs an oracle script; a missing python or python package fails with the fix.
fn oracle(script: &str, args: &[String]) -> BTreeMap<PathBuf, Value> {
    let python = std::env::var("JUGGLE_PYTHON").unwrap_or_else(|_| "python3".into());
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(script);
    let fix = "install the oracle with `pip install -r tests/oracle/requirements.txt` \
               (scripts/setup.sh does it), or point JUGGLE_PYTHON at a python that has it";
    let out = Command::new(&python)
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{python}` for the oracle ({e}): {fix}"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the oracle {script} failed ({}): {fix}\n{text}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("oracle output is JSON"))
        .map(|v| (PathBuf::from(v["file"].as_str().unwrap_or_default()), v))
        .collect()
}

fn pin_zone() {
    // Floating times are read in the user's zone: pin it on both sides.
    std::env::set_var("JUGGLE_TZ", "UTC");
}

fn juggle_occurrences(path: &Path, text: &str) -> Result<(Vec<Occ>, ics::ImportReport), String> {
    let mut store = Store::open_in_memory().map_err(|e| e.to_string())?;
    let report = ics::import_file(&mut store, path, None, None).map_err(|e| e.to_string())?;
    let occ = calendar::occurrences(
        &store,
        FROM.parse().unwrap(),
        TO.parse().unwrap(),
        Tz::UTC,
        &Filter::default(),
    )
    .map_err(|e| e.to_string())?;
    let utc = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| {
                t.with_timezone(&Utc)
                    .format("%Y-%m-%dT%H:%M:%SZ")
                    .to_string()
            })
            .unwrap_or_else(|_| s.to_owned())
    };
    let mut out: Vec<Occ> = occ
        .into_iter()
        .filter(|o| o.source == calendar::Source::Event)
        .map(|o| {
            // A UID Juggle derived for an event without one is not in the file.
            // A series split by RANGE=THISANDFUTURE keeps the file's UID before `#from-`.
            // and an occurrence whose series is not in the file, before `#occ-`.
            let uid = o.uid.split("#from-").next().unwrap_or_default();
            let uid = uid.split("#occ-").next().unwrap_or_default().to_owned();
            let uid = if text.contains(&uid) {
                uid
            } else {
                String::new()
            };
            if o.all_day {
                (uid, o.start, o.end, true)
            } else {
                (uid, utc(&o.start), utc(&o.end), false)
            }
        })
        .collect();
    out.sort();
    Ok((out, report))
}

/// `a` minus `b`, as multisets.
fn minus(a: &[Occ], b: &[Occ]) -> Vec<Occ> {
    let mut rest = b.to_vec();
    let mut out = vec![];
    for x in a {
        match rest.iter().position(|y| y == x) {
            Some(i) => {
                rest.swap_remove(i);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

fn occ_list(v: &Value) -> Vec<Occ> {
    let mut out: Vec<Occ> = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| {
                    (
                        o[0].as_str().unwrap_or_default().to_owned(),
                        o[1].as_str().unwrap_or_default().to_owned(),
                        o[2].as_str().unwrap_or_default().to_owned(),
                        o[3].as_bool().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_corpus_calendar_imports_the_occurrences_an_independent_reader_finds() {
    pin_zone();
    let files = corpus("ics");
    compare_calendars("ICS CORPUS", &files, ICS_DELIBERATE);
}

/// Files written for this suite, one per class of time zone a calendar may define for
/// itself (tests/fixtures/zones: custom names, out-of-date and invented rules, southern
/// rules, only STANDARD, changes as RDATEs, a series with EXDATE and an edited
/// occurrence in such a zone): each must give what the independent reader gives.
#[test]
fn calendars_that_define_their_own_zones_import_what_an_independent_reader_finds() {
    pin_zone();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zones");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ics"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{}", dir.display());
    compare_calendars("ZONE FILES", &files, &[]);
}

/// Imports each file and compares its occurrences with the oracle's; fails on any
/// difference not listed in `deliberate` (and on a listed file that matches).
fn compare_calendars(label: &str, files: &[PathBuf], deliberate_files: &[(&str, &str)]) {
    let mut args = vec![FROM.to_owned(), TO_EXCLUSIVE.to_owned()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let expected = oracle("ics_occurrences.py", &args);
    let (mut matching, mut compared, mut lost, mut added) = (0, 0, 0, 0);
    let mut failures = vec![];
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let ours = juggle_occurrences(file, &text);
        let Some(want) = expected.get(file).and_then(|v| v.get("occurrences")) else {
            // The oracle can't read it: Juggle must still import without failing.
            eprintln!(
                "{name}: oracle cannot read it ({}); Juggle: {:?}",
                expected
                    .get(file)
                    .map(|v| v["error"].to_string())
                    .unwrap_or_default(),
                ours.as_ref().map(|o| (o.0.len(), &o.1))
            );
            if let Err(e) = ours {
                failures.push(format!("{name}: import failed: {e}"));
            }
            continue;
        };
        compared += 1;
        let want: Vec<Occ> = occ_list(want)
            .into_iter()
            .map(instant_as_half_hour)
            .collect();
        let (got, report) = match ours {
            Ok(x) => x,
            Err(e) => (vec![], ics::ImportReport::default())
                .tap(|_| failures.push(format!("{name}: import failed: {e}"))),
        };
        let missing = minus(&want, &got);
        let extra = minus(&got, &want);
        lost += missing.len();
        added += extra.len();
        if missing.is_empty() && extra.is_empty() {
            matching += 1;
            if deliberate_files.iter().any(|(f, _)| *f == name) {
                failures.push(format!("{name}: matches now; take it off ICS_DELIBERATE"));
            }
            continue;
        }
        let deliberate = deliberate_files.iter().find(|(f, _)| *f == name);
        eprintln!(
            "{name}: {} lost, {} added{}\n  lost: {:?}\n  added: {:?}\n  skipped: {:?}",
            missing.len(),
            extra.len(),
            deliberate
                .map(|d| format!(" (deliberate: {})", d.1))
                .unwrap_or_default(),
            &missing[..missing.len().min(4)],
            &extra[..extra.len().min(4)],
            report.skipped
        );
        if deliberate.is_none() {
            failures.push(format!(
                "{name}: {} lost, {} added",
                missing.len(),
                extra.len()
            ));
        }
    }
    eprintln!(
        "{label}: {matching}/{compared} files match the oracle ({} files in all); \
         {lost} occurrences lost, {added} added",
        files.len()
    );
    assert!(failures.is_empty(), "differences:\n{}", failures.join("\n"));
}

/// Deliberate difference "instant-as-half-hour": a timed event without an end (or with
/// its end at its start) is an instant in RFC 5545; Juggle shows it for 30 minutes.
fn instant_as_half_hour(o: Occ) -> Occ {
    if o.3 || o.1 != o.2 {
        return o;
    }
    let end = DateTime::parse_from_rfc3339(&o.1)
        .map(|t| {
            (t + chrono::Duration::minutes(30))
                .with_timezone(&Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
        .unwrap_or(o.2);
    (o.0, o.1, end, false)
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&Self)) -> Self {
        f(&self);
        self
    }
}
impl<T> Tap for T {}

/// Address books where Juggle deliberately differs (docs/calendar-import.md):
/// "phone-refused" — a phone value the contact form refuses ("MobilePhone", a bare
/// extension) is left out and reported, the contact kept; "escaped-comma-fn" — vobject
/// cuts an FN at an escaped comma, Juggle keeps the whole name.
const VCF_DELIBERATE: &[(&str, &str)] = &[
    ("ezvcard_outlook_2003.vcf", "phone-refused"),
    ("ical4jvcard_sap.vcf", "phone-refused"),
    ("ezvcard_johndoe_gmail.vcf", "escaped-comma-fn"),
];

/// A card as compared: name, and whether it has an email and a phone.
type Card = (String, bool, bool);

#[test]
fn every_corpus_address_book_imports_the_contacts_an_independent_reader_finds() {
    let files = corpus("vcf");
    let args: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let expected = oracle("vcf_contacts.py", &args);
    let (mut matching, mut compared, mut lost, mut added) = (0, 0, 0, 0);
    let mut failures = vec![];
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut store = Store::open_in_memory().unwrap();
        let report = juggle::exchange::import_vcard_file(&mut store, file);
        let mut got: Vec<Card> = vec![];
        for client in clients::list(&store, true).unwrap() {
            for c in clients::list_contacts(&store, client.id, true).unwrap() {
                got.push((c.name, c.email.is_some(), c.phone.is_some()));
            }
        }
        got.sort();
        let Some(cards) = expected.get(file).and_then(|v| v.get("cards")) else {
            eprintln!("{name}: oracle cannot read it; Juggle: {report:?}");
            if let Err(e) = report {
                failures.push(format!("{name}: import failed: {e}"));
            }
            continue;
        };
        compared += 1;
        // Deliberate: a card without ORG (or without any name) is skipped and reported,
        // since Juggle files every person under a client (docs/calendar-import.md).
        let mut want: Vec<Card> = cards
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| !c[1].as_str().unwrap_or_default().is_empty())
            .filter(|c| !c[0].as_str().unwrap_or_default().is_empty())
            .map(|c| {
                (
                    c[0].as_str().unwrap_or_default().to_owned(),
                    c[2].as_u64().unwrap_or(0) > 0,
                    c[3].as_u64().unwrap_or(0) > 0,
                )
            })
            .collect();
        want.sort();
        let missing: Vec<_> = want.iter().filter(|c| !got.contains(c)).collect();
        let extra: Vec<_> = got.iter().filter(|c| !want.contains(c)).collect();
        lost += missing.len();
        added += extra.len();
        if missing.is_empty() && extra.is_empty() {
            matching += 1;
            continue;
        }
        eprintln!("{name}: lost {missing:?}, added {extra:?}; report {report:?}");
        if VCF_DELIBERATE.iter().any(|(f, _)| *f == name) {
            continue;
        }
        failures.push(format!(
            "{name}: {} lost, {} added",
            missing.len(),
            extra.len()
        ));
    }
    eprintln!(
        "VCF CORPUS: {matching}/{compared} files match the oracle ({} files in all); \
         {lost} cards lost, {added} added",
        files.len()
    );
    assert!(failures.is_empty(), "differences:\n{}", failures.join("\n"));
}
