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
