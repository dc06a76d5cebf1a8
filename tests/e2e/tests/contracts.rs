//! Contracts and payments, driven through the real app's UI: a contract through its
//! lifecycle, a deposit + balance schedule, an overdue invoice paid in two parts, and what
//! Today, the overdue view and the client card say about it.

use chrono::{Duration, Utc};
use juggle::clients::{self, ClientInput};
use juggle::contracts::{
    self, ContractAction, ContractId, ContractInput, ContractState, DeliverableInput, InvoiceInput,
    InvoiceStatus, PaymentInput, RateModel,
};
use juggle::Store;
use juggle_e2e::Harness;

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset)).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_contract_is_invoiced_and_an_overdue_deposit_paid_in_two_parts() {
    let harness = Harness::start();
    let acme = {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        clients::add(&mut store, &ClientInput::named("Acme")).unwrap()
    };
    let app = harness.launch().await;
    app.wait("[data-testid=today-overdue] .empty").await;

    // A fixed-price contract of 1,000.00 EUR, written in the form.
    app.click("[data-testid=nav-contracts]").await;
    app.wait("[data-testid=contracts-empty]").await;
    app.click("[data-testid=contract-new]").await;
    app.wait("[data-testid=contract-form]").await;
    app.fill("#contract-title", "Website redesign").await;
    app.wait("#contract-client")
        .await
        .select_by_value(&acme.id.to_string())
        .await
        .unwrap();
    app.wait("#contract-rate-model")
        .await
        .select_by_value("fixed")
        .await
        .unwrap();
    app.fill("#contract-currency", "EUR").await;
    // A malformed amount is the core's to refuse, next to the field.
    app.fill("#contract-rate", "1.000,00").await;
    app.click("[data-testid=contract-save]").await;
    let error = app.wait("[data-testid=contract-rate-error]").await;
    assert!(juggle_e2e::text_of(&error)
        .await
        .contains("is not an amount in EUR"));
    app.fill("#contract-rate", "1,000.00").await;
    // So is a number of hours that is not whole: the core names the field, the form shows
    // its message under it, and nothing is saved.
    app.fill("#contract-hours", "1.5").await;
    app.click("[data-testid=contract-save]").await;
    app.wait_text(
        "[data-testid=contract-hours-error]",
        "“1.5” is not a whole number: type the estimated hours in digits only.",
    )
    .await;
    app.screenshot("contract-form-hours-refused").await;
    app.wait_absent("[data-testid=contract-rate-error]").await;
    app.fill("#contract-hours", "12").await;
    app.fill("#contract-scope", "Five pages, one round of changes")
        .await;
    app.fill("#deliverable-title-0", "New home page").await;
    app.set_value("#deliverable-due-0", &day(30)).await;
    app.screenshot("contract-form").await;
    app.click("[data-testid=contract-save]").await;
    app.wait_absent("dialog").await;
    app.wait_text("[data-testid=contract-title]", "Website redesign")
        .await;
    app.wait("[data-testid=contract-header] [data-state=draft]")
        .await;
    app.wait_text("[data-testid=contract-commitment]", "Tentative")
        .await;
    app.wait("[data-testid=totals-total][data-minor='100000']")
        .await;
    app.wait_texts("[data-testid=contract-item] .title", &["Website redesign"])
        .await;

    // Sent, signed by the client, countersigned: each step through its lifecycle button.
    for (action, state) in [
        ("send", "sent"),
        ("client_signs", "signed_by_client"),
        ("countersign", "signed_by_both"),
    ] {
        app.click(&format!("[data-testid=contract-action-{action}]"))
            .await;
        app.wait("[data-testid=contract-action-form]").await;
        if action == "client_signs" {
            app.fill("#contract-action-note", "Ana Silva, CFO").await;
        }
        app.click("[data-testid=contract-action-save]").await;
        app.wait_absent("dialog").await;
        app.wait(&format!(
            "[data-testid=contract-header] [data-state={state}]"
        ))
        .await;
    }
    app.wait_text("[data-testid=contract-commitment]", "Committed")
        .await;
    app.wait_count("[data-testid=history-item]", 4).await;
    // Terminating needs a reason: the core says so next to it, and nothing changes.
    app.click("[data-testid=contract-action-terminate]").await;
    app.click("[data-testid=contract-action-save]").await;
    app.wait_text(
        "[data-testid=contract-action-note-error]",
        "Give a reason for terminating the contract.",
    )
    .await;
    app.click("[data-testid=contract-action-form] button.secondary")
        .await;
    app.wait_absent("dialog").await;
    app.wait("[data-testid=contract-header] [data-state=signed_by_both]")
        .await;

    // 30 % deposit due 40 days ago, the balance in 30 days.
    app.click("[data-testid=schedule-build]").await;
    app.wait("#schedule-kind")
        .await
        .select_by_value("deposit_balance")
        .await
        .unwrap();
    app.fill("#schedule-deposit-percent", "30.5").await;
    app.set_value("#schedule-deposit-due", &day(-40)).await;
    app.set_value("#schedule-balance-due", &day(30)).await;
    app.click("[data-testid=schedule-save]").await;
    app.wait_text(
        "[data-testid=schedule-deposit-percent-error]",
        "“30.5” is not a whole number: type the deposit in digits only.",
    )
    .await;
    app.fill("#schedule-deposit-percent", "30").await;
    app.click("[data-testid=schedule-save]").await;
    app.wait_absent("dialog").await;
    app.wait_count("[data-testid=instalment-row]", 2).await;
    app.wait("[data-testid=totals-scheduled][data-minor='100000']")
        .await;

    // The deposit invoiced 40 days ago: due after the 30 days' terms, so 10 days overdue.
    app.click("[data-testid=instalment-invoice]").await;
    app.fill("#invoice-number", "INV-001").await;
    app.set_value("#invoice-issue", &day(-40)).await;
    app.click("[data-testid=invoice-save]").await;
    app.wait_absent("dialog").await;
    app.wait("[data-testid=invoice-row][data-status=overdue]")
        .await;
    app.wait("[data-testid=totals-overdue][data-minor='30000']")
        .await;
    app.wait("[data-testid=totals-outstanding][data-minor='30000']")
        .await;
    app.wait_count("[data-testid=instalment-invoice]", 1).await;

    // 100 paid: 200 still outstanding, and still overdue.
    app.click("[data-testid=payment-add]").await;
    app.fill("#payment-amount", "100").await;
    app.fill("#payment-method", "Bank transfer").await;
    app.click("[data-testid=payment-save]").await;
    app.wait_absent("dialog").await;
    app.wait("[data-testid=totals-outstanding][data-minor='20000']")
        .await;
    app.wait("[data-testid=totals-paid][data-minor='10000']")
        .await;
    app.wait("[data-testid=totals-overdue][data-minor='20000']")
        .await;
    app.wait("[data-testid=invoice-row][data-status=overdue][data-balance='20000']")
        .await;
    app.wait_count("[data-testid=payment-row]", 1).await;
    app.screenshot("contract").await;

    // The overdue view: aged 1–30 days, Acme owes it.
    app.click("[data-testid=overdue-tab]").await;
    app.wait("[data-testid=overdue-view]").await;
    app.wait("[data-testid=aging-row][data-currency=EUR] td.total[data-minor='20000']")
        .await;
    app.wait_texts("[data-testid=overdue-client] .name", &["Acme"])
        .await;
    app.wait_count("[data-testid=overdue-invoice]", 1).await;
    app.screenshot("contracts-overdue").await;

    // Today lists Acme among the overdue payments.
    app.click("[data-testid=nav-today]").await;
    app.wait_texts("[data-testid=overdue-item] .client", &["Acme"])
        .await;
    app.wait("[data-testid=overdue-item] [data-minor='20000'][data-currency=EUR]")
        .await;
    app.screenshot("today-overdue").await;

    // So does the client card, whose contract opens the Contracts screen.
    app.click("[data-testid=overdue-item]").await;
    app.wait_text("[data-testid=client-title]", "Acme").await;
    app.wait("[data-testid=money-overdue] [data-minor='20000'][data-currency=EUR]")
        .await;
    app.wait_count("[data-testid=card-contract]", 1).await;
    app.screenshot("client-money").await;
    app.click("[data-testid=card-contract] button.link").await;

    // The rest paid (the balance is the amount offered): paid, and nothing overdue.
    app.wait_text("[data-testid=contract-title]", "Website redesign")
        .await;
    app.click("[data-testid=payment-add]").await;
    let offered = app
        .wait("#payment-amount")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(offered.as_deref(), Some("200.00"));
    app.click("[data-testid=payment-save]").await;
    app.wait_absent("dialog").await;
    app.wait("[data-testid=invoice-row][data-status=paid]")
        .await;
    app.wait("[data-testid=totals-outstanding][data-minor='0']")
        .await;
    app.wait("[data-testid=totals-overdue][data-minor='0']")
        .await;
    app.wait("[data-testid=totals-paid][data-minor='30000']")
        .await;
    app.wait_count("[data-testid=payment-row]", 2).await;
    app.click("[data-testid=nav-today]").await;
    app.wait("[data-testid=today-overdue] .empty").await;
    app.wait_count("[data-testid=overdue-item]", 0).await;
    app.quit().await;

    // The data file holds it all.
    let store = Store::open_dir(harness.data_dir()).unwrap();
    let list = contracts::list_contracts(&store, Some(acme.id)).unwrap();
    assert_eq!(list.len(), 1);
    let today = Utc::now().date_naive();
    let d = contracts::detail(&store, list[0].id, today).unwrap();
    let c = &d.contract;
    assert_eq!(
        (
            c.title.as_str(),
            c.state,
            c.committed,
            c.currency.as_str(),
            c.rate_minor,
            c.total_minor
        ),
        (
            "Website redesign",
            ContractState::SignedByBoth,
            true,
            "EUR",
            100_000,
            Some(100_000)
        )
    );
    assert_eq!(c.scope, "Five pages, one round of changes");
    assert_eq!(
        c.deliverables
            .iter()
            .map(|x| (x.title.as_str(), x.due.map(|d| d.to_string())))
            .collect::<Vec<_>>(),
        [("New home page", Some(day(30)))]
    );
    let history: Vec<_> = d
        .history
        .iter()
        .map(|h| (h.state, h.day.to_string(), h.note.as_str()))
        .collect();
    assert_eq!(
        history,
        [
            (ContractState::Draft, day(0), ""),
            (ContractState::Sent, day(0), ""),
            (ContractState::SignedByClient, day(0), "Ana Silva, CFO"),
            (ContractState::SignedByBoth, day(0), ""),
        ]
    );
    let instalments: Vec<_> = d
        .instalments
        .iter()
        .map(|i| {
            (
                i.due_day.to_string(),
                i.amount_minor,
                i.cancelled,
                i.invoice_number.clone(),
            )
        })
        .collect();
    assert_eq!(
        instalments,
        [
            (day(-40), 30_000, false, Some("INV-001".to_string())),
            (day(30), 70_000, false, None)
        ]
    );
    assert_eq!(d.invoices.len(), 1);
    let inv = &d.invoices[0];
    assert_eq!(
        (
            inv.number.as_str(),
            inv.issue_day.to_string(),
            inv.due_day.to_string(),
            inv.amount_minor,
            inv.paid_minor,
            inv.balance_minor,
            inv.status
        ),
        (
            "INV-001",
            day(-40),
            day(-10),
            30_000,
            30_000,
            0,
            InvoiceStatus::Paid
        )
    );
    assert_eq!(inv.instalment_id, Some(d.instalments[0].id));
    let payments: Vec<_> = inv
        .payments
        .iter()
        .map(|p| (p.day.to_string(), p.amount_minor, p.method.as_str()))
        .collect();
    assert_eq!(
        payments,
        [(day(0), 10_000, "Bank transfer"), (day(0), 20_000, "")]
    );
    let t = &d.totals;
    assert_eq!(
        (
            t.scheduled_minor,
            t.invoiced_minor,
            t.paid_minor,
            t.outstanding_minor,
            t.overdue_minor,
            t.credit_minor
        ),
        (100_000, 30_000, 30_000, 0, 0, 0)
    );
    assert!(contracts::overdue(&store, today)
        .unwrap()
        .invoices
        .is_empty());
}

