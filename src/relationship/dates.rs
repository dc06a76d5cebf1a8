//! Important dates: birthdays, weddings, vacations, launches… for a client or one of its
//! people. Yearly dates recur on their month and day; they reach the calendar and the card
//! by being computed for the days asked about, never copied.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::fields::{self, kinds};
use super::RelationshipError;
use crate::clients::{self, ClientId, ContactId};
use crate::store::{now_utc, Store, Writer};

crate::store::id!(DateId);

/// The year address books use for "year unknown" (vCard `--MMDD`): a leap year, so that
/// 29 February survives.
pub const UNKNOWN_YEAR: i32 = 1604;

kinds! {
    DateKind {
        Birthday = "birthday",
        Wedding = "wedding",
        Vacation = "vacation",
        Graduation = "graduation",
        Launch = "launch",
        Anniversary = "anniversary",
        Other = "other",
    }
}

/// What the user typed in the date form.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct ImportantDateInput {
    pub client_id: ClientId,
    /// The person it concerns; none for the client itself.
    #[serde(default)]
    pub contact_id: Option<ContactId>,
    pub kind: DateKind,
    /// `YYYY-MM-DD`; for a yearly date the original one (a birth date).
    pub first_day: String,
    /// The last day of a range (a vacation); blank for a single day.
    #[serde(default)]
    pub last_day: String,
    #[serde(default)]
    pub yearly: bool,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ImportantDate {
    pub id: DateId,
    pub client_id: ClientId,
    pub client: String,
    /// The client's colour, `#rrggbb`.
    pub colour: String,
    pub contact_id: Option<ContactId>,
    pub contact: Option<String>,
    pub kind: DateKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub yearly: bool,
    pub note: String,
}

/// One occurrence of an important date near a given day, with what to say about it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct NearDate {
    pub date: ImportantDate,
    /// This occurrence's first and last day.
    pub on: NaiveDate,
    pub until: NaiveDate,
    /// Days from the reference day to `on` (negative: it was that many days ago).
    pub days_away: i32,
    /// The age turned or the years marked, when the original year is known.
    pub years: Option<u32>,
    /// A short title for the calendar ("Ana Silva's birthday").
    pub title: String,
    /// What to do about it ("Wish Ana Silva a happy 40th birthday").
    pub ask: String,
}

struct Valid {
    client_id: ClientId,
    contact_id: Option<ContactId>,
    kind: DateKind,
    first: NaiveDate,
    last: NaiveDate,
    yearly: bool,
    note: String,
}

impl ImportantDateInput {
    fn validate(&self, conn: &Connection) -> Result<Valid, RelationshipError> {
        clients::get(conn, self.client_id)?;
        if let Some(contact) = self.contact_id {
            super::ensure_contact_of(conn, self.client_id, contact)?;
        }
        let first = fields::day("first_day", &self.first_day)?;
        let last = fields::optional_day("last_day", &self.last_day)?.unwrap_or(first);
        if last < first {
            return Err(RelationshipError::RangeBackwards);
        }
        if self.yearly && last != first && (last - first).num_days() > 31 {
            return Err(RelationshipError::YearlyRange);
        }
        Ok(Valid {
            client_id: self.client_id,
            contact_id: self.contact_id,
            kind: self.kind,
            first,
            last,
            yearly: self.yearly,
            note: fields::text("note", &self.note, 2000)?,
        })
    }
}

pub fn add_date(
    store: &mut impl Writer,
    input: &ImportantDateInput,
) -> Result<ImportantDate, RelationshipError> {
    store.write(|tx| {
        let v = input.validate(tx)?;
        tx.execute(
        "INSERT INTO important_dates (client_id, contact_id, kind, first_day, last_day, yearly, note,
                                      created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![v.client_id, v.contact_id, v.kind.as_str(), v.first.to_string(), v.last.to_string(), v.yearly, v.note, now_utc()],
    )?;
        fetch(tx, DateId(tx.last_insert_rowid()))
    })
}

