//! Time tracking (issue 16) with the areas it meets: time billed on an invoice from time,
//! freed by voiding it, refused on a fixed-price contract; and the `juggle time` commands
//! through to an invoice from the command line.

#[path = "support/cli.rs"]
mod support;
use support::Cli;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use juggle::clients::{self, ClientId, ClientInput};
use juggle::contracts::{self, ContractAction, ContractId, ContractInput};
use juggle::invoicing::{self, DraftInput};
use juggle::tracking::{add, delete, get, update, EntryInput, Target, TrackingError};
use juggle::Store;

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

struct Book {
    s: Store,
    acme: ClientId,
    hourly: ContractId,
}

/// Acme with a signed hourly contract at 80.00 EUR.
fn book() -> Book {
    let mut s = Store::open_in_memory().unwrap();
    let acme = clients::add(&mut s, &ClientInput::named("Acme"))
        .unwrap()
        .id;
    let input = ContractInput::hourly(acme, "Support", "80", "EUR");
    let hourly = contracts::add_contract(&mut s, &input, d("2026-11-01"))
        .unwrap()
        .id;
    for a in [
        ContractAction::Send,
        ContractAction::ClientSigns,
        ContractAction::Countersign,
    ] {
        contracts::transition(&mut s, hourly, a, "2026-11-02", "").unwrap();
    }
    Book { s, acme, hourly }
}

fn hours(target: Target, day: &str, hours: &str) -> EntryInput {
    EntryInput {
        target: Some(target),
        day: day.into(),
        hours: hours.into(),
        billable: true,
        ..EntryInput::default()
    }
}

#[test]
fn billed_time_cannot_change_or_be_billed_twice_until_its_invoice_is_void() {
    let Book {
        mut s,
        acme,
        hourly,
    } = book();
    let today = d("2026-12-01");
    let now = at("2026-12-01T18:00:00Z");
    let entry = add(
        &mut s,
        &hours(Target::Client(acme), "2026-11-30", "10.5"),
        now,
        BERLIN,
    )
    .unwrap();
    let mut free = hours(Target::Client(acme), "2026-11-30", "2");
    free.billable = false;
    add(&mut s, &free, now, BERLIN).unwrap();

    let draft = DraftInput {
        contract_id: hourly,
        number: String::new(),
        issue_day: String::new(),
        due_day: String::new(),
        instalment_id: None,
        lines: Vec::new(),
        tax_percent: "19".into(),
        from_time: true,
    };
    let invoice = invoicing::create(&mut s, &draft, today).unwrap();
    // 10.5 h at 80.00: 840.00, 19 % tax 159.60; the unbillable two hours are not on it.
    assert_eq!(invoice.lines.len(), 1);
    assert_eq!(invoice.lines[0].quantity_milli, 10_500);
    assert_eq!(
        (
            invoice.invoice.net_minor,
            invoice.tax_minor,
            invoice.total_minor
        ),
        (84_000, 15_960, 99_960)
    );
    assert_eq!(
        get(s.conn(), entry.id, now).unwrap().invoice,
        Some(invoice.invoice.number.clone())
    );

    assert!(matches!(
        update(
            &mut s,
            entry.id,
            &hours(Target::Client(acme), "2026-11-30", "1"),
            now,
            BERLIN
        ),
        Err(TrackingError::Billed(_))
    ));
    assert!(matches!(
        delete(&mut s, entry.id, now),
        Err(TrackingError::Billed(_))
    ));
    assert!(
        invoicing::create(&mut s, &draft, today).is_err(),
        "nothing left to bill"
    );

    contracts::void_invoice(
        &mut s,
        invoice.invoice.id,
        "2026-12-01",
        "wrong rate",
        today,
    )
    .unwrap();
    assert_eq!(get(s.conn(), entry.id, now).unwrap().invoice, None);
    let again = invoicing::create(&mut s, &draft, today).unwrap();
    assert_eq!(again.invoice.net_minor, 84_000);
}

#[test]
fn a_fixed_price_contract_bills_no_time() {
    let Book { mut s, acme, .. } = book();
    let fixed = contracts::add_contract(
        &mut s,
        &ContractInput::fixed(acme, "Site", "1000", "EUR"),
        d("2026-11-01"),
    )
    .unwrap()
    .id;
    let draft = DraftInput {
        contract_id: fixed,
        number: String::new(),
        issue_day: String::new(),
        due_day: String::new(),
        instalment_id: None,
        lines: Vec::new(),
        tax_percent: String::new(),
        from_time: true,
    };
    let e = invoicing::preview(&s, &draft, d("2026-12-01")).unwrap_err();
    assert!(e.to_string().contains("not billed by the hour"), "{e}");
}

