//! The money side end to end: schedules built, invoices issued, payments recorded, the
//! accountant's CSV, all read back through the contract's detail.
use super::super::tests::input;
use super::super::{add_contract, transition, ContractAction};

mod csv;

use super::*;
use crate::clients::{self, ClientInput};
use crate::contracts::{
    add_invoice, add_payment, export_csv, set_schedule, InvoiceInput, PaymentInput, ScheduleInput,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn contract(store: &mut Store) -> Contract {
    let acme = clients::add(store, &ClientInput::named("Acme")).unwrap();
    add_contract(store, &input(acme.id), d("2026-12-01")).unwrap()
}

/// The area's typed days serialise as the text they always were (the CLI's --json,
/// the UI): the contract's, its deliverables', instalments', invoices', payments' and
/// history's, and the overdue report's.
#[test]
fn contract_days_serialise_as_iso_text() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contract(&mut store);
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(
        (
            json["start_day"].as_str(),
            json["end_day"].as_str(),
            json["deliverables"][0]["due"].as_str()
        ),
        (Some("2027-01-04"), Some("2027-02-26"), Some("2027-01-15"))
    );
    let plan = ScheduleInput::DepositBalance {
        deposit_percent: "30".into(),
        deposit_due: "2027-01-04".into(),
        balance_due: "2027-02-26".into(),
    };
    let schedule = set_schedule(&mut store, c.id, &plan).unwrap();
    assert_eq!(
        serde_json::to_value(&schedule[0]).unwrap()["due_day"],
        "2027-01-04"
    );
    let inv = add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: None,
            number: "2027-001".into(),
            issue_day: "2027-01-04".into(),
            due_day: String::new(),
            amount: "100.00".into(),
        },
    )
    .unwrap();
    let json = serde_json::to_value(&inv).unwrap();
    assert_eq!(
        (json["issue_day"].as_str(), json["due_day"].as_str()),
        (Some("2027-01-04"), Some("2027-01-18"))
    );
    add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: inv.id,
            day: "2027-01-10".into(),
            amount: "40.00".into(),
            method: String::new(),
            note: String::new(),
        },
        d("2027-02-01"),
    )
    .unwrap();
    let today = d("2027-02-01");
    let detail = serde_json::to_value(detail(&store, c.id, today).unwrap()).unwrap();
    assert_eq!(detail["invoices"][0]["payments"][0]["day"], "2027-01-10");
    assert_eq!(detail["history"][0]["day"], "2026-12-01");
    let report = serde_json::to_value(super::super::overdue(&store, today).unwrap()).unwrap();
    assert!(
        report.to_string().contains(r#""due_day":"2027-01-18""#),
        "{report}"
    );
}

#[test]
fn a_deposit_and_balance_add_up_and_partial_payments_reduce_the_balance() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contract(&mut store);
    let plan = ScheduleInput::DepositBalance {
        deposit_percent: "30".into(),
        deposit_due: "2027-01-04".into(),
        balance_due: "2027-02-26".into(),
    };
    let schedule = set_schedule(&mut store, c.id, &plan).unwrap();
    assert_eq!(
        schedule.iter().map(|i| i.amount_minor).collect::<Vec<_>>(),
        [135_000, 315_000]
    );

    let inv = add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: Some(schedule[0].id),
            number: "2027-001".into(),
            issue_day: "2027-01-04".into(),
            due_day: String::new(),
            amount: String::new(),
        },
    )
    .unwrap();
    assert_eq!(
        (inv.amount_minor, inv.due_day.to_string().as_str()),
        (135_000, "2027-01-18"),
        "due after the 14 days' terms"
    );
    let dup = add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: None,
            number: "2027-001".into(),
            issue_day: "2027-01-05".into(),
            due_day: String::new(),
            amount: "10".into(),
        },
    );
    assert!(matches!(dup, Err(ContractError::DuplicateInvoiceNumber(_))));

    let part = add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: inv.id,
            day: "2027-01-10".into(),
            amount: "1000.00".into(),
            method: "bank".into(),
            note: String::new(),
        },
        chrono::NaiveDate::MAX,
    )
    .unwrap();
    assert_eq!(
        (part.balance_minor, part.status),
        (35_000, InvoiceStatus::Open)
    );
    let late = detail(&store, c.id, d("2027-01-25")).unwrap();
    assert_eq!(
        (
            late.invoices[0].status,
            late.invoices[0].days_overdue,
            late.totals.overdue_minor
        ),
        (InvoiceStatus::Overdue, 7, 35_000)
    );
    let over = add_payment(
        &mut store,
        &PaymentInput {
            invoice_id: inv.id,
            day: "2027-01-26".into(),
            amount: "400.00".into(),
            method: String::new(),
            note: String::new(),
        },
        chrono::NaiveDate::MAX,
    )
    .unwrap();
    assert_eq!(
        (over.balance_minor, over.overpaid_minor, over.status),
        (0, 5_000, InvoiceStatus::Overpaid)
    );
    assert_eq!(
        detail(&store, c.id, d("2027-01-26"))
            .unwrap()
            .totals
            .credit_minor,
        5_000,
        "an overpayment is kept as credit"
    );
    assert!(matches!(
        set_schedule(&mut store, c.id, &plan),
        Err(ContractError::ScheduleInvoiced)
    ));
}

