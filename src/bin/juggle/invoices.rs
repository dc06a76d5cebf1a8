//! `juggle invoices …`: issuing invoices as documents (lines, tax, numbering, the PDF),
//! correcting them (edit, void, credit), and the business details they carry.

use std::path::PathBuf;

use clap::Subcommand;

use juggle::calendar::time;
use juggle::contracts;
use juggle::invoicing;
use juggle::Store;

use crate::contracts::amount;
use crate::outln;
use crate::output;

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
    /// Issue an invoice on a contract: an instalment of its schedule, or free lines, with tax
    Create {
        #[arg(long)]
        contract: contracts::ContractId,
        /// Bill this instalment of the contract's schedule (its id: `contracts show`)
        #[arg(long)]
        instalment: Option<i64>,
        /// A line "TEXT;QUANTITY;UNIT PRICE" (optionally ";TAX PERCENT"); repeat for more
        #[arg(long = "line")]
        lines: Vec<String>,
        /// Tax rate in percent for lines that give none ("19")
        #[arg(long, default_value = "")]
        tax: String,
        /// Bill the contract's unbilled billable time: a line per task at its hourly rate
        #[arg(long = "from-time")]
        from_time: bool,
        /// The invoice number (default: the next by your pattern, see `invoices details`)
        #[arg(long, default_value = "")]
        number: String,
        /// Issue day (default: today)
        #[arg(long, default_value = "")]
        issue: String,
        /// Due day (default: issue day + the contract's payment terms)
        #[arg(long, default_value = "")]
        due: String,
        #[arg(long)]
        json: bool,
    },
    /// Write an invoice as a PDF you can send
    Pdf {
        /// The invoice's id (or its number)
        invoice: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Every invoice with what is still owed
    List {
        #[arg(long)]
        json: bool,
    },
    /// Record that an invoice was sent
    Send {
        /// The invoice's id (or its number)
        invoice: String,
        /// The day it was sent (default: today)
        #[arg(long)]
        day: Option<String>,
    },
    /// Show or change your business details printed on invoices, the paper and the numbering
    Details {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long = "tax-id")]
        tax_id: Option<String>,
        #[arg(long)]
        bank: Option<String>,
        /// How to pay, printed under the totals
        #[arg(long)]
        payment: Option<String>,
        /// a4 or letter
        #[arg(long)]
        paper: Option<String>,
        /// A logo printed on invoices: a PNG or JPEG file of at most 512 KB
        #[arg(long, conflicts_with = "no_logo")]
        logo: Option<PathBuf>,
        /// Print no logo any more
        #[arg(long = "no-logo")]
        no_logo: bool,
        /// The numbering pattern: one {seq} (or {seq:3} for 001) and any {year}s
        #[arg(long)]
        pattern: Option<String>,
        #[arg(long)]
        json: bool,
    },
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
                invoicing::numbering::suggest(store.conn(), today.year())?
            );
        }
        InvoicesCommand::Create {
            contract,
            instalment,
            lines,
            tax,
            from_time,
            number,
            issue,
            due,
            json,
        } => {
            let input = invoicing::DraftInput {
                contract_id: contract,
                number,
                issue_day: issue,
                due_day: due,
                instalment_id: instalment,
                lines: lines.iter().map(|l| line(l)).collect::<Result<_, _>>()?,
                tax_percent: tax,
                from_time,
            };
            let v = invoicing::create(store, &input, today)?;
            if json {
                return output::json(&v);
            }
            outln!(
                "{}",
                told(&v.invoice, &currency_of(store, v.invoice.contract_id)?)
            );
            over_invoiced(store, v.invoice.contract_id)?;
        }
        InvoicesCommand::Pdf { invoice, out } => {
            let id = find(store, &invoice)?;
            let doc = invoicing::document(store, id, today)?;
            invoicing::write_pdf(&doc, &out)?;
            outln!(
                "Wrote invoice {} to {}.",
                doc.invoice.invoice.number,
                out.display()
            );
        }
        InvoicesCommand::List { json } => {
            let list = contracts::list_invoices(store, today)?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                outln!("No invoices.");
                return Ok(());
            }
            let mut rows = Vec::new();
            for v in &list {
                let c = contracts::get_contract(store, v.contract_id)?;
                rows.push(vec![
                    v.number.clone(),
                    c.client.clone(),
                    v.issue_day.to_string(),
                    v.due_day.to_string(),
                    amount(v.amount_minor, &c.currency),
                    amount(v.balance_minor, &c.currency),
                    format!("{:?}", v.status).to_lowercase(),
                ]);
            }
            output::table(
                &[
                    "INVOICE", "CLIENT", "ISSUED", "DUE", "AMOUNT", "OWED", "STATUS",
                ],
                &rows,
            );
        }
        InvoicesCommand::Send { invoice, day } => {
            let id = find(store, &invoice)?;
            let day = juggle::fields::day("day", &day.unwrap_or_else(|| today.to_string()))
                .map_err(contracts::ContractError::from)?;
            let v = invoicing::mark_sent(store, id, day)?;
            outln!("Invoice {} marked sent on {}.", v.number, day);
        }
        InvoicesCommand::Details {
            name,
            address,
            email,
            tax_id,
            bank,
            payment,
            paper,
            logo,
            no_logo,
            pattern,
            json,
        } => {
            if let Some(path) = &logo {
                invoicing::logo::set_from_file(store, path)?;
            } else if no_logo {
                invoicing::logo::clear(store)?;
            }
            let mut b = invoicing::business(store)?;
            let changed = [&name, &address, &email, &tax_id, &bank, &payment, &paper]
                .iter()
                .any(|o| o.is_some());
            for (value, field) in [
                (name, &mut b.name),
                (address, &mut b.address),
                (email, &mut b.email),
                (tax_id, &mut b.tax_id),
                (bank, &mut b.bank),
                (payment, &mut b.payment_instructions),
            ] {
                if let Some(v) = value {
                    // A shell passes "\n" literally: take it as the line break it means.
                    *field = v.replace("\\n", "\n");
                }
            }
            if let Some(p) = paper {
                b.paper = match p.trim().to_ascii_lowercase().as_str() {
                    "a4" => invoicing::Paper::A4,
                    "letter" => invoicing::Paper::Letter,
                    _ => {
                        return Err(contracts::ContractError::OutOfRange(
                            "paper",
                            format!("Unknown paper “{p}”: use a4 or letter."),
                        )
                        .into())
                    }
                };
            }
            if changed {
                b = invoicing::set_business(store, &b)?;
            }
            let pattern = match pattern {
                Some(p) => {
                    invoicing::numbering::set_pattern(store, &p)?;
                    p.trim().to_owned()
                }
                None => juggle::settings::get(store, invoicing::numbering::PATTERN)?
                    .unwrap_or_else(|| invoicing::numbering::DEFAULT_PATTERN.to_owned()),
            };
            if json {
                return output::json(&serde_json::json!({ "business": b, "pattern": pattern }));
            }
            outln!("Name: {}", b.name);
            outln!("Address: {}", b.address.replace('\n', ", "));
            outln!("Email: {}", b.email);
            outln!("Tax id: {}", b.tax_id);
            outln!("Bank: {}", b.bank.replace('\n', ", "));
            outln!("Payment: {}", b.payment_instructions);
            outln!("Logo: {}", if b.has_logo { "yes" } else { "none" });
            outln!(
                "Paper: {}",
                if b.paper == invoicing::Paper::Letter {
                    "letter"
                } else {
                    "a4"
                }
            );
            outln!("Numbering: {pattern}");
        }
    }
    Ok(())
}

/// "TEXT;QUANTITY;UNIT PRICE[;TAX]" as typed after `--line`.
fn line(raw: &str) -> Result<invoicing::LineInput, output::Failure> {
    let parts: Vec<&str> = raw.split(';').collect();
    match parts.as_slice() {
        [text, qty, price] | [text, qty, price, _] => Ok(invoicing::LineInput {
            description: (*text).to_owned(),
            quantity: (*qty).to_owned(),
            unit: String::new(),
            unit_price: (*price).to_owned(),
            tax_percent: parts.get(3).map(|t| (*t).to_owned()).unwrap_or_default(),
        }),
        _ => Err(contracts::ContractError::OutOfRange(
            "lines",
            format!("“{raw}” is not a line: type it as \"TEXT;QUANTITY;UNIT PRICE\", like \"Design;10.5;80\"."),
        )
        .into()),
    }
}

/// An invoice by its id, or by its number when no invoice has that id.
fn find(store: &Store, raw: &str) -> Result<i64, output::Failure> {
    if let Ok(id) = raw.trim().parse::<i64>() {
        if contracts::invoice(store.conn(), id, time::today()).is_ok() {
            return Ok(id);
        }
    }
    Ok(contracts::find_invoice(store.conn(), raw.trim())?)
}
