//! What is owed and what is late: overdue invoices by client, aging buckets, totals per
//! currency (never converted), a client's money for the card, and the contract dates the
//! calendar shows.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use specta::Type;

use super::{money, ContractError, ContractId, ContractState, Money};
use crate::clients::ClientId;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct OverdueInvoice {
    pub client_id: ClientId,
    pub client: String,
    pub contract_id: ContractId,
    pub contract: String,
    pub invoice_id: i64,
    pub number: String,
    pub due_day: NaiveDate,
    pub days_overdue: i32,
    pub balance: Money,
}

/// Unpaid money of one currency by age: not yet due, then days past due.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Aging {
    pub currency: String,
    pub current_minor: i64,
    pub days_1_30_minor: i64,
    pub days_31_60_minor: i64,
    pub days_61_90_minor: i64,
    pub days_over_90_minor: i64,
    pub total_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ClientOverdue {
    pub client_id: ClientId,
    pub client: String,
    /// One per currency.
    pub overdue: Vec<Money>,
    pub oldest_days: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct OverdueReport {
    /// Most overdue first.
    pub invoices: Vec<OverdueInvoice>,
    /// Clients with the longest-overdue invoice first.
    pub by_client: Vec<ClientOverdue>,
    /// Every unpaid invoice, per currency.
    pub aging: Vec<Aging>,
    /// Invoices left out of the totals because their amounts cannot be added up (near
    /// the limit of what is stored), one sentence each. One bad row must not fail the
    /// whole view.
    pub notes: Vec<String>,
}

/// A client's money, for the card and health.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ClientMoney {
    /// Invoiced and unpaid, per currency.
    pub outstanding: Vec<Money>,
    pub overdue: Vec<Money>,
    pub oldest_overdue_days: Option<i32>,
    /// Contracts that are not finished.
    pub open_contracts: u32,
    /// Invoices left out of the sums because their amounts cannot be added up.
    pub notes: Vec<String>,
}

struct Unpaid {
    client_id: ClientId,
    client: String,
    contract_id: ContractId,
    contract: String,
    currency: String,
    invoice_id: i64,
    number: String,
    due_day: NaiveDate,
    days_overdue: i32,
    balance: i64,
}

impl Unpaid {
    fn left_out(&self) -> String {
        format!(
            "Invoice {} of {} ({}) is too large to add up with the others; it is left out of the {} totals.",
            self.number, self.client, self.contract, self.currency
        )
    }
}

/// Every unpaid invoice of active clients (one client's when asked), as of `today`: an
/// index range over the invoices whose payments (kept in `paid_minor` by triggers) fall
/// short of their amount. An invoice whose balance cannot be computed (amounts near the
/// limit) is left out with a note instead of failing the whole list.
fn unpaid(
    conn: &Connection,
    client: Option<ClientId>,
    today: NaiveDate,
) -> Result<(Vec<Unpaid>, Vec<String>), ContractError> {
    let mut stmt = conn.prepare_cached(
        // The subtraction is done here, checked: SQLite would turn an overflow into a
        // floating-point number.
        // A credit note lowers what the invoice asks for (never below zero: the core refuses
        // a larger credit); a void invoice asks for nothing.
        "SELECT c.id, c.name, k.id, k.title, k.currency, v.id, v.number, v.due_day, v.amount_minor - v.credited_minor, v.paid_minor
         FROM invoices v
         JOIN contracts k ON k.id = v.contract_id
         JOIN clients c ON c.id = k.client_id
         WHERE v.voided_on IS NULL AND v.paid_minor + v.credited_minor < v.amount_minor
           AND c.archived_at IS NULL AND (?1 IS NULL OR c.id = ?1)
         ORDER BY v.due_day, v.id",
    )?;
    let rows = stmt.query_map(params![client], |r| {
        let due_day: NaiveDate = r.get(7)?;
        let (amount, paid): (i64, i64) = (r.get(8)?, r.get(9)?);
        Ok((
            amount.checked_sub(paid),
            Unpaid {
                client_id: r.get(0)?,
                client: r.get(1)?,
                contract_id: r.get(2)?,
                contract: r.get(3)?,
                currency: r.get(4)?,
                invoice_id: r.get(5)?,
                number: r.get(6)?,
                days_overdue: (today - due_day).num_days().max(0) as i32,
                due_day,
                balance: 0,
            },
        ))
    })?;
    let mut all = Vec::new();
    let mut notes = Vec::new();
    for row in rows {
        match row? {
            (Some(balance), u) => all.push(Unpaid { balance, ..u }),
            (None, u) => notes.push(u.left_out()),
        }
    }
    Ok((all, notes))
}

