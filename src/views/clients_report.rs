//! Is this client worth it? (issue 16, seed 004: "if the pain becomes greater than the
//! benefit to your business then consider an exit strategy"). Per client over a period:
//! the hours logged, the money invoiced and received, the effective hourly rate (received
//! ÷ hours), the money late now, breaches, the satisfaction trend and the interactions by
//! type and month. A query each time, never a copy: an edited entry or payment shows at once.
//!
//! Money is in each client's currency: the one it was invoiced most in over the period (or
//! its contracts' when nothing was invoiced); amounts in another currency are left out of
//! that row's figures and `other_currencies` says so, since they do not add up.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::Error;
use crate::clients::ClientId;
use crate::contracts::Currency;

/// Interactions of one kind in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct InteractionCount {
    /// `YYYY-MM`.
    pub month: String,
    pub kind: String,
    pub count: u32,
}

/// One client over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ClientReportRow {
    pub client_id: ClientId,
    pub client: String,
    pub colour: String,
    pub minutes: u32,
    pub billable_minutes: u32,
    /// The currency of the money figures; `None` when the client has no contract.
    pub currency: Option<String>,
    /// Invoices issued in the period, tax included, less credit notes (void ones: none).
    pub invoiced_minor: i64,
    /// Payments received in the period.
    pub paid_minor: i64,
    /// Received ÷ hours logged, per hour; `None` without hours or money.
    pub effective_rate_minor: Option<i64>,
    /// Owed now on invoices past their due day.
    pub late_minor: i64,
    /// Amounts in another currency were left out.
    pub other_currencies: bool,
    pub breaches: u32,
    /// The first and the last satisfaction score in the period (0–10).
    pub satisfaction_first: Option<u8>,
    pub satisfaction_last: Option<u8>,
    pub interactions: u32,
    pub interactions_by_month: Vec<InteractionCount>,
    /// Why this client may cost more than it brings, when it does; empty otherwise.
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ClientsReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Active clients with anything in the period, by hours logged, most first.
    pub rows: Vec<ClientReportRow>,
}

/// Sums per client from one query of `client, currency, amount` rows: the amounts in each
/// client's currency, and whether another currency was seen.
fn money(
    conn: &Connection,
    sql: &str,
    days: &[String],
) -> Result<BTreeMap<(ClientId, String), i64>, Error> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(days), |r| {
        Ok(((r.get(0)?, r.get(1)?), r.get::<_, i64>(2)?))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (key, amount) = row?;
        *out.entry(key).or_insert(0) += amount;
    }
    Ok(out)
}