#[test]
fn instalments_and_milestones_add_up_exactly() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contract(&mut store);
    let three = set_schedule(
        &mut store,
        c.id,
        &ScheduleInput::Instalments {
            count: "7".into(),
            first_due: "2027-01-31".into(),
            every_months: "1".into(),
        },
    )
    .unwrap();
    assert_eq!(three.iter().map(|i| i.amount_minor).sum::<i64>(), 450_000);
    assert_eq!(
        three[1].due_day.to_string(),
        "2027-02-28",
        "month ends clamp"
    );
    let items = vec![
        super::super::MilestoneInput {
            label: "Design".into(),
            percent: "33.33".into(),
            due: "2027-01-15".into(),
        },
        super::super::MilestoneInput {
            label: "Build".into(),
            percent: "33.33".into(),
            due: "2027-02-01".into(),
        },
        super::super::MilestoneInput {
            label: "Launch".into(),
            percent: "33.34".into(),
            due: "2027-02-26".into(),
        },
    ];
    let m = set_schedule(&mut store, c.id, &ScheduleInput::Milestones { items }).unwrap();
    assert_eq!(
        m.iter().map(|i| i.amount_minor).collect::<Vec<_>>(),
        [149_985, 149_985, 150_030]
    );
}

#[test]
fn schedule_numbers_are_parsed_by_the_core_and_refused_on_their_field() {
    use crate::Coded;
    let mut store = Store::open_in_memory().unwrap();
    let c = contract(&mut store);
    let instalments = |count: &str, every: &str| ScheduleInput::Instalments {
        count: count.into(),
        first_due: "2027-01-31".into(),
        every_months: every.into(),
    };
    let deposit = |percent: &str| ScheduleInput::DepositBalance {
        deposit_percent: percent.into(),
        deposit_due: "2027-01-04".into(),
        balance_due: "2027-02-26".into(),
    };
    let milestone = |percent: &str| ScheduleInput::Milestones {
        items: vec![super::super::MilestoneInput {
            label: "Design".into(),
            percent: percent.into(),
            due: "2027-01-15".into(),
        }],
    };
    for (plan, field, code) in [
        (instalments("abc", "1"), "count", "contract.not_whole"),
        (instalments("2.5", "1"), "count", "contract.not_whole"),
        (instalments("", "1"), "count", "contract.missing"),
        (instalments("3", "-1"), "every_months", "contract.not_whole"),
        (
            instalments("3", "13"),
            "every_months",
            "contract.out_of_range",
        ),
        (deposit("30.5"), "deposit_percent", "contract.not_whole"),
        (deposit("-30"), "deposit_percent", "contract.not_whole"),
        (deposit("130"), "deposit_percent", "contract.out_of_range"),
        (milestone("33.333"), "shares", "contract.bad_percent"),
        (milestone("abc"), "shares", "contract.bad_percent"),
        (milestone(" "), "shares", "contract.missing"),
    ] {
        let e = set_schedule(&mut store, c.id, &plan).unwrap_err();
        assert_eq!((e.field(), e.code()), (Some(field), code), "{plan:?}");
    }
    assert!(detail(&store, c.id, d("2027-01-01"))
        .unwrap()
        .instalments
        .is_empty());
    let e = set_schedule(&mut store, c.id, &deposit("3O")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "“3O” is not a whole number: type the deposit in digits only."
    );
}

#[test]
fn terminating_cancels_what_was_not_invoiced_and_keeps_it() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contract(&mut store);
    let s = set_schedule(
        &mut store,
        c.id,
        &ScheduleInput::Instalments {
            count: "3".into(),
            first_due: "2027-01-04".into(),
            every_months: "1".into(),
        },
    )
    .unwrap();
    add_invoice(
        &mut store,
        &InvoiceInput {
            contract_id: c.id,
            instalment_id: Some(s[0].id),
            number: "A-1".into(),
            issue_day: "2027-01-04".into(),
            due_day: String::new(),
            amount: String::new(),
        },
    )
    .unwrap();
    for a in [ContractAction::Send, ContractAction::ClientSigns] {
        transition(&mut store, c.id, a, "2026-12-10", "").unwrap();
    }
    transition(
        &mut store,
        c.id,
        ContractAction::Terminate,
        "2027-01-20",
        "Client went bust",
    )
    .unwrap();
    let after = detail(&store, c.id, d("2027-01-21")).unwrap();
    assert_eq!(
        after
            .instalments
            .iter()
            .map(|i| i.cancelled)
            .collect::<Vec<_>>(),
        [false, true, true]
    );
    assert_eq!(after.totals.scheduled_minor, 150_000);
    assert_eq!(
        after.invoices.len(),
        1,
        "the invoice stays readable and owed"
    );
}
