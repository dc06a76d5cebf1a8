//! Every record can be put right (issue 19): an invoice edited, voided or credited, a
//! contract withdrawn, declined or reopened, on a real data file; and the chronology the
//! core keeps (a contract's history goes forward, no payment after today).

use chrono::NaiveDate;
use juggle::clients::{self, ClientInput};
use juggle::contracts::{
    self, ContractAction, ContractId, ContractInput, ContractState, CreditInput, InvoiceEdit,
    InvoiceInput, InvoiceStatus, PaymentInput, RateModel,
};
use juggle::{Coded, Store};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2026-12-01";

/// A signed €12,000.00 job with invoice 2026-001 of €4,000.00, issued Nov 1, due Nov 15.
fn book() -> (Store, ContractId, i64) {
    book_in(Store::open_in_memory().unwrap())
}

fn book_in(mut store: Store) -> (Store, ContractId, i64) {
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let input = ContractInput {
        client_id: acme.id,
        title: "Website".into(),
        scope: String::new(),
        rate_model: RateModel::Fixed,
        currency: "EUR".into(),
        rate: "12000".into(),
        estimated_hours: String::new(),
        start_day: "2026-10-01".into(),
        end_day: "2027-03-31".into(),
        payment_terms_days: "14".into(),
        ip_terms: String::new(),
        notice_days: String::new(),
        termination_text: String::new(),
        contingency: String::new(),
        deliverables: vec![],
    };
    let c = contracts::add_contract(&mut store, &input, d("2026-09-20")).unwrap();
    for action in [
        ContractAction::Send,
        ContractAction::ClientSigns,
        ContractAction::Countersign,
    ] {
        contracts::transition(&mut store, c.id, action, "2026-10-01", "").unwrap();
    }
    let invoice = contracts::add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: None,
            number: "2026-001".into(),
            issue_day: "2026-11-01".into(),
            due_day: "2026-11-15".into(),
            amount: "4000".into(),
        },
    )
    .unwrap();
    (store, c.id, invoice.id)
}

fn overdue_numbers(store: &Store) -> Vec<String> {
    contracts::overdue(store, d(TODAY))
        .unwrap()
        .invoices
        .into_iter()
        .map(|i| i.number)
        .collect()
}