/// A contract as the form would save it, starting today as a draft.
fn contract(
    client: clients::ClientId,
    title: &str,
    model: RateModel,
    currency: &str,
    rate: &str,
) -> ContractInput {
    ContractInput {
        client_id: client,
        title: title.into(),
        scope: String::new(),
        rate_model: model,
        currency: currency.into(),
        rate: rate.into(),
        estimated_hours: String::new(),
        start_day: String::new(),
        end_day: String::new(),
        payment_terms_days: "30".into(),
        ip_terms: String::new(),
        notice_days: String::new(),
        termination_text: String::new(),
        contingency: String::new(),
        deliverables: vec![],
    }
}

fn invoice(
    store: &mut Store,
    contract_id: ContractId,
    number: &str,
    issue: i64,
    due: i64,
    amount: &str,
) -> i64 {
    let input = InvoiceInput {
        contract_id,
        instalment_id: None,
        number: number.into(),
        issue_day: day(issue),
        due_day: day(due),
        amount: amount.into(),
    };
    contracts::add_invoice(store, &input).unwrap().id
}

#[tokio::test(flavor = "multi_thread")]
async fn contract_milestones_typed_as_percentages_split_exactly_and_currencies_are_never_mixed() {
    let harness = Harness::start();
    let (mobile, refresh) = {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        let today = Utc::now().date_naive();
        let mut client = |name: &str| {
            clients::add(&mut store, &ClientInput::named(name))
                .unwrap()
                .id
        };
        let (acme, globex, initech) = (client("Acme"), client("Globex"), client("Initech"));
        let sign = |store: &mut Store, id: ContractId, upto: &[ContractAction]| {
            for a in upto {
                contracts::transition(store, id, *a, &day(-130), "").unwrap();
            }
        };
        use ContractAction::*;
        // Acme: EUR, 36 days overdue.
        let site = contracts::add_contract(
            &mut store,
            &contract(acme, "Website redesign", RateModel::Fixed, "EUR", "4500"),
            today,
        )
        .unwrap();
        sign(
            &mut store,
            site.id,
            &[Send, ClientSigns, Countersign, Start],
        );
        invoice(&mut store, site.id, "A-7", -50, -36, "1350");
        // Acme again: hourly, signed by the client only.
        let refresh = ContractInput {
            estimated_hours: "40".into(),
            ..contract(acme, "Brand refresh", RateModel::Hourly, "EUR", "90")
        };
        let refresh = contracts::add_contract(&mut store, &refresh, today).unwrap();
        sign(&mut store, refresh.id, &[Send, ClientSigns]);
        // Globex: a USD retainer, one invoice 75 days late, one partly paid and 15 days late, one not yet due.
        let retainer = ContractInput {
            start_day: day(-120),
            end_day: day(60),
            ..contract(
                globex,
                "Support retainer",
                RateModel::Retainer,
                "USD",
                "2000",
            )
        };
        let retainer = contracts::add_contract(&mut store, &retainer, today).unwrap();
        sign(
            &mut store,
            retainer.id,
            &[Send, ClientSigns, Countersign, Start],
        );
        invoice(&mut store, retainer.id, "G-1", -105, -75, "2000");
        let g2 = invoice(&mut store, retainer.id, "G-2", -45, -15, "2000");
        invoice(&mut store, retainer.id, "G-3", -5, 25, "2000");
        invoice(&mut store, retainer.id, "G-4", -30, 0, "2000");
        let part = PaymentInput {
            invoice_id: g2,
            day: day(-10),
            amount: "500".into(),
            method: "Wire".into(),
            note: String::new(),
        };
        contracts::add_payment(&mut store, &part, chrono::NaiveDate::MAX).unwrap();
        // Initech: 12,000.00 EUR, a kick-off deck due today and three deliverables, no schedule yet.
        let deliverables = ["Kick-off deck", "Design", "Beta", "Launch"]
            .iter()
            .zip([0, 20, 50, 80])
            .map(|(t, d)| DeliverableInput {
                title: (*t).into(),
                due: day(d),
                done: false,
            })
            .collect();
        let mobile = ContractInput {
            deliverables,
            ..contract(initech, "Mobile app", RateModel::Fixed, "EUR", "12000.00")
        };
        let mobile = contracts::add_contract(&mut store, &mobile, today).unwrap();
        sign(&mut store, mobile.id, &[Send, ClientSigns, Countersign]);
        (mobile.id, refresh.id)
    };
    let app = harness.launch().await;

    // The overdue view keeps EUR and USD apart, the longest-overdue client first.
    app.click("[data-testid=nav-contracts]").await;
    app.wait_count("[data-testid=contract-item]", 4).await;
    app.click("[data-testid=overdue-tab]").await;
    app.wait("[data-testid=overdue-view]").await;
    app.wait_count("[data-testid=aging-row]", 2).await;
    app.wait("[data-testid=aging-row][data-currency=USD] td.total[data-minor='750000']")
        .await;
    app.wait("[data-testid=aging-row][data-currency=EUR] td.total[data-minor='135000']")
        .await;
    app.wait_texts("[data-testid=overdue-client] .name", &["Globex", "Acme"])
        .await;
    app.wait_count("[data-testid=overdue-invoice]", 3).await;
    app.screenshot("contracts-overdue-currencies").await;

    // Milestones from the deliverables, shares typed as percentages.
    app.find_by_text("[data-testid=contract-item]", "Mobile app")
        .await
        .click()
        .await
        .unwrap();
    app.wait_text("[data-testid=contract-title]", "Mobile app")
        .await;
    app.click("[data-testid=schedule-build]").await;
    app.wait("#schedule-kind")
        .await
        .select_by_value("milestones")
        .await
        .unwrap();
    app.wait_count("[data-testid=milestone-row]", 4).await;
    app.click("button[aria-label='Remove milestone 1']").await;
    app.wait_count("[data-testid=milestone-row]", 3).await;
    // Not a percentage: the core says so next to the milestones, nothing is saved.
    app.fill("#milestone-percent-0", "33.333").await;
    app.click("[data-testid=schedule-save]").await;
    app.wait_text(
        "[data-testid=schedule-milestones-error]",
        "“33.333” is not a percentage (like 25 or 33.33).",
    )
    .await;
    for (i, share) in ["33.33", "33,33", "33.34 %"].iter().enumerate() {
        app.fill(&format!("#milestone-percent-{i}"), share).await;
    }
    app.screenshot("schedule-form").await;
    app.click("[data-testid=schedule-save]").await;
    app.wait_absent("dialog").await;
    app.wait_count("[data-testid=instalment-row]", 3).await;
    app.wait("[data-testid=totals-scheduled][data-minor='1200000']")
        .await;
    app.screenshot("contracts-milestones").await;

    // Terminating the hourly contract, with a reason.
    app.find_by_text("[data-testid=contract-item]", "Brand refresh")
        .await
        .click()
        .await
        .unwrap();
    app.wait_text("[data-testid=contract-title]", "Brand refresh")
        .await;
    app.wait("[data-testid=totals-total][data-minor='360000']")
        .await;
    app.click("[data-testid=contract-action-terminate]").await;
    app.fill("#contract-action-note", "Budget cut").await;
    app.click("[data-testid=contract-action-save]").await;
    app.wait_absent("dialog").await;
    app.wait("[data-testid=contract-header] [data-state=terminated]")
        .await;
    app.wait_count("[data-testid=contract-commitment]", 0).await;
    let banner = app.wait("[data-testid=contract-terminated]").await;
    assert!(juggle_e2e::text_of(&banner).await.ends_with(": Budget cut"));
    app.wait_count(
        "[data-testid=contract-header] [data-testid^=contract-action-]",
        0,
    )
    .await;

    // On the calendar, today: the invoice falling due and the deliverable, each opening its client.
    app.click("[data-testid=nav-calendar]").await;
    let due = app
        .find_by_text(".ec-event.payment-due", "Invoice G-4 due")
        .await;
    app.find_by_text(".ec-event.deliverable", "Deliverable: Kick-off deck")
        .await;
    app.screenshot("calendar-contract-dates").await;
    due.click().await.unwrap();
    app.wait_text("[data-testid=client-title]", "Globex").await;
    app.click("[data-testid=nav-calendar]").await;
    app.find_by_text(".ec-event.deliverable", "Kick-off deck")
        .await
        .click()
        .await
        .unwrap();
    app.wait_text("[data-testid=client-title]", "Initech").await;
    app.quit().await;

    let store = Store::open_dir(harness.data_dir()).unwrap();
    let today = Utc::now().date_naive();
    let d = contracts::detail(&store, mobile, today).unwrap();
    let plan: Vec<_> = d
        .instalments
        .iter()
        .map(|i| (i.label.as_str(), i.due_day.to_string(), i.amount_minor))
        .collect();
    assert_eq!(
        plan,
        [
            ("Design", day(20), 399_960),
            ("Beta", day(50), 399_960),
            ("Launch", day(80), 400_080)
        ]
    );
    let ended = contracts::get_contract(&store, refresh).unwrap();
    assert_eq!(
        (
            ended.state,
            ended.termination_reason.as_deref(),
            ended.terminated_on
        ),
        (ContractState::Terminated, Some("Budget cut"), Some(day(0)))
    );
}

