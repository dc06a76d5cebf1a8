//! Contracts and payments on a real data file, and their command line.

use juggle::contracts::ContractId;
use std::process::Command;

use chrono::{Duration, NaiveDate, Utc};
use juggle::clients::{self, ClientInput};
use juggle::contracts::{
    self, ContractAction, ContractInput, InvoiceInput, PaymentInput, RateModel, ScheduleInput,
};
use juggle::Store;

fn juggle(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_juggle"))
        .args(args)
        .env("JUGGLE_DATA_DIR", dir)
        .env("JUGGLE_TZ", "UTC")
        .output()
        .unwrap()
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

/// Acme's signed 1,000.00 EUR job: 30 % deposit invoiced 40 days ago, due 26 days ago.
fn book(dir: &std::path::Path) -> i64 {
    let mut store = Store::open_dir(dir).unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let input = ContractInput {
        client_id: acme.id,
        title: "Website".into(),
        scope: String::new(),
        rate_model: RateModel::Fixed,
        currency: "EUR".into(),
        rate: "1,000.00".into(),
        estimated_hours: "20".into(),
        start_day: day(-45),
        end_day: day(30),
        payment_terms_days: "14".into(),
        ip_terms: String::new(),
        notice_days: String::new(),
        termination_text: String::new(),
        contingency: String::new(),
        deliverables: vec![],
    };
    let c = contracts::add_contract(&mut store, &input, today() - Duration::days(50)).unwrap();
    for action in [
        ContractAction::Send,
        ContractAction::ClientSigns,
        ContractAction::Countersign,
    ] {
        contracts::transition(&mut store, c.id, action, &day(-45), "").unwrap();
    }
    let plan = contracts::set_schedule(
        &mut store,
        c.id,
        &ScheduleInput::DepositBalance {
            deposit_percent: "30".into(),
            deposit_due: day(-40),
            balance_due: day(30),
        },
    )
    .unwrap();
    let invoice = contracts::add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: Some(plan[0].id),
            number: "A-1".into(),
            issue_day: day(-40),
            due_day: String::new(),
            amount: String::new(),
        },
    )
    .unwrap();
    contracts::add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: invoice.id,
            day: day(-10),
            amount: "100".into(),
            method: "bank".into(),
            note: String::new(),
        },
        chrono::NaiveDate::MAX,
    )
    .unwrap();
    c.id.0
}

#[test]
fn what_is_owed_survives_reopening_and_shows_on_the_calendar_and_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let id = book(dir.path());
    let store = Store::open_dir(dir.path()).unwrap();
    let detail = contracts::detail(&store, ContractId(id), today()).unwrap();
    assert_eq!(
        (
            detail.totals.invoiced_minor,
            detail.totals.paid_minor,
            detail.totals.outstanding_minor,
            detail.totals.overdue_minor
        ),
        (30_000, 10_000, 20_000, 20_000)
    );
    assert_eq!(detail.invoices[0].days_overdue, 26);

    // The balance instalment and the deposit's unpaid invoice are on the calendar.
    let zone = chrono_tz::Tz::UTC;
    let window = juggle::views::occurrences(
        &store,
        today() - Duration::days(60),
        today() + Duration::days(60),
        zone,
        &Default::default(),
    )
    .unwrap();
    let titles: Vec<&str> = window
        .iter()
        .filter(|o| o.source == juggle::calendar::Source::PaymentDue)
        .map(|o| o.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Invoice A-1 due · Website",
            "Payment due: Balance (70 %) · Website"
        ]
    );

    let now = Utc::now();
    let card = juggle::views::card(&store, detail.contract.client_id, today(), now, zone).unwrap();
    assert_eq!(card.money.overdue[0].minor, 20_000);
    assert!(card.health.level >= juggle::relationship::HealthLevel::Attention);
    assert!(
        card.health
            .reasons
            .iter()
            .any(|r| r.text == "An invoice is 26 days overdue"),
        "{:?}",
        card.health.reasons
    );
}

#[test]
fn the_command_line_lists_contracts_overdue_money_and_exports_csv() {
    let dir = tempfile::tempdir().unwrap();
    book(dir.path());
    let out = juggle(dir.path(), &["contracts", "list", "--json"]);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            list[0]["title"].as_str(),
            list[0]["state"].as_str(),
            list[0]["total_minor"].as_i64(),
            list[0]["committed"].as_bool()
        ),
        (
            Some("Website"),
            Some("signed_by_both"),
            Some(100_000),
            Some(true)
        )
    );

    let out = juggle(dir.path(), &["payments", "overdue", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["invoices"][0]["days_overdue"], 26);
    assert_eq!(report["invoices"][0]["balance"]["minor"], 20_000);
    assert_eq!(report["aging"][0]["days_1_30_minor"], 20_000);
    let text = String::from_utf8(juggle(dir.path(), &["payments", "overdue"]).stdout).unwrap();
    assert!(
        text.contains("200.00 EUR") && text.contains("26 days"),
        "{text}"
    );

    let csv = dir.path().join("books.csv");
    let out = juggle(
        dir.path(),
        &["payments", "export", "--out", csv.to_str().unwrap()],
    );
    assert!(out.status.success());
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        written.lines().count(),
        3,
        "header, the invoice, its payment:\n{written}"
    );
}

#[test]
fn one_amount_near_the_limit_is_left_out_with_a_note_not_failing_the_views() {
    let dir = tempfile::tempdir().unwrap();
    let id = book(dir.path());
    let store = Store::open_dir(dir.path()).unwrap();
    // Two invoices whose sum does not fit (written by an import or another tool).
    for n in ["HUGE-1", "HUGE-2"] {
        store
            .conn()
            .execute(
                "INSERT INTO invoices (contract_id, number, issue_day, due_day, amount_minor, created_at)
                 VALUES (?1, ?2, ?3, ?3, ?4, '')",
                rusqlite::params![id, n, day(-20), i64::MAX - 1],
            )
            .unwrap();
    }
    let report = contracts::overdue(&store, today()).unwrap();
    assert!(!report.notes.is_empty());
    assert!(
        report.notes.iter().all(|n| n.contains("HUGE-")),
        "{:?}",
        report.notes
    );
    // The ordinary invoice is still counted.
    assert!(report.invoices.iter().any(|i| i.number == "A-1"));
    let eur = report.aging.iter().find(|a| a.currency == "EUR").unwrap();
    assert!(eur.total_minor > 0);

    let acme = clients::list(&store, false).unwrap()[0].id;
    let money = contracts::client_money(store.conn(), acme, today()).unwrap();
    assert!(!money.notes.is_empty());
    drop(store);

    let out = juggle(dir.path(), &["payments", "overdue"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("left out"));
    let out = juggle(dir.path(), &["clients", "card", "Acme"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
