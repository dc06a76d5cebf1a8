//! The sentences the check answers with: the reply the user can send, and the note that
//! explains the finish dates. Apart from the planning so their wording can change alone.

use chrono::NaiveDate;

use super::Verdict;

/// A day in the reply and the note: with its weekday, rendered by the front end.
fn sentence_day(d: NaiveDate, _today: NaiveDate) -> String {
    crate::prose::weekday(d)
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

/// "Your estimates for Acme ran 1.3× over on the last 8 tasks: at 10.4 h this would not
/// fit." The calibrated verdict in a sentence.
pub(crate) fn calibrated_note(
    accuracy: &crate::capacity::accuracy::Accuracy,
    hours: f64,
    verdict: Verdict,
) -> String {
    let whose = match &accuracy.client {
        Some(name) => format!("Your estimates for {name}"),
        None => "Your estimates".to_owned(),
    };
    let how = if accuracy.ratio > 1.0 {
        format!("ran {}× over", accuracy.ratio)
    } else {
        format!("came in at {}× the time", accuracy.ratio)
    };
    let outcome = match verdict {
        Verdict::Fits => "this still fits",
        Verdict::FitsWithOvertime => "this fits only with overtime",
        Verdict::DoesNotFit => "this would not fit",
    };
    format!(
        "{whose} {how} on the last {} tasks: at {hours} h {outcome}.",
        accuracy.tasks
    )
}