/// Issue 19: an invoice of €99,999 on a €12,000 contract is flagged, corrected in the app,
/// and a wrong one voided with its reason: it stays in the history and leaves the overdue
/// list; the next invoice's number is suggested.
#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_invoice_is_corrected_and_another_voided_from_the_app() {
    let harness = Harness::start();
    let id = {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
        let input = ContractInput {
            client_id: acme.id,
            title: "Shop".into(),
            scope: String::new(),
            rate_model: RateModel::Fixed,
            currency: "EUR".into(),
            rate: "12000".into(),
            estimated_hours: String::new(),
            start_day: day(-60),
            end_day: day(60),
            payment_terms_days: "14".into(),
            ip_terms: String::new(),
            notice_days: String::new(),
            termination_text: String::new(),
            contingency: String::new(),
            deliverables: vec![],
        };
        let drafted = Utc::now().date_naive() - Duration::days(70);
        let c = contracts::add_contract(&mut store, &input, drafted).unwrap();
        for action in [
            ContractAction::Send,
            ContractAction::ClientSigns,
            ContractAction::Countersign,
        ] {
            contracts::transition(&mut store, c.id, action, &day(-60), "").unwrap();
        }
        for (number, amount, issued) in [("2026-101", "99999", -30), ("2026-102", "500", -40)] {
            contracts::add_invoice(
                &mut store,
                &InvoiceInput {
                    contract_id: c.id,
                    instalment_id: None,
                    number: number.into(),
                    issue_day: day(issued),
                    due_day: String::new(),
                    amount: amount.into(),
                },
            )
            .unwrap();
        }
        c.id
    };
    let app = harness.launch().await;
    app.click("[data-testid=nav-contracts]").await;
    app.wait("[data-testid=contract-detail]").await;
    app.wait("[data-testid=totals-over-invoiced]").await;

    // The typo corrected: the warning goes.
    app.click("[data-testid=invoice-row][data-number='2026-101'] [data-testid=invoice-edit]")
        .await;
    app.wait("[data-testid=invoice-correction]").await;
    app.fill("#fix-amount", "4000").await;
    app.click("[data-testid=invoice-correction-save]").await;
    app.wait_absent("dialog").await;
    app.wait_absent("[data-testid=totals-over-invoiced]").await;
    app.wait("[data-testid=totals-invoiced][data-minor='450000']")
        .await;

    // The other one voided: a reason is asked for, then it stays, as void.
    app.click("[data-testid=invoice-row][data-number='2026-102'] [data-testid=invoice-void]")
        .await;
    app.click("[data-testid=invoice-correction-save]").await;
    app.wait_text(
        "[data-testid=fix-reason-error]",
        "Give a reason: it stays in the invoice's history.",
    )
    .await;
    app.fill("#fix-reason", "Sent to the wrong client").await;
    app.click("[data-testid=invoice-correction-save]").await;
    app.wait_absent("dialog").await;
    app.wait("[data-testid=invoice-row][data-number='2026-102'][data-status=void]")
        .await;
    app.find_by_text(
        "[data-testid=invoice-void-note]",
        "Sent to the wrong client",
    )
    .await;
    app.wait("[data-testid=totals-invoiced][data-minor='400000']")
        .await;
    app.screenshot("invoice-void").await;

    // Only the corrected invoice is overdue now (issued 30 days ago, 14 days' terms).
    app.click("[data-testid=overdue-tab]").await;
    app.wait_count("[data-testid=overdue-invoice]", 1).await;

    // A new invoice offers the next number (taken when the box is left blank).
    app.click("[data-testid=contract-item]").await;
    app.click("[data-testid=invoice-new]").await;
    app.wait("#invoice-number[placeholder='2026-103']").await;
    app.quit().await;

    let store = Store::open_dir(harness.data_dir()).unwrap();
    let detail = contracts::detail(&store, id, Utc::now().date_naive()).unwrap();
    let void = detail
        .invoices
        .iter()
        .find(|v| v.number == "2026-102")
        .unwrap();
    assert_eq!(void.status, InvoiceStatus::Void);
    assert_eq!(void.void_reason, "Sent to the wrong client");
}