#[test]
fn an_invoice_typed_wrong_is_edited_and_the_over_invoice_warning_goes() {
    let (mut store, contract, invoice) = book();
    // €99,999 on a €12,000 contract: accepted, with a warning on the contract.
    let wrong = contracts::edit_invoice(
        &mut store,
        invoice,
        &InvoiceEdit {
            amount: "99999".into(),
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap();
    assert_eq!(wrong.amount_minor, 9_999_900);
    let totals = contracts::detail(&store, contract, d(TODAY))
        .unwrap()
        .totals;
    assert_eq!(totals.over_invoiced_minor, 9_999_900 - 1_200_000);

    let fixed = contracts::edit_invoice(
        &mut store,
        invoice,
        &InvoiceEdit {
            amount: "4,000.00".into(),
            due_day: "2026-12-15".into(),
            number: "2026-002".into(),
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap();
    assert_eq!(
        (
            fixed.amount_minor,
            fixed.due_day.to_string().as_str(),
            fixed.number.as_str()
        ),
        (400_000, "2026-12-15", "2026-002")
    );
    let totals = contracts::detail(&store, contract, d(TODAY))
        .unwrap()
        .totals;
    assert_eq!(totals.over_invoiced_minor, 0);
    assert!(overdue_numbers(&store).is_empty(), "due later now");

    // A due day before the issue day is named as such, on its field.
    let err = contracts::edit_invoice(
        &mut store,
        invoice,
        &InvoiceEdit {
            due_day: "2026-10-01".into(),
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("invoice.due_before_issue", Some("due_day"))
    );
    assert_eq!(err.to_string(), "The due day is before the issue day.");
}

#[test]
fn a_void_invoice_stays_in_the_history_but_leaves_the_overdue_list_and_the_balances() {
    let (mut store, contract, invoice) = book();
    assert_eq!(overdue_numbers(&store), ["2026-001"]);
    let err = contracts::void_invoice(&mut store, invoice, TODAY, "  ", d(TODAY)).unwrap_err();
    assert_eq!(err.code(), "invoice.no_reason");

    let void = contracts::void_invoice(
        &mut store,
        invoice,
        TODAY,
        "Sent to the wrong client",
        d(TODAY),
    )
    .unwrap();
    assert_eq!(void.status, InvoiceStatus::Void);
    assert_eq!((void.balance_minor, void.days_overdue), (0, 0));
    assert_eq!(void.void_reason, "Sent to the wrong client");
    assert!(overdue_numbers(&store).is_empty());
    let detail = contracts::detail(&store, contract, d(TODAY)).unwrap();
    assert_eq!(detail.invoices.len(), 1, "kept in the history");
    assert_eq!(
        (
            detail.totals.invoiced_minor,
            detail.totals.outstanding_minor,
            detail.totals.overdue_minor
        ),
        (0, 0, 0)
    );
    // Nothing about it changes any more, and no payment goes against it.
    let err = contracts::edit_invoice(
        &mut store,
        invoice,
        &InvoiceEdit {
            amount: "10".into(),
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invoice.voided");
    let err = contracts::add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: invoice,
            day: TODAY.into(),
            amount: "10".into(),
            method: String::new(),
            note: String::new(),
        },
        d(TODAY),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invoice.voided");
    // Its number stays taken: the next one is suggested after it.
    assert_eq!(
        juggle::invoicing::numbering::suggest(store.conn(), 2026).unwrap(),
        "2026-002"
    );
}

#[test]
fn an_invoice_with_a_payment_is_credited_not_voided() {
    let (mut store, contract, invoice) = book();
    contracts::add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: invoice,
            day: "2026-11-20".into(),
            amount: "1000".into(),
            method: String::new(),
            note: String::new(),
        },
        d(TODAY),
    )
    .unwrap();
    let err = contracts::void_invoice(&mut store, invoice, TODAY, "wrong", d(TODAY)).unwrap_err();
    assert_eq!(err.code(), "invoice.has_payments");
    let credit = |amount: &str| CreditInput {
        invoice_id: invoice,
        day: TODAY.into(),
        amount: amount.into(),
        reason: "Discount for the delay".into(),
    };
    // At most what is still owed: €3,000.00.
    let err = contracts::credit_invoice(&mut store, &credit("3000.01"), d(TODAY)).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("invoice.credit_too_large", Some("amount"))
    );
    let credited = contracts::credit_invoice(&mut store, &credit("500"), d(TODAY)).unwrap();
    assert_eq!(
        (credited.credited_minor, credited.balance_minor),
        (50_000, 250_000)
    );
    assert_eq!(credited.credits[0].reason, "Discount for the delay");
    let totals = contracts::detail(&store, contract, d(TODAY))
        .unwrap()
        .totals;
    assert_eq!(
        (totals.invoiced_minor, totals.outstanding_minor),
        (350_000, 250_000)
    );
    let overdue = contracts::overdue(&store, d(TODAY)).unwrap();
    assert_eq!(overdue.invoices[0].balance.minor, 250_000);
    // The rest credited: paid in full.
    let rest = contracts::credit_invoice(&mut store, &credit("2500"), d(TODAY)).unwrap();
    assert_eq!(rest.status, InvoiceStatus::Paid);
    assert!(overdue_numbers(&store).is_empty());
}

#[test]
fn a_payment_is_never_dated_after_today() {
    let (mut store, _, invoice) = book();
    let err = contracts::add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: invoice,
            day: "2030-01-01".into(),
            amount: "10".into(),
            method: String::new(),
            note: String::new(),
        },
        d(TODAY),
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("payment.in_future", Some("day"))
    );
}

#[test]
fn a_contract_that_never_started_is_withdrawn_or_declined_and_a_completed_one_reopened() {
    let (mut store, contract, _) = book();
    let client = contracts::get_contract(&store, contract).unwrap().client_id;
    let offer = |store: &mut Store, title: &str| {
        let input = ContractInput {
            client_id: client,
            title: title.into(),
            scope: String::new(),
            rate_model: RateModel::Fixed,
            currency: "EUR".into(),
            rate: "500".into(),
            estimated_hours: String::new(),
            start_day: String::new(),
            end_day: String::new(),
            payment_terms_days: "30".into(),
            ip_terms: String::new(),
            notice_days: String::new(),
            termination_text: String::new(),
            contingency: String::new(),
            deliverables: vec![],
        };
        contracts::add_contract(store, &input, d("2026-11-01"))
            .unwrap()
            .id
    };
    let draft = offer(&mut store, "Logo");
    let c = contracts::transition(
        &mut store,
        draft,
        ContractAction::Withdraw,
        "2026-11-02",
        "Client went quiet",
    )
    .unwrap();
    assert_eq!(c.state, ContractState::Withdrawn);
    assert!(c.actions.is_empty());

    let sent = offer(&mut store, "Brochure");
    contracts::transition(&mut store, sent, ContractAction::Send, "2026-11-02", "").unwrap();
    let c = contracts::transition(
        &mut store,
        sent,
        ContractAction::Decline,
        "2026-11-10",
        "Too dear",
    )
    .unwrap();
    assert_eq!(c.state, ContractState::Declined);

    // The signed one: started, completed, then reopened.
    contracts::transition(
        &mut store,
        contract,
        ContractAction::Start,
        "2026-10-05",
        "",
    )
    .unwrap();
    contracts::transition(
        &mut store,
        contract,
        ContractAction::Complete,
        "2026-11-20",
        "",
    )
    .unwrap();
    let c = contracts::transition(
        &mut store,
        contract,
        ContractAction::Reopen,
        "2026-11-25",
        "Phase 2 was part of it",
    )
    .unwrap();
    assert_eq!(c.state, ContractState::Active);
    let history = contracts::detail(&store, contract, d(TODAY))
        .unwrap()
        .history;
    assert_eq!(history.last().unwrap().note, "Phase 2 was part of it");
}

#[test]
fn a_contracts_history_goes_forward_in_time() {
    let (mut store, contract, _) = book();
    // Countersigned on Oct 1: starting it on Sep 30 reads backwards.
    let err = contracts::transition(
        &mut store,
        contract,
        ContractAction::Start,
        "2026-09-30",
        "",
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("contract.out_of_order", Some("day"))
    );
    assert!(err.to_string().contains("2026-10-01"), "{err}");
    // The same day is fine.
    contracts::transition(
        &mut store,
        contract,
        ContractAction::Start,
        "2026-10-01",
        "",
    )
    .unwrap();
}

fn juggle(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_juggle"))
        .args(args)
        .env("JUGGLE_DATA_DIR", dir)
        .env("JUGGLE_TZ", "UTC")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_same_corrections_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (store, contract, _) = book_in(Store::open_dir(dir.path()).unwrap());
    drop(store);
    let j = |args: &[&str]| juggle(dir.path(), args);

    let (code, out, _) = j(&["invoices", "next-number"]);
    assert_eq!((code, out.trim()), (0, "2026-002"));

    // A refusal exits 1 with its code.
    let (code, _, err) = j(&["invoices", "edit", "2026-001", "--due", "2026-10-01"]);
    assert_eq!(code, 1);
    assert!(err.contains("[invoice.due_before_issue]"), "{err}");
    let (code, _, err) = j(&["invoices", "void", "2026-999", "--reason", "typo"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("No invoice is numbered “2026-999”") && err.contains("[invoice.not_found]"),
        "{err}"
    );

    // Too much invoiced: done, with a warning.
    let (code, out, err) = j(&["invoices", "edit", "2026-001", "--amount", "99999"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Invoice 2026-001"), "{out}");
    assert!(
        err.contains("warning:") && err.contains("beyond its total"),
        "{err}"
    );

    let (code, out, _) = j(&[
        "invoices",
        "void",
        "2026-001",
        "--reason",
        "Wrong amount, reissued",
    ]);
    assert_eq!((code, out.trim()), (0, "Invoice 2026-001 is void."));
    let (code, out, _) = j(&["payments", "overdue"]);
    assert_eq!((code, out.trim()), (0, "Nothing is overdue."));

    // The contract's history goes forward; a step dated before it is refused.
    let id = contract.to_string();
    let (code, _, err) = j(&["contracts", "reopen", &id]);
    assert_eq!(code, 1);
    assert!(err.contains("[contract.illegal_transition]"), "{err}");
    let store = Store::open_dir(dir.path()).unwrap();
    let state = contracts::get_contract(&store, contract).unwrap().state;
    assert_eq!(state, ContractState::SignedByBoth);
}

#[test]
fn a_follow_up_comes_after_its_interaction() {
    use juggle::relationship::interactions::{self, InteractionInput, InteractionKind};
    let mut store = Store::open_in_memory().unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let input = |follow_up: &str| InteractionInput {
        client_id: acme.id,
        kind: InteractionKind::Call,
        day: "2026-11-20".into(),
        contact_ids: vec![],
        summary: "Estimate sent".into(),
        follow_up: follow_up.into(),
    };
    let err = interactions::add_interaction(&mut store, &input("2026-11-19")).unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("relationship.follow_up_before_day", Some("follow_up"))
    );
    interactions::add_interaction(&mut store, &input("2026-11-20")).unwrap();
}

#[test]
fn a_schedules_instalments_fall_due_in_order() {
    use juggle::contracts::{MilestoneInput, ScheduleInput};
    let (mut store, contract, _) = book();
    let err = contracts::set_schedule(
        &mut store,
        contract,
        &ScheduleInput::DepositBalance {
            deposit_percent: "30".into(),
            deposit_due: "2027-02-01".into(),
            balance_due: "2027-01-01".into(),
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("schedule.out_of_order", Some("balance_due"))
    );
    let milestone = |due: &str| MilestoneInput {
        label: String::new(),
        percent: "50".into(),
        due: due.into(),
    };
    let err = contracts::set_schedule(
        &mut store,
        contract,
        &ScheduleInput::Milestones {
            items: vec![milestone("2027-03-01"), milestone("2027-02-01")],
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        ("schedule.out_of_order", Some("due"))
    );
    contracts::set_schedule(
        &mut store,
        contract,
        &ScheduleInput::Milestones {
            items: vec![milestone("2027-02-01"), milestone("2027-02-01")],
        },
    )
    .unwrap();
}
