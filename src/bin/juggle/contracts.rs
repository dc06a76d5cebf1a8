//! `juggle contracts …` and `juggle payments …`: what each client agreed to, what is owed,
//! what is late.

use std::path::PathBuf;

use clap::Subcommand;

use juggle::calendar::time;
use juggle::clients;
use juggle::contracts::{self, Currency};
use juggle::Store;

use crate::outln;
use crate::output;

#[derive(Subcommand)]
pub enum ContractsCommand {
    /// Contracts, newest first, with their state and total
    List {
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Log hours worked on a contract (the capacity check plans its estimate minus these)
    LogHours {
        /// The contract's id (see `contracts list --json`)
        id: juggle::contracts::ContractId,
        hours: String,
    },
    /// Take back an offer (a draft or sent contract) before the client signs
    Withdraw {
        /// The contract's id (see `contracts list --json`)
        id: contracts::ContractId,
        #[arg(long, default_value = "")]
        reason: String,
        /// The day it happened (default: today)
        #[arg(long)]
        day: Option<String>,
    },
    /// Record that the client declined a sent contract
    Decline {
        id: contracts::ContractId,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        day: Option<String>,
    },
    /// Reopen a completed contract (work that turned out not to be finished)
    Reopen {
        id: contracts::ContractId,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        day: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum InvoicesCommand {
    /// Correct an invoice: its number, days or amount (what is not given stays)
    Edit {
        /// The invoice's number
        number: String,
        #[arg(long)]
        amount: Option<String>,
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        issue: Option<String>,
        /// A new number for it
        #[arg(long = "new-number")]
        new_number: Option<String>,
    },
    /// Void an invoice: it stays in the history with the reason and asks for nothing
    Void {
        number: String,
        #[arg(long)]
        reason: String,
        /// The day it was voided (default: today)
        #[arg(long)]
        day: Option<String>,
    },
    /// Credit part of an invoice the client no longer owes (a credit note)
    Credit {
        number: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        day: Option<String>,
    },
    /// The number the next invoice most likely takes, from your latest one
    NextNumber,
}

#[derive(Subcommand)]
pub enum PaymentsCommand {
    /// Overdue invoices by client, with aging per currency
    Overdue {
        #[arg(long)]
        json: bool,
    },
    /// Invoices and payments as CSV for an accountant
    Export {
        #[arg(long)]
        out: PathBuf,
    },
}

fn amount(minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Ok(c) => format!("{} {}", c.format(minor), c.code()),
        Err(_) => format!("{minor} {currency} (minor units)"),
    }
}

pub fn run_contracts(store: &mut Store, cmd: ContractsCommand) -> output::Result {
    match cmd {
        ContractsCommand::List { client, json } => {
            let client = client
                .map(|name| clients::find_by_name(store, &name))
                .transpose()?;
            let list = contracts::list_contracts(store, client.map(|c| c.id))?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                outln!("No contracts.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    vec![
                        c.client.clone(),
                        c.title.clone(),
                        c.state.as_str().to_owned(),
                        c.total_minor
                            .map(|t| amount(t, &c.currency))
                            .unwrap_or_else(|| "—".into()),
                        [c.start_day, c.end_day]
                            .into_iter()
                            .flatten()
                            .map(|d| d.to_string())
                            .collect::<Vec<_>>()
                            .join(" → "),
                    ]
                })
                .collect();
            output::table(&["CLIENT", "CONTRACT", "STATE", "TOTAL", "DATES"], &rows);
        }
        ContractsCommand::Withdraw { id, reason, day } => {
            step(store, id, contracts::ContractAction::Withdraw, day, &reason)?
        }
        ContractsCommand::Decline { id, reason, day } => {
            step(store, id, contracts::ContractAction::Decline, day, &reason)?
        }
        ContractsCommand::Reopen { id, note, day } => {
            step(store, id, contracts::ContractAction::Reopen, day, &note)?
        }
        ContractsCommand::LogHours { id, hours } => {
            let total = juggle::capacity::log_contract_hours(store, id, &hours)?;
            outln!(
                "Logged. {} h worked on contract {id} so far.",
                f64::from(total) / 60.0
            );
        }
    }
    Ok(())
}

/// One step of a contract's life, told back in a sentence.
fn step(
    store: &mut Store,
    id: contracts::ContractId,
    action: contracts::ContractAction,
    day: Option<String>,
    note: &str,
) -> output::Result {
    let day = day.unwrap_or_else(|| time::today().to_string());
    let c = contracts::transition(store, id, action, &day, note)?;
    outln!("“{}” is now {}.", c.title, c.state.words());
    Ok(())
}