pub fn update_date(
    store: &mut impl Writer,
    id: DateId,
    input: &ImportantDateInput,
) -> Result<ImportantDate, RelationshipError> {
    store.write(|tx| {
        fetch(tx, id)?;
        let v = input.validate(tx)?;
        tx.execute(
            "UPDATE important_dates SET client_id = ?2, contact_id = ?3, kind = ?4, first_day = ?5,
                last_day = ?6, yearly = ?7, note = ?8, updated_at = ?9
         WHERE id = ?1",
            params![
                id,
                v.client_id,
                v.contact_id,
                v.kind.as_str(),
                v.first.to_string(),
                v.last.to_string(),
                v.yearly,
                v.note,
                now_utc()
            ],
        )?;
        fetch(tx, id)
    })
}

/// Deletes an important date; returns the trash entry Undo brings it back from.
pub fn delete_date(store: &mut impl Writer, id: DateId) -> Result<i64, RelationshipError> {
    store.write(|tx| {
        fetch(tx, id)?;
        let mut taken = crate::store::trash::Removal::default();
        taken.take(tx, "important_dates", "id = ?1", &id)?;
        let entry = taken.keep(tx, "the important date")?;
        tx.execute("DELETE FROM important_dates WHERE id = ?1", [id])?;
        Ok(entry)
    })
}

