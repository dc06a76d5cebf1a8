//! Satisfaction scores (0–10) over time, and whether they are falling.
//!
//! The falling rule: the latest score is at least 2 points below the average of the
//! (up to) three scores before it, and there are at least two of those. One bad score
//! after a single good one is noise; two points below a settled average is a signal.
//! Compared in integers (latest × n ≤ sum − 2n), so no rounding decides it.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{fields, RelationshipError};
use crate::clients::{self, ClientId};
use crate::store::{now_utc, Writer};

/// How many scores the card's chart shows.
const CHART_POINTS: u32 = 12;

#[derive(Debug, Clone, Deserialize, Type)]
pub struct ScoreInput {
    pub client_id: ClientId,
    /// `YYYY-MM-DD`.
    pub day: String,
    pub score: i32,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Score {
    pub id: i64,
    pub day: NaiveDate,
    pub score: u8,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Trend {
    /// Oldest first, the last `CHART_POINTS`.
    pub scores: Vec<Score>,
    pub latest: Option<u8>,
    /// Average of the up to three scores before the latest, in tenths (72 = 7.2).
    pub previous_average_tenths: Option<u32>,
    pub falling: bool,
}

pub fn record_score(
    store: &mut impl Writer,
    input: &ScoreInput,
) -> Result<Score, RelationshipError> {
    store.write(|tx| {
        clients::get(tx, input.client_id)?;
        let day = fields::day("day", &input.day)?;
        let score = u8::try_from(input.score)
            .ok()
            .filter(|s| *s <= 10)
            .ok_or(RelationshipError::BadScore(input.score.to_string()))?;
        let note = fields::text("note", &input.note, 2000)?;
        tx.execute(
            "INSERT INTO satisfaction (client_id, day, score, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![input.client_id, day.to_string(), score, note, now_utc()],
        )?;
        let saved = Score {
            id: tx.last_insert_rowid(),
            day,
            score,
            note,
        };
        Ok(saved)
    })
}

pub fn delete_score(store: &mut impl Writer, id: i64) -> Result<(), RelationshipError> {
    store.write(|tx| {
        if tx.execute("DELETE FROM satisfaction WHERE id = ?1", [id])? == 0 {
            return Err(RelationshipError::NotFound("score", id));
        }
        Ok(())
    })
}

pub fn trend(conn: &Connection, client: ClientId) -> Result<Trend, RelationshipError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, day, score, note FROM satisfaction WHERE client_id = ?1 ORDER BY day DESC, id DESC LIMIT ?2",
    )?;
    let mut scores: Vec<Score> = stmt
        .query_map(params![client, CHART_POINTS], from_row)?
        .collect::<Result<_, _>>()?;
    scores.reverse();
    Ok(assess(scores))
}

/// The trend of scores given oldest first.
pub fn assess(scores: Vec<Score>) -> Trend {
    let values: Vec<u8> = scores.iter().map(|s| s.score).collect();
    Trend {
        scores,
        ..measure(&values)
    }
}

/// The trend of bare scores, oldest first (the health check has no rows to show).
pub(crate) fn measure(scores: &[u8]) -> Trend {
    let values: Vec<u32> = scores.iter().map(|&s| u32::from(s)).collect();
    let (latest, before) = match values.split_last() {
        Some((latest, before)) => (Some(*latest), &before[before.len().saturating_sub(3)..]),
        None => (None, &values[..0]),
    };
    let n = before.len() as u32;
    let sum: u32 = before.iter().sum();
    let previous_average_tenths = (n > 0).then(|| (sum * 10 + n / 2) / n);
    let falling = latest.is_some_and(|l| n >= 2 && l * n + 2 * n <= sum);
    Trend {
        latest: latest.map(|l| l as u8),
        previous_average_tenths,
        falling,
        scores: vec![],
    }
}

fn from_row(r: &Row) -> rusqlite::Result<Score> {
    Ok(Score {
        id: r.get(0)?,
        day: r.get(1)?,
        score: r.get(2)?,
        note: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn trend_of(values: &[u8]) -> Trend {
        assess(
            values
                .iter()
                .enumerate()
                .map(|(i, &s)| Score {
                    id: i as i64,
                    day: NaiveDate::from_ymd_opt(2026, 1, i as u32 + 1).unwrap(),
                    score: s,
                    note: String::new(),
                })
                .collect(),
        )
    }

    #[test]
    fn falling_means_two_points_below_the_average_of_the_three_before() {
        assert!(trend_of(&[8, 8, 9, 6]).falling, "6 vs 8.33");
        assert!(trend_of(&[9, 8, 7, 6]).falling, "6 vs 8.0: exactly 2");
        assert!(
            !trend_of(&[8, 8, 8, 7]).falling,
            "7 vs 8: one point is noise"
        );
        assert!(
            !trend_of(&[2, 9, 9, 9, 8]).falling,
            "only the three before count"
        );
        assert!(
            trend_of(&[9, 9, 6]).falling,
            "two previous scores are enough"
        );
        assert!(
            !trend_of(&[9, 3]).falling,
            "one previous score is not a trend"
        );
        assert!(!trend_of(&[]).falling);
        assert_eq!(trend_of(&[8, 8, 9, 6]).previous_average_tenths, Some(83));
        assert_eq!(trend_of(&[8, 8, 9, 6]).latest, Some(6));
    }

    #[test]
    fn scores_outside_0_to_10_are_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &clients::ClientInput::named("Acme")).unwrap();
        let input = |score| ScoreInput {
            client_id: acme.id,
            day: "2026-11-01".into(),
            score,
            note: String::new(),
        };
        assert!(matches!(
            record_score(&mut store, &input(11)),
            Err(RelationshipError::BadScore(_))
        ));
        assert!(matches!(
            record_score(&mut store, &input(-1)),
            Err(RelationshipError::BadScore(_))
        ));
        record_score(&mut store, &input(0)).unwrap();
        assert_eq!(trend(store.conn(), acme.id).unwrap().latest, Some(0));
    }
}