/// An invoice's state after a correction, in a sentence.
fn told(invoice: &contracts::Invoice, currency: &str) -> String {
    match invoice.status {
        contracts::InvoiceStatus::Void => format!("Invoice {} is void.", invoice.number),
        _ => format!(
            "Invoice {}: {}, due {}, {} still to pay.",
            invoice.number,
            amount(invoice.amount_minor - invoice.credited_minor, currency),
            invoice.due_day,
            amount(invoice.balance_minor, currency)
        ),
    }
}

/// The contract's sanity warning after an invoice changed: invoiced beyond its total.
fn over_invoiced(store: &Store, contract: contracts::ContractId) -> output::Result {
    let detail = contracts::detail(store, contract, time::today())?;
    let t = &detail.totals;
    if t.over_invoiced_minor > 0 {
        eprintln!(
            "warning: “{}” is now invoiced {} beyond its total of {}.",
            detail.contract.title,
            amount(t.over_invoiced_minor, &t.currency),
            amount(t.total_minor.unwrap_or(0), &t.currency)
        );
    }
    Ok(())
}

pub fn run_invoices(store: &mut Store, cmd: InvoicesCommand) -> output::Result {
    let today = time::today();
    let currency_of =
        |store: &Store, contract: contracts::ContractId| -> Result<String, output::Failure> {
            Ok(contracts::get_contract(store, contract)?.currency)
        };
    match cmd {
        InvoicesCommand::Edit {
            number,
            amount,
            due,
            issue,
            new_number,
        } => {
            let id = contracts::find_invoice(store.conn(), &number)?;
            let edit = contracts::InvoiceEdit {
                number: new_number.unwrap_or_default(),
                issue_day: issue.unwrap_or_default(),
                due_day: due.unwrap_or_default(),
                amount: amount.unwrap_or_default(),
            };
            let v = contracts::edit_invoice(store, id, &edit, today)?;
            outln!("{}", told(&v, &currency_of(store, v.contract_id)?));
            over_invoiced(store, v.contract_id)?;
        }
        InvoicesCommand::Void {
            number,
            reason,
            day,
        } => {
            let id = contracts::find_invoice(store.conn(), &number)?;
            let day = day.unwrap_or_else(|| today.to_string());
            let v = contracts::void_invoice(store, id, &day, &reason, today)?;
            outln!("{}", told(&v, &currency_of(store, v.contract_id)?));
        }
        InvoicesCommand::Credit {
            number,
            amount: credit,
            reason,
            day,
        } => {
            let id = contracts::find_invoice(store.conn(), &number)?;
            let input = contracts::CreditInput {
                invoice_id: id,
                day: day.unwrap_or_else(|| today.to_string()),
                amount: credit,
                reason,
            };
            let v = contracts::credit_invoice(store, &input, today)?;
            outln!("{}", told(&v, &currency_of(store, v.contract_id)?));
        }
        InvoicesCommand::NextNumber => {
            use chrono::Datelike;
            outln!(
                "{}",
                contracts::suggest_invoice_number(store.conn(), today.year())?
            );
        }
    }
    Ok(())
}

pub fn run_payments(store: &mut Store, cmd: PaymentsCommand) -> output::Result {
    match cmd {
        PaymentsCommand::Overdue { json } => {
            let report = contracts::overdue(store, time::today())?;
            if json {
                return output::json(&report);
            }
            if report.invoices.is_empty() {
                outln!("Nothing is overdue.");
            } else {
                let rows: Vec<Vec<String>> = report
                    .invoices
                    .iter()
                    .map(|i| {
                        vec![
                            i.client.clone(),
                            i.number.clone(),
                            i.due_day.to_string(),
                            format!("{} days", i.days_overdue),
                            amount(i.balance.minor, &i.balance.currency),
                        ]
                    })
                    .collect();
                output::table(&["CLIENT", "INVOICE", "DUE", "OVERDUE", "BALANCE"], &rows);
            }
            for a in &report.aging {
                outln!();
                outln!(
                    "{}: current {} · 1–30 {} · 31–60 {} · 61–90 {} · 90+ {} · total {}",
                    a.currency,
                    amount(a.current_minor, &a.currency),
                    amount(a.days_1_30_minor, &a.currency),
                    amount(a.days_31_60_minor, &a.currency),
                    amount(a.days_61_90_minor, &a.currency),
                    amount(a.days_over_90_minor, &a.currency),
                    amount(a.total_minor, &a.currency)
                );
            }
            for note in &report.notes {
                outln!("Note: {note}");
            }
        }
        PaymentsCommand::Export { out } => {
            let rows = contracts::export_csv_file(store, &out, time::today())?;
            outln!("Wrote {rows} rows to {}.", out.display());
        }
    }
    Ok(())
}