#[test]
fn time_logged_from_the_command_line_becomes_an_invoice_with_tax() {
    let cli = Cli::new();
    cli.ok(&["clients", "add", "Acme"]);
    let contract = cli.json(&[
        "contracts",
        "add",
        "--client",
        "Acme",
        "--title",
        "Support",
        "--rate-model",
        "hourly",
        "--rate",
        "80.00",
        "--currency",
        "EUR",
        "--json",
    ]);
    let id = contract["id"].as_i64().unwrap().to_string();
    for step in ["send", "sign", "countersign", "start"] {
        cli.ok(&["contracts", step, &id]);
    }
    let yesterday = (Utc::now().date_naive() - chrono::Duration::days(1)).to_string();

    // The timer: started, seen running, stopped; then thrown away as a mistake.
    assert!(cli
        .ok(&["time", "start", "--client", "Acme", "--note", "calls"])
        .contains("Started"));
    let running = cli.json(&["time", "status", "--json"]);
    assert_eq!(
        (
            running["running"].as_bool(),
            running["contract_id"].as_i64()
        ),
        (Some(true), id.parse().ok())
    );
    let stopped = cli.json(&["time", "stop", "--json"]);
    assert_eq!(stopped["running"], false);
    assert!(stopped["minutes"].is_u64());
    cli.ok(&["time", "delete", &stopped["id"].to_string()]);
    assert!(cli.fails(&["time", "stop"]).contains("time.not_running"));

    let entry = cli.json(&[
        "time",
        "add",
        "--contract",
        &id,
        "--hours",
        "10.5",
        "--day",
        &yesterday,
        "--note",
        "Design",
        "--json",
    ]);
    assert_eq!(entry["minutes"], 630);
    cli.json(&[
        "time",
        "add",
        "--contract",
        &id,
        "--hours",
        "2",
        "--day",
        &yesterday,
        "--no-billable",
        "--json",
    ]);
    assert!(cli
        .fails(&[
            "time",
            "add",
            "--client",
            "Acme",
            "--hours",
            "1",
            "--day",
            "2999-01-01"
        ])
        .contains("time.in_future"));
    let list = cli.json(&["time", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);

    let inv = cli.json(&[
        "invoices",
        "create",
        "--contract",
        &id,
        "--from-time",
        "--tax",
        "19",
        "--json",
    ]);
    assert_eq!(
        (
            inv["net_minor"].as_i64(),
            inv["tax_minor"].as_i64(),
            inv["total_minor"].as_i64()
        ),
        (Some(84_000), Some(15_960), Some(99_960))
    );
    let report = cli.json(&[
        "time", "report", "--from", &yesterday, "--to", &yesterday, "--json",
    ]);
    assert_eq!(
        (
            report["minutes"].as_u64(),
            report["billable_minutes"].as_u64(),
            report["billed_minutes"].as_u64()
        ),
        (Some(750), Some(630), Some(630))
    );
    // Nothing is left to bill, and billed time cannot be deleted.
    assert!(cli
        .fails(&["invoices", "create", "--contract", &id, "--from-time"])
        .contains("contract.out_of_range"));
    assert!(cli
        .fails(&["time", "delete", &entry["id"].to_string()])
        .contains("time.billed"));
}

/// A client with an hourly contract at 80.00 EUR and `hours` logged on it, invoiced from
/// time on 2026-11-30 and paid `paid` on 2026-11-30.
fn worked(s: &mut Store, name: &str, hours: &str, paid: &str) -> (ClientId, ContractId) {
    let c = clients::add(s, &ClientInput::named(name)).unwrap().id;
    let input = ContractInput::hourly(c, "Work", "80", "EUR");
    let k = contracts::add_contract(s, &input, d("2026-11-01"))
        .unwrap()
        .id;
    for a in [
        ContractAction::Send,
        ContractAction::ClientSigns,
        ContractAction::Countersign,
    ] {
        contracts::transition(s, k, a, "2026-11-02", "").unwrap();
    }
    add(
        s,
        &hours_on(Target::Contract(k), "2026-11-20", hours),
        at("2026-12-01T18:00:00Z"),
        BERLIN,
    )
    .unwrap();
    let draft = DraftInput {
        contract_id: k,
        number: String::new(),
        issue_day: "2026-11-30".into(),
        due_day: String::new(),
        instalment_id: None,
        lines: Vec::new(),
        tax_percent: String::new(),
        from_time: true,
    };
    let inv = invoicing::create(s, &draft, d("2026-12-01")).unwrap();
    if !paid.is_empty() {
        contracts::add_payment(
            s,
            &contracts::PaymentInput {
                invoice_id: inv.invoice.id,
                day: "2026-11-30".into(),
                amount: paid.into(),
                method: String::new(),
                note: String::new(),
            },
            d("2026-12-01"),
        )
        .unwrap();
    }
    (c, k)
}

fn hours_on(target: Target, day: &str, h: &str) -> EntryInput {
    hours(target, day, h)
}

#[test]
fn the_clients_report_measures_each_client_and_flags_a_low_rate_with_pain() {
    let mut s = Store::open_in_memory().unwrap();
    worked(&mut s, "Good", "10", "800");
    worked(&mut s, "Better", "10", "800");
    let (cheap, _) = worked(&mut s, "Cheap", "10", "200");
    let (_calm, _) = worked(&mut s, "Calm", "10", "150");
    juggle::relationship::policies::add_breach(
        &mut s,
        &juggle::relationship::BreachInput {
            client_id: cheap,
            kind: juggle::relationship::BreachKind::ScopeCreep,
            day: "2026-11-25".into(),
            note: String::new(),
        },
    )
    .unwrap();
    let r =
        juggle::views::clients_report(s.conn(), d("2026-11-01"), d("2026-11-30"), d("2026-12-01"))
            .unwrap();
    let row = |name: &str| r.rows.iter().find(|r| r.client == name).unwrap();
    let good = row("Good");
    assert_eq!(
        (
            good.minutes,
            good.invoiced_minor,
            good.paid_minor,
            good.effective_rate_minor
        ),
        (600, 80_000, 80_000, Some(8_000))
    );
    assert_eq!(good.currency.as_deref(), Some("EUR"));
    assert!(good.flags.is_empty());
    // 20.00 an hour, under half the others', and a breach: flagged with both reasons.
    let cheap = row("Cheap");
    assert_eq!(
        (cheap.effective_rate_minor, cheap.breaches),
        (Some(2_000), 1)
    );
    assert_eq!(cheap.flags.len(), 2, "{:?}", cheap.flags);
    assert!(cheap.flags[1].contains("1 policy breach"));
    // As cheap, but no pain signal: not flagged.
    assert!(row("Calm").flags.is_empty());
    // The CSV says the same, a row per client, money as decimal text.
    let csv = juggle::views::clients_report::to_csv(&r);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[0].starts_with(
        "client,hours,billable hours,currency,invoiced,received,effective hourly rate"
    ));
    let cheap_line = lines.iter().find(|l| l.starts_with("Cheap,")).unwrap();
    assert!(
        cheap_line.starts_with("Cheap,10.00,10.00,EUR,800.00,200.00,20.00,0.00,1,"),
        "{cheap_line}"
    );
    // A report is a query: an edited entry shows at once.
    let later =
        juggle::views::clients_report(s.conn(), d("2026-12-01"), d("2026-12-31"), d("2026-12-01"))
            .unwrap();
    assert!(later.rows.is_empty(), "nothing happened in December");
}