/// A client's important dates, the client's own first, then by month and day.
pub fn list_dates(
    store: &Store,
    client: ClientId,
) -> Result<Vec<ImportantDate>, RelationshipError> {
    clients::get(store, client)?;
    let sql = format!("{SELECT} WHERE d.client_id = ?1 ORDER BY d.contact_id IS NOT NULL, substr(d.first_day, 6), d.id");
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map([client], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A contact's dates of a kind (the vCard import keeps one birthday per person).
pub fn find_contact_date(
    conn: &Connection,
    contact: ContactId,
    kind: DateKind,
) -> Result<Option<DateId>, RelationshipError> {
    Ok(conn
        .query_row(
            "SELECT id FROM important_dates WHERE contact_id = ?1 AND kind = ?2 ORDER BY id LIMIT 1",
            params![contact, kind.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Every occurrence of an important date that touches `first..=last`, of active clients
/// (one client's when asked), in day order, described relative to `today`.
pub fn near(
    conn: &Connection,
    client: Option<ClientId>,
    first: NaiveDate,
    last: NaiveDate,
    today: NaiveDate,
) -> rusqlite::Result<Vec<NearDate>> {
    // One-off dates by their range; yearly ones are few per client and all are checked.
    let sql = format!(
        "{SELECT} WHERE c.archived_at IS NULL AND (k.id IS NULL OR k.archived_at IS NULL)
           AND (?1 IS NULL OR d.client_id = ?1)
           AND (d.yearly = 1 OR (d.first_day <= ?3 AND d.last_day >= ?2))"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let dates: Vec<ImportantDate> = stmt
        .query_map(
            params![client, first.to_string(), last.to_string()],
            from_row,
        )?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for date in dates {
        for (on, until) in occurrences(&date, first, last) {
            out.push(describe(date.clone(), on, until, today));
        }
    }
    out.sort_by(|a, b| (&a.on, &a.title).cmp(&(&b.on, &b.title)));
    Ok(out)
}

/// The days a date falls on within `first..=last`: itself if one-off, else once a year.
/// A yearly 29 February is kept on 28 February in other years (the last day of February,
/// as most people celebrate it).
pub fn occurrences(
    date: &ImportantDate,
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<(NaiveDate, NaiveDate)> {
    let (start, end) = (date.first_day, date.last_day);
    if !date.yearly {
        return if start <= last && end >= first {
            vec![(start, end)]
        } else {
            vec![]
        };
    }
    let length = end - start;
    // A range near New Year starts in the year before the window.
    (first.year() - 1..=last.year())
        .filter(|&year| year >= start.year())
        .filter_map(|year| {
            let on = in_year(start, year)?;
            let until = on + length;
            (on <= last && until >= first).then_some((on, until))
        })
        .collect()
}

fn in_year(original: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, original.month(), original.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, original.month(), original.day() - 1))
}

fn describe(date: ImportantDate, on: NaiveDate, until: NaiveDate, today: NaiveDate) -> NearDate {
    let years = Some(date.first_day)
        .filter(|o| date.yearly && o.year() != UNKNOWN_YEAR && on.year() > o.year())
        .map(|o| (on.year() - o.year()) as u32);
    let who = date.contact.clone().unwrap_or_else(|| date.client.clone());
    let (title, ask) = wording(&date, &who, years, on, until, today);
    NearDate {
        on,
        until,
        days_away: (on - today).num_days() as i32,
        years,
        title,
        ask,
        date,
    }
}

/// The calendar title and the "ask about it" line. Past dates invite a question about how
/// it went; coming ones a wish or a plan.
fn wording(
    date: &ImportantDate,
    who: &str,
    years: Option<u32>,
    on: NaiveDate,
    until: NaiveDate,
    today: NaiveDate,
) -> (String, String) {
    let past = until < today;
    let now = on <= today && today <= until;
    let nth = years.map(ordinal);
    let mut line = match date.kind {
        DateKind::Birthday => (
            format!("{who}'s birthday"),
            match (past, &nth) {
                (true, _) => format!("Ask {who} how the birthday was"),
                (false, Some(n)) => format!("Wish {who} a happy {n} birthday"),
                (false, None) => format!("Wish {who} a happy birthday"),
            },
        ),
        DateKind::Wedding => match &nth {
            Some(n) => (
                format!("{who}'s wedding anniversary"),
                format!("Congratulate {who} on their {n} wedding anniversary"),
            ),
            None if past => (
                format!("{who}'s wedding"),
                format!("Congratulate {who} on the wedding"),
            ),
            None => (
                format!("{who}'s wedding"),
                format!("Wish {who} all the best for the wedding"),
            ),
        },
        DateKind::Vacation => (
            format!("{who} on vacation"),
            if past {
                format!("Ask {who} how the vacation was")
            } else if now {
                format!(
                    "{who} is away until {}: plan around it",
                    crate::prose::day(until)
                )
            } else {
                format!("{who} is away {}: plan around it", span(on, until))
            },
        ),
        DateKind::Graduation => (
            format!("{who}'s graduation"),
            if past {
                format!("Congratulate {who} on graduating")
            } else {
                format!("Wish {who} luck for the graduation")
            },
        ),
        DateKind::Launch => (
            format!("{who} launch"),
            if past {
                format!("Ask {who} how the launch went")
            } else {
                format!("Ask {who} how the launch preparations are going")
            },
        ),
        DateKind::Anniversary => (
            format!("{who} anniversary"),
            match &nth {
                Some(n) => format!("Mention {who}'s {n} anniversary"),
                None => format!("Mention {who}'s anniversary"),
            },
        ),
        DateKind::Other => (
            format!("{who}: important date"),
            format!("Ask {who} about it"),
        ),
    };
    if !date.note.is_empty() {
        line.1 = format!("{} ({})", line.1, date.note);
        if date.kind == DateKind::Other {
            line.0 = format!("{who}: {}", date.note);
        }
    }
    line
}

fn span(on: NaiveDate, until: NaiveDate) -> String {
    use crate::prose::day;
    if on == until {
        format!("on {}", day(on))
    } else {
        format!("{} to {}", day(on), day(until))
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

const SELECT: &str = "
    SELECT d.id, d.client_id, c.name, d.contact_id, k.name, d.kind, d.first_day, d.last_day,
           d.yearly, d.note, c.colour
    FROM important_dates d JOIN clients c ON c.id = d.client_id
    LEFT JOIN contacts k ON k.id = d.contact_id";

fn from_row(r: &Row) -> rusqlite::Result<ImportantDate> {
    let kind: String = r.get(5)?;
    Ok(ImportantDate {
        id: r.get(0)?,
        client_id: r.get(1)?,
        client: r.get(2)?,
        colour: r.get(10)?,
        contact_id: r.get(3)?,
        contact: r.get(4)?,
        // The CHECK constraint guarantees a known kind.
        kind: kind.parse().unwrap_or(DateKind::Other),
        first_day: r.get(6)?,
        last_day: r.get(7)?,
        yearly: r.get(8)?,
        note: r.get(9)?,
    })
}

fn fetch(conn: &Connection, id: DateId) -> Result<ImportantDate, RelationshipError> {
    conn.query_row(&format!("{SELECT} WHERE d.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(RelationshipError::NotFound("important date", id.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::{ClientInput, ContactInput};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn book() -> (Store, ClientId, ContactId) {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let ana =
            clients::add_contact(&mut store, acme.id, &ContactInput::named("Ana Silva")).unwrap();
        (store, acme.id, ana.id)
    }

    fn input(
        client: ClientId,
        contact: Option<ContactId>,
        kind: DateKind,
        first: &str,
        last: &str,
        yearly: bool,
    ) -> ImportantDateInput {
        ImportantDateInput {
            client_id: client,
            contact_id: contact,
            kind,
            first_day: first.into(),
            last_day: last.into(),
            yearly,
            note: String::new(),
        }
    }

    #[test]
    fn a_deleted_date_comes_back_from_undo() {
        let (mut store, acme, ana) = book();
        let trip = add_date(
            &mut store,
            &input(
                acme,
                Some(ana),
                DateKind::Vacation,
                "2027-07-01",
                "2027-07-14",
                false,
            ),
        )
        .unwrap();
        let entry = delete_date(&mut store, trip.id).unwrap();
        assert!(list_dates(&store, acme).unwrap().is_empty());
        crate::store::trash::undo(&mut store, entry).unwrap();
        assert_eq!(list_dates(&store, acme).unwrap(), vec![trip]);
    }

    /// The area's typed days serialise as the text they always were (the CLI's --json,
    /// the UI): dates, interactions, scores and breaches.
    #[test]
    fn relationship_days_serialise_as_iso_text() {
        use crate::relationship::{interactions, policies, satisfaction};
        let (mut store, acme, ana) = book();
        let date = add_date(
            &mut store,
            &input(
                acme,
                Some(ana),
                DateKind::Vacation,
                "2027-07-01",
                "2027-07-14",
                false,
            ),
        )
        .unwrap();
        let json = serde_json::to_value(&date).unwrap();
        assert_eq!(
            (json["first_day"].as_str(), json["last_day"].as_str()),
            (Some("2027-07-01"), Some("2027-07-14"))
        );
        let near = near(
            store.conn(),
            Some(acme),
            d("2027-06-01"),
            d("2027-07-31"),
            d("2027-06-01"),
        )
        .unwrap();
        let json = serde_json::to_value(&near[0]).unwrap();
        assert_eq!(
            (json["on"].as_str(), json["until"].as_str()),
            (Some("2027-07-01"), Some("2027-07-14"))
        );
        let met = interactions::add_interaction(
            &mut store,
            &interactions::InteractionInput {
                client_id: acme,
                kind: interactions::InteractionKind::Call,
                day: "2027-01-04".into(),
                contact_ids: vec![],
                summary: "Renewal".into(),
                follow_up: "2027-01-11".into(),
            },
        )
        .unwrap();
        let json = serde_json::to_value(&met).unwrap();
        assert_eq!(
            (json["day"].as_str(), json["follow_up"].as_str()),
            (Some("2027-01-04"), Some("2027-01-11"))
        );
        let score = satisfaction::record_score(
            &mut store,
            &satisfaction::ScoreInput {
                client_id: acme,
                day: "2027-01-05".into(),
                score: 8,
                note: String::new(),
            },
        )
        .unwrap();
        assert_eq!(serde_json::to_value(&score).unwrap()["day"], "2027-01-05");
        let breach = policies::add_breach(
            &mut store,
            &policies::BreachInput {
                client_id: acme,
                kind: policies::BreachKind::NoShow,
                day: "2027-01-06".into(),
                note: String::new(),
            },
        )
        .unwrap();
        assert_eq!(serde_json::to_value(&breach).unwrap()["day"], "2027-01-06");
    }

    #[test]
    fn a_yearly_birthday_recurs_with_the_age_and_the_right_wording() {
        let (mut store, acme, ana) = book();
        add_date(
            &mut store,
            &input(acme, Some(ana), DateKind::Birthday, "1986-12-02", "", true),
        )
        .unwrap();
        let near = near(
            store.conn(),
            Some(acme),
            d("2026-11-01"),
            d("2026-12-31"),
            d("2026-11-25"),
        )
        .unwrap();
        assert_eq!(near.len(), 1);
        assert_eq!(
            (near[0].on, near[0].days_away, near[0].years),
            (d("2026-12-02"), 7, Some(40))
        );
        assert_eq!(near[0].title, "Ana Silva's birthday");
        assert_eq!(near[0].ask, "Wish Ana Silva a happy 40th birthday");
        let after = super::near(
            store.conn(),
            Some(acme),
            d("2026-12-01"),
            d("2026-12-31"),
            d("2026-12-10"),
        )
        .unwrap();
        assert_eq!(after[0].ask, "Ask Ana Silva how the birthday was");
        assert_eq!(after[0].days_away, -8);
    }

    #[test]
    fn the_29th_of_february_falls_on_the_28th_in_other_years() {
        let date = ImportantDate {
            id: DateId(1),
            client_id: ClientId(1),
            client: "Acme".into(),
            colour: "#2f80ed".into(),
            contact_id: None,
            contact: None,
            kind: DateKind::Birthday,
            first_day: d("2000-02-29"),
            last_day: d("2000-02-29"),
            yearly: true,
            note: String::new(),
        };
        assert_eq!(
            occurrences(&date, d("2027-01-01"), d("2027-12-31")),
            [(d("2027-02-28"), d("2027-02-28"))]
        );
        assert_eq!(
            occurrences(&date, d("2028-01-01"), d("2028-12-31")),
            [(d("2028-02-29"), d("2028-02-29"))]
        );
        assert!(
            occurrences(&date, d("1999-01-01"), d("1999-12-31")).is_empty(),
            "not before it happened"
        );
    }

    #[test]
    fn an_unknown_year_gives_no_age() {
        let (mut store, acme, ana) = book();
        add_date(
            &mut store,
            &input(acme, Some(ana), DateKind::Birthday, "1604-04-12", "", true),
        )
        .unwrap();
        let near = near(
            store.conn(),
            None,
            d("2027-04-01"),
            d("2027-04-30"),
            d("2027-04-01"),
        )
        .unwrap();
        assert_eq!((near[0].on, near[0].years), (d("2027-04-12"), None));
        assert_eq!(near[0].ask, "Wish Ana Silva a happy birthday");
    }

    #[test]
    fn a_vacation_is_a_range_seen_from_before_during_and_after() {
        let (mut store, acme, ana) = book();
        add_date(
            &mut store,
            &input(
                acme,
                Some(ana),
                DateKind::Vacation,
                "2026-12-20",
                "2027-01-03",
                false,
            ),
        )
        .unwrap();
        let ask = |today: &str| {
            near(
                store.conn(),
                None,
                d("2026-12-01"),
                d("2027-01-31"),
                d(today),
            )
            .unwrap()[0]
                .ask
                .clone()
        };
        assert_eq!(
            ask("2026-12-01"),
            "Ana Silva is away {date:2026-12-20} to {date:2027-01-03}: plan around it"
        );
        assert_eq!(
            ask("2026-12-24"),
            "Ana Silva is away until {date:2027-01-03}: plan around it"
        );
        assert_eq!(ask("2027-01-10"), "Ask Ana Silva how the vacation was");
        // Seen from a window that only touches its end.
        assert_eq!(
            near(
                store.conn(),
                None,
                d("2027-01-02"),
                d("2027-01-02"),
                d("2027-01-02")
            )
            .unwrap()
            .len(),
            1
        );
        assert!(near(
            store.conn(),
            None,
            d("2027-01-04"),
            d("2027-01-31"),
            d("2027-01-04")
        )
        .unwrap()
        .is_empty());
    }

    #[test]
    fn bad_input_is_refused_with_its_field() {
        let (mut store, acme, _) = book();
        let err = add_date(
            &mut store,
            &input(acme, None, DateKind::Launch, "2027-13-01", "", false),
        )
        .unwrap_err();
        assert_eq!(crate::Coded::field(&err), Some("first_day"));
        let err = add_date(
            &mut store,
            &input(
                acme,
                None,
                DateKind::Vacation,
                "2027-03-10",
                "2027-03-01",
                false,
            ),
        )
        .unwrap_err();
        assert!(matches!(err, RelationshipError::RangeBackwards));
        let other = clients::add(&mut store, &ClientInput::named("Globex")).unwrap();
        let stranger =
            clients::add_contact(&mut store, other.id, &ContactInput::named("Bob")).unwrap();
        let err = add_date(
            &mut store,
            &input(
                acme,
                Some(stranger.id),
                DateKind::Birthday,
                "1990-01-01",
                "",
                true,
            ),
        )
        .unwrap_err();
        assert!(matches!(err, RelationshipError::ContactNotOfClient));
        assert!(list_dates(&store, acme).unwrap().is_empty());
        assert!("holiday"
            .parse::<DateKind>()
            .unwrap_err()
            .to_string()
            .contains("birthday, wedding"));
    }
}
