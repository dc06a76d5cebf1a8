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
    /// Add a draft contract for a client
    Add {
        #[arg(long)]
        client: String,
        #[arg(long)]
        title: String,
        /// fixed, hourly or retainer
        #[arg(long = "rate-model")]
        rate_model: String,
        /// The price, the hourly rate or the monthly fee ("4500", "80.00")
        #[arg(long)]
        rate: String,
        /// ISO 4217 code (EUR, USD…)
        #[arg(long)]
        currency: String,
        /// Estimated whole hours of work
        #[arg(long, default_value = "")]
        hours: String,
        #[arg(long, default_value = "")]
        start: String,
        #[arg(long, default_value = "")]
        end: String,
        /// Invoices are due this many days after issue
        #[arg(long = "terms-days", default_value = "30")]
        terms_days: String,
        #[arg(long, default_value = "")]
        scope: String,
        #[arg(long)]
        json: bool,
    },
    /// A contract with its history, schedule, invoices and totals
    Show {
        id: contracts::ContractId,
        #[arg(long)]
        json: bool,
    },
    /// Mark a draft contract sent to the client
    Send(Step),
    /// Record the client's signature
    Sign(Step),
    /// Countersign (signed by both: committed work)
    Countersign(Step),
    /// Start the work
    Start(Step),
    /// Mark the work completed
    Complete(Step),
    /// Terminate a contract early, with the reason
    Terminate {
        id: contracts::ContractId,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        day: Option<String>,
    },
    /// Set the payment schedule: a deposit and balance, N instalments, or a retainer's day
    Schedule {
        id: contracts::ContractId,
        /// Deposit percentage when signing; the balance on --balance-due
        #[arg(long)]
        deposit: Option<String>,
        #[arg(long = "deposit-due", default_value = "")]
        deposit_due: String,
        #[arg(long = "balance-due", default_value = "")]
        balance_due: String,
        /// Equal instalments, the first on --first-due, then every --every-months
        #[arg(long)]
        instalments: Option<String>,
        #[arg(long = "first-due", default_value = "")]
        first_due: String,
        #[arg(long = "every-months", default_value = "1")]
        every_months: String,
        /// A retainer's monthly fee on this day of the month
        #[arg(long = "retainer-day")]
        retainer_day: Option<String>,
        #[arg(long)]
        json: bool,
    },
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

/// A step of a contract's life: which contract, and when (default: today).
#[derive(clap::Args)]
pub struct Step {
    id: contracts::ContractId,
    #[arg(long)]
    day: Option<String>,
}