pub fn overdue(store: &Store, today: NaiveDate) -> Result<OverdueReport, ContractError> {
    let (all, mut notes) = unpaid(store.conn(), None, today)?;
    let mut aging: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    // An invoice that would overflow a total is left out of every total, with a note.
    let mut left_out = std::collections::HashSet::new();
    for u in &all {
        let bucket = match u.days_overdue {
            0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        let buckets = aging.entry(u.currency.clone()).or_default();
        let total = buckets.iter().try_fold(0i64, |acc, x| acc.checked_add(*x));
        match (
            buckets[bucket].checked_add(u.balance),
            total.and_then(|t| t.checked_add(u.balance)),
        ) {
            (Some(sum), Some(_)) => buckets[bucket] = sum,
            _ => {
                left_out.insert(u.invoice_id);
                notes.push(u.left_out());
            }
        }
    }
    let aging = aging
        .into_iter()
        .map(|(currency, b)| {
            let total = b.iter().try_fold(0i64, |acc, x| money::add(acc, *x))?;
            Ok(Aging {
                currency,
                current_minor: b[0],
                days_1_30_minor: b[1],
                days_31_60_minor: b[2],
                days_61_90_minor: b[3],
                days_over_90_minor: b[4],
                total_minor: total,
            })
        })
        .collect::<Result<_, ContractError>>()?;

    let mut late: Vec<&Unpaid> = all.iter().filter(|u| u.days_overdue > 0).collect();
    late.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.client.cmp(&b.client))
    });
    let mut by_client: Vec<ClientOverdue> = Vec::new();
    for u in &late {
        let entry = match by_client.iter_mut().find(|c| c.client_id == u.client_id) {
            Some(e) => e,
            None => {
                by_client.push(ClientOverdue {
                    client_id: u.client_id,
                    client: u.client.clone(),
                    overdue: vec![],
                    oldest_days: u.days_overdue,
                });
                by_client.last_mut().ok_or(ContractError::Overflow)?
            }
        };
        if !left_out.contains(&u.invoice_id)
            && add_to(&mut entry.overdue, &u.currency, u.balance).is_err()
        {
            notes.push(u.left_out());
        }
    }
    Ok(OverdueReport {
        invoices: late
            .into_iter()
            .map(|u| OverdueInvoice {
                client_id: u.client_id,
                client: u.client.clone(),
                contract_id: u.contract_id,
                contract: u.contract.clone(),
                invoice_id: u.invoice_id,
                number: u.number.clone(),
                due_day: u.due_day,
                days_overdue: u.days_overdue,
                balance: Money {
                    minor: u.balance,
                    currency: u.currency.clone(),
                },
            })
            .collect(),
        by_client,
        aging,
        notes,
    })
}

pub fn client_money(
    conn: &Connection,
    client: ClientId,
    today: NaiveDate,
) -> Result<ClientMoney, ContractError> {
    let (all, mut notes) = unpaid(conn, Some(client), today)?;
    let mut outstanding = Vec::new();
    let mut overdue = Vec::new();
    for u in &all {
        // Both sums or neither, so the two agree about which invoices they hold.
        let (mut o, mut d) = (outstanding.clone(), overdue.clone());
        let added = add_to(&mut o, &u.currency, u.balance).and_then(|()| {
            if u.days_overdue > 0 {
                add_to(&mut d, &u.currency, u.balance)
            } else {
                Ok(())
            }
        });
        match added {
            Ok(()) => (outstanding, overdue) = (o, d),
            Err(_) => notes.push(u.left_out()),
        }
    }
    let open: u32 = conn.query_row(
        "SELECT count(*) FROM contracts WHERE client_id = ?1 AND state NOT IN ('completed', 'terminated')",
        [client],
        |r| r.get(0),
    )?;
    Ok(ClientMoney {
        outstanding,
        overdue,
        oldest_overdue_days: all.iter().map(|u| u.days_overdue).filter(|d| *d > 0).max(),
        open_contracts: open,
        notes,
    })
}

