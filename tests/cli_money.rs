//! The whole money path from the command line on an empty book (issue 16): a contract
//! signed both ways, an invoice with tax as a PDF whose text says what the core computed,
//! paid in part, overdue, then paid in full.

#[path = "support/cli.rs"]
mod support;
use support::Cli;

use std::process::Command;

/// The PDF's text as poppler reads it (installed by the test command).
fn pdf_text(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test.sh");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_contract_becomes_an_invoice_pdf_with_tax_and_is_paid_in_two_parts() {
    let cli = Cli::new();
    cli.ok(&["clients", "add", "Łódź Café & Söhne 日本"]);
    cli.ok(&[
        "invoices",
        "details",
        "--name",
        "Anna Nowak Design",
        "--address",
        "Hauptstraße 1\\n10115 Berlin",
        "--tax-id",
        "DE123456789",
        "--bank",
        "IBAN DE89 3704 0044 0532 0130 00",
        "--payment",
        "Please pay within 14 days.",
    ]);
    let contract = cli.json(&[
        "contracts",
        "add",
        "--client",
        "Łódź",
        "--title",
        "Website redesign",
        "--rate-model",
        "hourly",
        "--rate",
        "80.00",
        "--currency",
        "EUR",
        "--hours",
        "40",
        "--terms-days",
        "14",
        "--json",
    ]);
    let id = contract["id"].as_i64().unwrap().to_string();
    assert_eq!(contract["state"], "draft");
    assert_eq!(contract["total_minor"], 320_000);
    for step in ["send", "sign", "countersign", "start"] {
        cli.ok(&["contracts", step, &id]);
    }
    let list = cli.json(&["contracts", "list", "--json"]);
    assert_eq!(list[0]["state"], "active");

    // 10.5 h at 80.00 EUR with 19 % VAT, issued 40 days ago so it is overdue now.
    let issued = (chrono::Utc::now().date_naive() - chrono::Duration::days(40)).to_string();
    let inv = cli.json(&[
        "invoices",
        "create",
        "--contract",
        &id,
        "--line",
        "Design work — über café;10.5;80",
        "--tax",
        "19",
        "--issue",
        &issued,
        "--json",
    ]);
    assert_eq!(inv["net_minor"], 84_000);
    assert_eq!(inv["tax_minor"], 15_960);
    assert_eq!(inv["total_minor"], 99_960);
    let year = &issued[..4];
    assert_eq!(inv["number"], format!("{year}-001"));
    let number = inv["number"].as_str().unwrap().to_owned();
    let invoice_id = inv["id"].as_i64().unwrap().to_string();

    // The PDF: its text carries the parties, the line, the tax per rate and the total
    // exactly as the core computed them, in any script typed.
    let pdf = cli.dir.path().join("invoice.pdf");
    cli.ok(&[
        "invoices",
        "pdf",
        &invoice_id,
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let text = pdf_text(&pdf);
    for expected in [
        "Anna Nowak Design",
        "Hauptstraße 1",
        "DE123456789",
        "Łódź Café & Söhne 日本",
        &number,
        "Design work — über café",
        "10.5",
        "Tax 19 % on 840.00",
        "159.60",
        "999.60",
        "IBAN DE89 3704 0044 0532 0130 00",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    // Paid in part: overdue for the rest; paid in full: nothing overdue.
    cli.ok(&[
        "payments",
        "add",
        "--invoice",
        &number,
        "--amount",
        "500.00",
    ]);
    let listed = cli.json(&["invoices", "list", "--json"]);
    assert_eq!(listed[0]["balance_minor"], 49_960);
    let overdue = cli.json(&["payments", "overdue", "--json"]);
    assert_eq!(overdue["invoices"][0]["number"], number.as_str());
    cli.ok(&[
        "payments",
        "add",
        "--invoice",
        &number,
        "--amount",
        "499.60",
    ]);
    let listed = cli.json(&["invoices", "list", "--json"]);
    assert_eq!(listed[0]["balance_minor"], 0);
    assert_eq!(listed[0]["status"], "paid");
    assert!(cli
        .ok(&["payments", "overdue"])
        .contains("Nothing is overdue"));
}

#[test]
fn numbers_follow_the_pattern_and_a_refused_invoice_uses_none() {
    let cli = Cli::new();
    cli.ok(&["clients", "add", "Acme"]);
    let c = cli.json(&[
        "contracts",
        "add",
        "--client",
        "Acme",
        "--title",
        "Retainer",
        "--rate-model",
        "fixed",
        "--rate",
        "1000",
        "--currency",
        "EUR",
        "--json",
    ]);
    let id = c["id"].as_i64().unwrap().to_string();
    cli.ok(&["invoices", "details", "--pattern", "INV/{year}/{seq:4}"]);
    let first = cli.json(&[
        "invoices",
        "create",
        "--contract",
        &id,
        "--line",
        "Support;1;100",
        "--issue",
        "2026-03-01",
        "--json",
    ]);
    assert_eq!(first["number"], "INV/2026/0001");
    // Refused (a bad quantity, a bad tax rate): exit 1 with the code, no number used.
    let err = cli.fails(&[
        "invoices",
        "create",
        "--contract",
        &id,
        "--line",
        "Support;0;100",
    ]);
    assert!(err.contains("[contract.bad_quantity]"), "{err}");
    let err = cli.fails(&[
        "invoices",
        "create",
        "--contract",
        &id,
        "--line",
        "Support;1;100",
        "--tax",
        "150",
    ]);
    assert!(err.contains("at most 100 %"), "{err}");
    let second = cli.json(&[
        "invoices",
        "create",
        "--contract",
        &id,
        "--line",
        "Support;1;100",
        "--issue",
        "2026-06-01",
        "--json",
    ]);
    assert_eq!(second["number"], "INV/2026/0002");
    // A new year starts a new sequence.
    let third = cli.json(&[
        "invoices",
        "create",
        "--contract",
        &id,
        "--line",
        "Support;1;100",
        "--issue",
        "2027-01-04",
        "--json",
    ]);
    assert_eq!(third["number"], "INV/2027/0001");
    let err = cli.fails(&["invoices", "details", "--pattern", "INV-{year}"]);
    assert!(err.contains("{seq}"), "{err}");
}