#[derive(Subcommand)]
pub enum PaymentsCommand {
    /// Record money received against an invoice
    Add {
        /// The invoice's number
        #[arg(long)]
        invoice: String,
        #[arg(long)]
        amount: String,
        /// The day it was received (default: today)
        #[arg(long)]
        day: Option<String>,
        #[arg(long, default_value = "")]
        method: String,
        #[arg(long)]
        json: bool,
    },
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

pub(crate) fn amount(minor: i64, currency: &str) -> String {
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
        ContractsCommand::Add {
            client,
            title,
            rate_model,
            rate,
            currency,
            hours,
            start,
            end,
            terms_days,
            scope,
            json,
        } => {
            let client = clients::find_by_name(store, &client)?;
            let rate_model = match rate_model.trim() {
                "fixed" => contracts::RateModel::Fixed,
                "hourly" => contracts::RateModel::Hourly,
                "retainer" => contracts::RateModel::Retainer,
                other => {
                    return Err(contracts::ContractError::OutOfRange(
                        "rate_model",
                        format!("Unknown rate model “{other}”: use fixed, hourly or retainer."),
                    )
                    .into())
                }
            };
            let input = contracts::ContractInput {
                client_id: client.id,
                title,
                scope,
                rate_model,
                currency,
                rate,
                estimated_hours: hours,
                start_day: start,
                end_day: end,
                payment_terms_days: terms_days,
                ip_terms: String::new(),
                notice_days: String::new(),
                termination_text: String::new(),
                contingency: String::new(),
                deliverables: Vec::new(),
            };
            let c = contracts::add_contract(store, &input, time::today())?;
            if json {
                return output::json(&c);
            }
            outln!(
                "Added “{}” for {} (id {}), a draft.",
                c.title,
                c.client,
                c.id
            );
        }
        ContractsCommand::Show { id, json } => {
            let d = contracts::detail(store, id, time::today())?;
            if json {
                return output::json(&d);
            }
            let c = &d.contract;
            outln!("{} — {} ({})", c.client, c.title, c.state.words());
            for i in &d.instalments {
                outln!(
                    "  instalment {}: {} due {}, {}{}",
                    i.id,
                    i.label,
                    i.due_day,
                    amount(i.amount_minor, &c.currency),
                    if i.cancelled { " (cancelled)" } else { "" }
                );
            }
            for v in &d.invoices {
                outln!(
                    "  invoice {}: {}, owed {}",
                    v.number,
                    amount(v.amount_minor, &c.currency),
                    amount(v.balance_minor, &c.currency)
                );
            }
        }
        ContractsCommand::Send(s) => step(store, s.id, contracts::ContractAction::Send, s.day, "")?,
        ContractsCommand::Sign(s) => step(
            store,
            s.id,
            contracts::ContractAction::ClientSigns,
            s.day,
            "",
        )?,
        ContractsCommand::Countersign(s) => step(
            store,
            s.id,
            contracts::ContractAction::Countersign,
            s.day,
            "",
        )?,
        ContractsCommand::Start(s) => {
            step(store, s.id, contracts::ContractAction::Start, s.day, "")?
        }
        ContractsCommand::Complete(s) => {
            step(store, s.id, contracts::ContractAction::Complete, s.day, "")?
        }
        ContractsCommand::Terminate { id, reason, day } => step(
            store,
            id,
            contracts::ContractAction::Terminate,
            day,
            &reason,
        )?,
        ContractsCommand::Schedule {
            id,
            deposit,
            deposit_due,
            balance_due,
            instalments,
            first_due,
            every_months,
            retainer_day,
            json,
        } => {
            let input = match (deposit, instalments, retainer_day) {
                (Some(deposit_percent), None, None) => contracts::ScheduleInput::DepositBalance {
                    deposit_percent,
                    deposit_due,
                    balance_due,
                },
                (None, Some(count), None) => contracts::ScheduleInput::Instalments {
                    count,
                    first_due,
                    every_months,
                },
                (None, None, Some(day_of_month)) => {
                    contracts::ScheduleInput::Retainer { day_of_month }
                }
                _ => {
                    return Err(contracts::ContractError::OutOfRange(
                        "schedule",
                        "Give one of --deposit, --instalments or --retainer-day.".into(),
                    )
                    .into())
                }
            };
            let list = contracts::set_schedule(store, id, &input)?;
            if json {
                return output::json(&list);
            }
            let currency = contracts::get_contract(store, id)?.currency;
            for i in &list {
                outln!(
                    "instalment {}: {} due {}, {}",
                    i.id,
                    i.label,
                    i.due_day,
                    amount(i.amount_minor, &currency)
                );
            }
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
            let total = juggle::capacity::log_contract_hours(store, id, &hours, time::today())?;
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

pub fn run_payments(store: &mut Store, cmd: PaymentsCommand) -> output::Result {
    match cmd {
        PaymentsCommand::Add {
            invoice,
            amount: paid,
            day,
            method,
            json,
        } => {
            let today = time::today();
            let input = contracts::PaymentInput {
                invoice_id: contracts::find_invoice(store.conn(), invoice.trim())?,
                day: day.unwrap_or_else(|| today.to_string()),
                amount: paid,
                method,
                note: String::new(),
            };
            let v = contracts::add_payment(store, &input, today)?;
            if json {
                return output::json(&v);
            }
            let currency = contracts::get_contract(store, v.contract_id)?.currency;
            outln!(
                "Payment recorded. Invoice {}: {} still to pay.",
                v.number,
                amount(v.balance_minor, &currency)
            );
        }
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