#[test]
fn an_exit_plan_gives_notice_days_unbilled_time_open_tasks_and_a_goodbye() {
    let mut s = Store::open_in_memory().unwrap();
    let (c, k) = worked(&mut s, "Acme", "2", "");
    // Notice of 30 days in the contract's terms.
    let mut input = ContractInput {
        notice_days: "30".into(),
        ..ContractInput::hourly(c, "Work", "80", "EUR")
    };
    input.termination_text = "30 days in writing".into();
    contracts::update_contract(&mut s, k, &input).unwrap();
    add(
        &mut s,
        &hours(Target::Contract(k), "2026-11-28", "1.5"),
        at("2026-12-01T18:00:00Z"),
        BERLIN,
    )
    .unwrap();
    juggle::capacity::tasks::add(
        &mut s,
        &juggle::capacity::TaskInput::due("Hand over the site", "3", "2026-12-10").for_client(c),
        d("2026-12-01"),
    )
    .unwrap();
    let plan =
        juggle::views::exit_plan(s.conn(), c, d("2026-12-01"), at("2026-12-01T18:00:00Z")).unwrap();
    assert_eq!(plan.contracts.len(), 1);
    assert_eq!(
        (plan.contracts[0].notice_days, plan.contracts[0].ends_on),
        (Some(30), Some(d("2026-12-31")))
    );
    assert_eq!(plan.last_day, Some(d("2026-12-31")));
    assert_eq!(
        (plan.unbilled[0].minutes, plan.unbilled[0].amount_minor),
        (90, 12_000)
    );
    assert_eq!(plan.open_tasks[0].title, "Hand over the site");
    assert!(plan.goodbye.starts_with("Dear Acme,"));
    assert!(
        plan.goodbye.contains("{weekday:2026-12-31}"),
        "{}",
        plan.goodbye
    );
}
