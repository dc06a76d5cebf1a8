//! The sample book's contracts: every state, with schedules, invoices and payments, and
//! one invoice overdue, entered through the same functions the app calls.

use chrono::{Duration, NaiveDate};

use chrono::Datelike;

use crate::clients::ClientId;
use crate::store::Store;
use crate::views::Error;

/// Contracts in every state, with schedules, invoices and payments, one invoice overdue.
pub(super) fn sample_contracts(
    store: &mut Store,
    today: NaiveDate,
    ids: &[ClientId],
) -> Result<(), Error> {
    use crate::contracts::{
        self as k, ContractAction as A, ContractInput, DeliverableInput, RateModel, ScheduleInput,
    };

    let day = |offset: i64| (today + Duration::days(offset)).to_string();
    let month_start = |months_back: u32| {
        today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(months_back)))
            .unwrap_or(today)
            .to_string()
    };
    let base =
        |client: usize, title: &str, model: RateModel, currency: &str, rate: &str| ContractInput {
            client_id: ids[client],
            title: title.into(),
            scope: String::new(),
            rate_model: model,
            currency: currency.into(),
            rate: rate.into(),
            estimated_hours: String::new(),
            start_day: String::new(),
            end_day: String::new(),
            payment_terms_days: "14".into(),
            ip_terms: "Rights transfer on full payment.".into(),
            notice_days: "30".into(),
            termination_text: "Either party, in writing, with 30 days' notice.".into(),
            contingency: String::new(),
            deliverables: vec![],
        };
    let walk = |store: &mut Store,
                id: crate::contracts::ContractId,
                steps: &[A],
                on: &str|
     -> Result<(), Error> {
        for step in steps {
            k::transition(store, id, *step, on, "")?;
        }
        Ok(())
    };
    let signed = [A::Send, A::ClientSigns, A::Countersign];

    // Acme: a monthly retainer under way, the last invoice partly paid.
    let retainer = k::add_contract(
        store,
        &ContractInput {
            scope: "Blog posts, newsletter and social copy: up to 20 hours a month.".into(),
            estimated_hours: "120".into(),
            start_day: month_start(2),
            end_day: (today
                .with_day(1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(4)))
                .unwrap_or(today)
                - Duration::days(1))
            .to_string(),
            ..base(0, "Content retainer", RateModel::Retainer, "EUR", "2000.00")
        },
        today - Duration::days(75),
    )?;
    walk(store, retainer.id, &signed, &day(-70))?;
    k::transition(store, retainer.id, A::Start, &month_start(2), "")?;
    let months = k::set_schedule(
        store,
        retainer.id,
        &ScheduleInput::Retainer {
            day_of_month: "1".into(),
        },
    )?;
    for (n, instalment) in months.iter().take(3).enumerate() {
        let invoice = k::add_invoice(
            store,
            &k::InvoiceInput {
                contract_id: retainer.id,
                instalment_id: Some(instalment.id),
                number: format!("ACME-{:03}", n + 1),
                issue_day: instalment.due_day.to_string(),
                due_day: String::new(),
                amount: String::new(),
            },
        )?;
        let paid = ["2000.00", "2000.00", "500.00"][n];
        if instalment.due_day.to_string() < day(-5) || n < 2 {
            k::add_payment(
                store,
                &k::PaymentInput {
                    invoice_id: invoice.id,
                    day: day(-3 - 20 * (2 - n as i64)),
                    amount: paid.into(),
                    method: "bank transfer".into(),
                    note: String::new(),
                },
                today,
            )?;
        }
    }

    // Globex: a fixed-price project the client signed; the user has yet to countersign.
    let portal = k::add_contract(
        store,
        &ContractInput {
            scope: "Copy for the new customer portal: 12 pages and onboarding emails.".into(),
            estimated_hours: "50".into(),
            start_day: day(7),
            end_day: day(49),
            deliverables: vec![
                DeliverableInput {
                    title: "Page copy, first draft".into(),
                    due: day(21),
                    done: false,
                },
                DeliverableInput {
                    title: "Onboarding emails".into(),
                    due: day(42),
                    done: false,
                },
            ],
            ..base(
                2,
                "Customer portal copy",
                RateModel::Fixed,
                "EUR",
                "6500.00",
            )
        },
        today - Duration::days(6),
    )?;
    walk(store, portal.id, &[A::Send, A::ClientSigns], &day(-2))?;
    k::set_schedule(
        store,
        portal.id,
        &ScheduleInput::DepositBalance {
            deposit_percent: "30".into(),
            deposit_due: day(7),
            balance_due: day(63),
        },
    )?;

    // Initech: finished work, the final invoice long overdue.
    let report = k::add_contract(
        store,
        &ContractInput {
            estimated_hours: "30".into(),
            start_day: day(-120),
            end_day: day(-60),
            ..base(5, "Annual report", RateModel::Fixed, "USD", "3200.00")
        },
        today - Duration::days(125),
    )?;
    walk(store, report.id, &signed, &day(-122))?;
    k::transition(store, report.id, A::Start, &day(-120), "")?;
    let halves = k::set_schedule(
        store,
        report.id,
        &ScheduleInput::Instalments {
            count: "2".into(),
            first_due: day(-120),
            every_months: "2".into(),
        },
    )?;
    for (n, (instalment, paid)) in halves.iter().zip([true, false]).enumerate() {
        let invoice = k::add_invoice(
            store,
            &k::InvoiceInput {
                contract_id: report.id,
                instalment_id: Some(instalment.id),
                number: format!("2026-{:03}", 30 + n),
                issue_day: instalment.due_day.to_string(),
                due_day: String::new(),
                amount: String::new(),
            },
        )?;
        if paid {
            k::add_payment(
                store,
                &k::PaymentInput {
                    invoice_id: invoice.id,
                    day: day(-100),
                    amount: "1600.00".into(),
                    method: "wire".into(),
                    note: String::new(),
                },
                today,
            )?;
        }
    }
    k::transition(store, report.id, A::Complete, &day(-58), "")?;

    // Umbrella: hourly compliance work, active, with deliverables this month.
    let compliance = k::add_contract(
        store,
        &ContractInput {
            estimated_hours: "40".into(),
            start_day: day(-14),
            end_day: day(30),
            contingency:
                "A missed release date moves the next milestone by the same days, at no charge."
                    .into(),
            deliverables: vec![
                DeliverableInput {
                    title: "Release notes review".into(),
                    due: day(4),
                    done: false,
                },
                DeliverableInput {
                    title: "Patient leaflet".into(),
                    due: day(18),
                    done: false,
                },
            ],
            ..base(
                6,
                "Compliance copy review",
                RateModel::Hourly,
                "EUR",
                "95.00",
            )
        },
        today - Duration::days(20),
    )?;
    walk(store, compliance.id, &signed, &day(-16))?;
    k::transition(store, compliance.id, A::Start, &day(-14), "")?;
    k::set_schedule(
        store,
        compliance.id,
        &ScheduleInput::Instalments {
            count: "2".into(),
            first_due: day(16),
            every_months: "1".into(),
        },
    )?;

    // Bloom: a draft, and Northwind: sent, waiting for a signature.
    k::add_contract(
        store,
        &ContractInput {
            start_day: day(30),
            end_day: day(60),
            estimated_hours: "24".into(),
            ..base(1, "Brand voice guide", RateModel::Fixed, "GBP", "2400.00")
        },
        today,
    )?;
    let menu = k::add_contract(
        store,
        &ContractInput {
            start_day: day(14),
            end_day: day(44),
            estimated_hours: "16".into(),
            ..base(
                4,
                "Spring menu campaign",
                RateModel::Fixed,
                "EUR",
                "1800.00",
            )
        },
        today - Duration::days(3),
    )?;
    k::transition(store, menu.id, A::Send, &day(-3), "")?;
    Ok(())
}