fn add_to(totals: &mut Vec<Money>, currency: &str, minor: i64) -> Result<(), ContractError> {
    match totals.iter_mut().find(|m| m.currency == currency) {
        Some(m) => m.minor = money::add(m.minor, minor)?,
        None => {
            totals.push(Money {
                minor,
                currency: currency.to_owned(),
            });
            totals.sort_by(|a, b| a.currency.cmp(&b.currency));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// An instalment falls due, not yet invoiced.
    InstalmentDue,
    /// An invoice is due and not fully paid.
    InvoiceDue,
    /// A deliverable's deadline.
    Deliverable,
}

/// A contract date for the calendar, derived from the contract, never copied.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CalendarEntry {
    pub kind: EntryKind,
    /// The instalment, invoice or deliverable (by `kind`).
    pub id: i64,
    /// Read as a date: a stored day that is not one is an error, never a made-up day.
    pub day: NaiveDate,
    pub title: String,
    pub contract_id: ContractId,
    pub client_id: ClientId,
    pub client: String,
    pub colour: String,
}

/// Payment due dates and deliverable deadlines on days `first..=last`.
pub fn calendar_entries(
    conn: &Connection,
    client: Option<ClientId>,
    first: NaiveDate,
    last: NaiveDate,
) -> rusqlite::Result<Vec<CalendarEntry>> {
    let (first, last) = (first.to_string(), last.to_string());
    let mut out = Vec::new();
    let entry = |kind: EntryKind| {
        move |r: &rusqlite::Row| -> rusqlite::Result<CalendarEntry> {
            Ok(CalendarEntry {
                kind,
                id: r.get(0)?,
                day: r.get(1)?,
                title: r.get(2)?,
                contract_id: r.get(3)?,
                client_id: r.get(4)?,
                client: r.get(5)?,
                colour: r.get(6)?,
            })
        }
    };
    let terminated = ContractState::Terminated.as_str();
    // Instalments not yet invoiced (once invoiced, the invoice's due day counts).
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.due_day, 'Payment due: ' || i.label || ' · ' || k.title, k.id, c.id, c.name, c.colour
         FROM instalments i JOIN contracts k ON k.id = i.contract_id JOIN clients c ON c.id = k.client_id
         WHERE i.cancelled = 0 AND i.due_day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR c.id = ?3)
           AND NOT EXISTS (SELECT 1 FROM invoices v WHERE v.instalment_id = i.id)",
    )?;
    out.extend(
        stmt.query_map(
            params![first, last, client],
            entry(EntryKind::InstalmentDue),
        )?
        .collect::<Result<Vec<_>, _>>()?,
    );
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.due_day, 'Invoice ' || v.number || ' due · ' || k.title, k.id, c.id, c.name, c.colour
         FROM invoices v JOIN contracts k ON k.id = v.contract_id JOIN clients c ON c.id = k.client_id
         WHERE v.due_day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR c.id = ?3)
           AND v.voided_on IS NULL AND v.paid_minor + v.credited_minor < v.amount_minor",
    )?;
    out.extend(
        stmt.query_map(params![first, last, client], entry(EntryKind::InvoiceDue))?
            .collect::<Result<Vec<_>, _>>()?,
    );
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.due_day, 'Deliverable: ' || d.title || ' · ' || k.title, k.id, c.id, c.name, c.colour
         FROM deliverables d JOIN contracts k ON k.id = d.contract_id JOIN clients c ON c.id = k.client_id
         WHERE d.done = 0 AND d.due_day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR c.id = ?3) AND k.state <> ?4",
    )?;
    out.extend(
        stmt.query_map(
            params![first, last, client, terminated],
            entry(EntryKind::Deliverable),
        )?
        .collect::<Result<Vec<_>, _>>()?,
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::input;
    use super::super::{add_contract, add_invoice, add_payment, InvoiceInput, PaymentInput};
    use super::*;
    use crate::clients::{self, ClientInput};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn aging_buckets_turn_on_their_boundary_days() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let c = add_contract(&mut store, &input(acme.id), d("2026-12-01")).unwrap();
        let inv = add_invoice(
            &mut store,
            &InvoiceInput {
                contract_id: c.id,
                instalment_id: None,
                number: "1".into(),
                issue_day: "2027-01-01".into(),
                due_day: "2027-01-31".into(),
                amount: "100".into(),
            },
        )
        .unwrap();
        let bucket = |today: &str| {
            let a = &overdue(&store, d(today)).unwrap().aging[0];
            [
                a.current_minor,
                a.days_1_30_minor,
                a.days_31_60_minor,
                a.days_61_90_minor,
                a.days_over_90_minor,
            ]
            .iter()
            .position(|x| *x > 0)
            .unwrap()
        };
        assert_eq!(bucket("2027-01-31"), 0, "due today is current");
        assert_eq!(bucket("2027-02-01"), 1);
        assert_eq!(bucket("2027-03-02"), 1, "30 days");
        assert_eq!(bucket("2027-03-03"), 2, "31 days");
        assert_eq!(bucket("2027-04-01"), 2, "60 days");
        assert_eq!(bucket("2027-04-02"), 3);
        assert_eq!(bucket("2027-05-01"), 3, "90 days");
        assert_eq!(bucket("2027-05-02"), 4);
        let paid = add_payment(
            &mut store,
            &PaymentInput {
                invoice_id: inv.id,
                day: "2027-05-02".into(),
                amount: "100".into(),
                method: String::new(),
                note: String::new(),
            },
            chrono::NaiveDate::MAX,
        )
        .unwrap();
        assert!(
            overdue(&store, d("2027-05-03")).unwrap().aging.is_empty(),
            "paid is not owed"
        );
        super::super::delete_payment(&mut store, paid.payments[0].id).unwrap();
        assert_eq!(
            overdue(&store, d("2027-05-03")).unwrap().invoices[0]
                .balance
                .minor,
            10_000,
            "a deleted payment is owed again"
        );
    }

    #[test]
    fn totals_stay_per_currency_and_the_oldest_client_comes_first() {
        let mut store = Store::open_in_memory().unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let globex = clients::add(&mut store, &ClientInput::named("Globex")).unwrap();
        let eur = add_contract(&mut store, &input(acme.id), d("2026-12-01")).unwrap();
        let usd = add_contract(
            &mut store,
            &super::super::ContractInput {
                currency: "USD".into(),
                ..input(acme.id)
            },
            d("2026-12-01"),
        )
        .unwrap();
        let jpy = add_contract(
            &mut store,
            &super::super::ContractInput {
                currency: "JPY".into(),
                rate: "500000".into(),
                ..input(globex.id)
            },
            d("2026-12-01"),
        )
        .unwrap();
        for (c, n, due, amount) in [
            (eur.id, "E1", "2027-01-10", "100.50"),
            (usd.id, "U1", "2027-01-20", "200"),
            (jpy.id, "J1", "2027-01-05", "30000"),
        ] {
            add_invoice(
                &mut store,
                &InvoiceInput {
                    contract_id: c,
                    instalment_id: None,
                    number: n.into(),
                    issue_day: "2027-01-01".into(),
                    due_day: due.into(),
                    amount: amount.into(),
                },
            )
            .unwrap();
        }
        let report = overdue(&store, d("2027-02-01")).unwrap();
        assert_eq!(
            report
                .by_client
                .iter()
                .map(|c| (c.client.as_str(), c.oldest_days))
                .collect::<Vec<_>>(),
            [("Globex", 27), ("Acme", 22)]
        );
        let acme_totals: Vec<(String, i64)> = report.by_client[1]
            .overdue
            .iter()
            .map(|m| (m.currency.clone(), m.minor))
            .collect();
        assert_eq!(
            acme_totals,
            [("EUR".to_string(), 10_050), ("USD".to_string(), 20_000)],
            "never converted"
        );
        assert_eq!(
            report
                .aging
                .iter()
                .map(|a| a.currency.as_str())
                .collect::<Vec<_>>(),
            ["EUR", "JPY", "USD"]
        );
        let money = client_money(store.conn(), acme.id, d("2027-02-01")).unwrap();
        assert_eq!(
            (money.oldest_overdue_days, money.open_contracts),
            (Some(22), 2)
        );
    }
}