pub fn clients_report(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<ClientsReport, Error> {
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let invoiced = money(
        conn,
        "SELECT k.client_id, k.currency, i.amount_minor - i.credited_minor
         FROM invoices i JOIN contracts k ON k.id = i.contract_id
         WHERE i.voided_on IS NULL AND i.issue_day BETWEEN ?1 AND ?2",
        &[from_s.clone(), to_s.clone()],
    )?;
    let paid = money(
        conn,
        "SELECT k.client_id, k.currency, p.amount_minor
         FROM payments p JOIN invoices i ON i.id = p.invoice_id JOIN contracts k ON k.id = i.contract_id
         WHERE p.day BETWEEN ?1 AND ?2",
        &[from_s.clone(), to_s.clone()],
    )?;
    let late = money(
        conn,
        "SELECT k.client_id, k.currency, max(0, i.amount_minor - i.paid_minor - i.credited_minor)
         FROM invoices i JOIN contracts k ON k.id = i.contract_id
         WHERE i.voided_on IS NULL AND i.due_day < ?1",
        &[today.to_string()],
    )?;
    // A client's currency: the one most invoiced in; else its latest contract's.
    let mut currency: BTreeMap<ClientId, String> = BTreeMap::new();
    {
        let mut best: BTreeMap<ClientId, (i64, String)> = BTreeMap::new();
        for ((client, cur), amount) in &invoiced {
            let e = best.entry(*client).or_insert((i64::MIN, cur.clone()));
            if *amount > e.0 {
                *e = (*amount, cur.clone());
            }
        }
        let mut stmt =
            conn.prepare("SELECT client_id, currency FROM contracts ORDER BY id DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, ClientId>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (client, cur) = row?;
            currency.entry(client).or_insert(cur);
        }
        for (client, (_, cur)) in best {
            currency.insert(client, cur);
        }
    }

    let mut rows: Vec<ClientReportRow> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.colour,
                (SELECT coalesce(sum(e.minutes), 0) FROM time_entries e
                  WHERE e.client_id = c.id AND e.day BETWEEN ?1 AND ?2),
                (SELECT coalesce(sum(e.minutes), 0) FROM time_entries e
                  WHERE e.client_id = c.id AND e.billable = 1 AND e.day BETWEEN ?1 AND ?2),
                (SELECT count(*) FROM breaches b WHERE b.client_id = c.id AND b.day BETWEEN ?1 AND ?2),
                (SELECT s.score FROM satisfaction s WHERE s.client_id = c.id AND s.day BETWEEN ?1 AND ?2
                  ORDER BY s.day, s.id LIMIT 1),
                (SELECT s.score FROM satisfaction s WHERE s.client_id = c.id AND s.day BETWEEN ?1 AND ?2
                  ORDER BY s.day DESC, s.id DESC LIMIT 1)
         FROM clients c WHERE c.archived_at IS NULL ORDER BY c.name_key",
    )?;
    let mut months = conn.prepare(
        "SELECT substr(day, 1, 7), kind, count(*) FROM interactions
         WHERE client_id = ?1 AND day BETWEEN ?2 AND ?3
         GROUP BY 1, 2 ORDER BY 1, 2",
    )?;
    let clients = stmt.query_map([&from_s, &to_s], |r| {
        Ok((
            r.get::<_, ClientId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, u32>(5)?,
            r.get::<_, Option<u8>>(6)?,
            r.get::<_, Option<u8>>(7)?,
        ))
    })?;
    for c in clients {
        let (id, name, colour, minutes, billable, breaches, first, last) = c?;
        let by_month: Vec<InteractionCount> = months
            .query_map(rusqlite::params![id, from_s, to_s], |r| {
                Ok(InteractionCount {
                    month: r.get(0)?,
                    kind: r.get(1)?,
                    count: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let cur = currency.get(&id).cloned();
        let pick = |m: &BTreeMap<(ClientId, String), i64>| -> (i64, bool) {
            let mut own = 0;
            let mut other = false;
            for ((client, c), amount) in m.range((id, String::new())..) {
                if *client != id {
                    break;
                }
                if Some(c) == cur.as_ref() {
                    own += amount;
                } else if *amount != 0 {
                    other = true;
                }
            }
            (own, other)
        };
        let (invoiced_minor, o1) = pick(&invoiced);
        let (paid_minor, o2) = pick(&paid);
        let (late_minor, o3) = pick(&late);
        let interactions = by_month.iter().map(|m| m.count).sum();
        let anything = minutes > 0
            || invoiced_minor != 0
            || paid_minor != 0
            || late_minor != 0
            || breaches > 0
            || interactions > 0
            || last.is_some();
        if !anything {
            continue;
        }
        rows.push(ClientReportRow {
            client_id: id,
            client: name,
            colour,
            minutes,
            billable_minutes: billable,
            effective_rate_minor: (minutes > 0 && paid_minor > 0)
                .then(|| (paid_minor as i128 * 60 / i128::from(minutes)) as i64),
            currency: cur,
            invoiced_minor,
            paid_minor,
            late_minor,
            other_currencies: o1 || o2 || o3,
            breaches,
            satisfaction_first: first,
            satisfaction_last: last,
            interactions,
            interactions_by_month: by_month,
            flags: Vec::new(),
        });
    }
    flag(&mut rows);
    rows.sort_by(|a, b| b.minutes.cmp(&a.minutes).then(a.client.cmp(&b.client)));
    Ok(ClientsReport { from, to, rows })
}

/// Marks the clients whose pain may outweigh their benefit: an effective rate under half
/// the median of the others in the same currency, together with at least one pain signal
/// (breaches, money late, satisfaction falling). A low rate alone is not pain, nor is
/// pain with a good rate: both together are what seed 004 asks the user to weigh.
fn flag(rows: &mut [ClientReportRow]) {
    let rates: Vec<(usize, String, i64)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.currency.clone()?, r.effective_rate_minor?)))
        .collect();
    for (i, cur, rate) in &rates {
        let mut others: Vec<i64> = rates
            .iter()
            .filter(|(j, c, _)| j != i && c == cur)
            .map(|(_, _, r)| *r)
            .collect();
        if others.len() < 2 {
            continue;
        }
        others.sort_unstable();
        let median = others[others.len() / 2];
        if rate * 2 >= median {
            continue;
        }
        let r = &rows[*i];
        let mut pain = Vec::new();
        if r.breaches > 0 {
            pain.push(format!(
                "{} policy breach{}",
                r.breaches,
                if r.breaches == 1 { "" } else { "es" }
            ));
        }
        if r.late_minor > 0 {
            pain.push("money paid late".to_owned());
        }
        if let (Some(first), Some(last)) = (r.satisfaction_first, r.satisfaction_last) {
            if last < first {
                pain.push(format!("satisfaction down from {first} to {last}"));
            }
        }
        if pain.is_empty() {
            continue;
        }
        let mut flags = vec!["Earns under half what your other clients do per hour".to_owned()];
        flags.extend(pain);
        rows[*i].flags = flags;
    }
}

/// The report as CSV for a spreadsheet: one row per client, money as decimal text in
/// the row's currency.
pub fn to_csv(report: &ClientsReport) -> String {
    use crate::export::spreadsheet_cell as cell;
    let mut out = String::from(
        "client,hours,billable hours,currency,invoiced,received,effective hourly rate,late now,breaches,satisfaction first,satisfaction last,interactions,flags\r\n",
    );
    let hours = |m: u32| format!("{:.2}", f64::from(m) / 60.0);
    for r in &report.rows {
        let currency = r.currency.as_deref().and_then(|c| Currency::parse(c).ok());
        let money = |minor: i64| currency.map(|c| c.format(minor)).unwrap_or_default();
        let fields = [
            cell(&r.client),
            hours(r.minutes),
            hours(r.billable_minutes),
            r.currency.clone().unwrap_or_default(),
            money(r.invoiced_minor),
            money(r.paid_minor),
            r.effective_rate_minor.map(money).unwrap_or_default(),
            money(r.late_minor),
            r.breaches.to_string(),
            r.satisfaction_first
                .map(|s| s.to_string())
                .unwrap_or_default(),
            r.satisfaction_last
                .map(|s| s.to_string())
                .unwrap_or_default(),
            r.interactions.to_string(),
            cell(&r.flags.join("; ")),
        ];
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| {
                if f.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.clone()
                }
            })
            .collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}
