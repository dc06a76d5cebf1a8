//! Time tracking in the real app (issue 16): the timer started from the side bar on every
//! screen, still running when the book says so, stopped; its time on the week's timesheet;
//! an invoice made from it whose PDF bills those hours at the contract's rate with tax;
//! and time typed by hand, refused when it overlaps, then deleted and brought back.

use juggle::clients::{self, ClientInput};
use juggle::contracts::{self, ContractAction, ContractInput};
use juggle::Store;
use juggle_e2e::{text_of, Harness};

#[tokio::test(flavor = "multi_thread")]
async fn a_timer_becomes_a_timesheet_entry_and_an_invoice_pdf() {
    let harness = Harness::start();
    // The app runs in UTC (the harness sets TZ).
    let today = chrono::Utc::now().date_naive().to_string();
    {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        juggle::settings::finish_first_run(&mut store).unwrap();
        let c = clients::add(&mut store, &ClientInput::named("Acme Studio")).unwrap();
        let input = ContractInput::hourly(c.id, "Support", "80", "EUR");
        let k =
            contracts::add_contract(&mut store, &input, chrono::Utc::now().date_naive()).unwrap();
        for a in [
            ContractAction::Send,
            ContractAction::ClientSigns,
            ContractAction::Countersign,
        ] {
            contracts::transition(&mut store, k.id, a, &today, "").unwrap();
        }
    }
    let app = harness.launch().await;

    // Started from the side bar, on the client: its one hourly contract gets the time.
    app.click("[data-testid=timer-start]").await;
    app.set_value("#timer-target", "client:1").await;
    app.click("[data-testid=timer-go]").await;
    app.wait("[data-testid=timer-stop]").await;
    // It shows on every screen.
    app.click("[data-testid=nav-contracts]").await;
    app.wait("[data-testid=timer-clock]").await;

    // Two hours pass (the clock moved in the book, as another writer would): the open app
    // picks the change up by itself.
    {
        let store = Store::open_dir(harness.data_dir()).unwrap();
        store
            .conn()
            .execute(
                "UPDATE time_entries SET start_utc = start_utc - 7200 WHERE end_utc IS NULL",
                [],
            )
            .unwrap();
    }
    app.wait_text("[data-testid=timer-clock]", "2:00").await;
    app.screenshot("timer-running").await;
    app.click("[data-testid=timer-stop]").await;
    app.wait("[data-testid=timer-start]").await;
    // Two hours and the seconds the clicks took, a started minute counting whole.
    let timed: u32 = {
        let store = Store::open_dir(harness.data_dir()).unwrap();
        store
            .conn()
            .query_row("SELECT minutes FROM time_entries", [], |r| r.get(0))
            .unwrap()
    };
    assert!((120..=122).contains(&timed), "{timed}");
    let clock = |m: u32| format!("{}:{:02}", m / 60, m % 60);

    // The timesheet: that time for Acme today, one entry, stopped.
    app.click("[data-testid=nav-time]").await;
    app.wait_text("[data-testid=timesheet-total]", &clock(timed))
        .await;
    let row = text_of(&app.wait("[data-testid=timesheet-row]").await).await;
    assert!(row.contains("Acme Studio"), "{row}");
    app.wait_count("[data-testid=time-entry]", 1).await;

    // Time typed by hand that overlaps the timer's is refused on its field.
    app.click("[data-testid=time-new]").await;
    app.set_value("#time-target", "client:1").await;
    app.click("[data-testid=time-by-times]").await;
    let start = chrono::Utc::now() - chrono::Duration::minutes(90);
    let end = start + chrono::Duration::minutes(30);
    app.set_value("#time-from", &start.format("%H:%M").to_string())
        .await;
    app.set_value("#time-to", &end.format("%H:%M").to_string())
        .await;
    let day = start.date_naive().to_string();
    app.set_value("#time-day", &day).await;
    app.click("[data-testid=time-save]").await;
    let refused = text_of(&app.wait("[data-testid=time-to-error]").await).await;
    assert!(refused.contains("overlaps"), "{refused}");
    // As hours instead, it is logged; then deleted and brought back with Undo.
    app.click("[data-testid=time-by-times]").await;
    app.fill("#time-hours", "0.5").await;
    app.fill("#time-note", "Typed by hand").await;
    app.set_value("#time-day", &today).await;
    app.click("[data-testid=time-save]").await;
    app.wait_absent("dialog").await;
    app.wait_text("[data-testid=timesheet-total]", &clock(timed + 30))
        .await;
    app.screenshot("timesheet").await;
    let typed = app
        .find_by_text("[data-testid=time-entry]", "Typed by hand")
        .await;
    typed
        .find(fantoccini::Locator::Css("[data-testid=time-delete]"))
        .await
        .expect("delete")
        .click()
        .await
        .expect("click");
    app.wait_text("[data-testid=timesheet-total]", &clock(timed))
        .await;
    app.click("[data-testid=undo]").await;
    app.wait_text("[data-testid=timesheet-total]", &clock(timed + 30))
        .await;

    // The invoice from time: the hours at 80.00 with 19 % VAT (2.5 h: 200.00 + 38.00).
    // Hours in thousandths, each line's net and the tax rounded half up, as the core does.
    let milli = (u64::from(timed + 30) * 1000 + 30) / 60;
    let net = (milli * 8000 + 500) / 1000;
    let total = net + (net * 1900 + 5000) / 10_000;
    let money = |minor: u64| format!("{}.{:02}", minor / 100, minor % 100);
    app.click("[data-testid=nav-contracts]").await;
    app.click("[data-testid=contract-item]").await;
    app.click("[data-testid=invoice-new]").await;
    app.click("[data-testid=invoice-from-time]").await;
    app.fill("[data-testid=invoice-tax]", "19").await;
    app.find_by_text("[data-testid=invoice-preview-total]", &money(total))
        .await;
    app.screenshot("invoice-from-time").await;
    app.click("[data-testid=invoice-save]").await;
    app.wait_absent("dialog").await;
    app.wait(&format!(
        "[data-testid=invoice-row][data-balance='{total}']"
    ))
    .await;
    app.click("[data-testid=invoice-pdf]").await;
    let written = text_of(&app.wait("[data-testid=invoice-pdf-written]").await).await;
    let pdf = std::fs::read_dir(harness.data_dir().join("invoices"))
        .unwrap()
        .next()
        .expect("a PDF in the data folder")
        .unwrap()
        .path();
    assert!(
        written.contains(pdf.file_name().unwrap().to_str().unwrap()),
        "{written}"
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed by the test command");
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in ["Support", "80.00", &money(net), &money(total)] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    // The billed time is marked so on the timesheet, and can no longer be deleted.
    app.click("[data-testid=nav-time]").await;
    app.wait_count("[data-testid=time-delete]", 0).await;
    let billed = app.texts("[data-testid=time-entry]").await;
    assert!(billed.iter().all(|t| t.contains("billed")), "{billed:?}");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_capacity_check_says_how_the_estimates_ran_and_what_that_makes_of_the_request() {
    let harness = Harness::start();
    let today = chrono::Utc::now().date_naive();
    {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        juggle::settings::finish_first_run(&mut store).unwrap();
        let c = clients::add(&mut store, &ClientInput::named("Acme Studio")).unwrap();
        // Three done tasks estimated at 10 h that took 13 h each.
        for i in 0..3 {
            let input = juggle::capacity::TaskInput {
                done_hours: "13".into(),
                status: juggle::capacity::TaskStatus::Done,
                ..juggle::capacity::TaskInput::due(&format!("Old {i}"), "10", "").for_client(c.id)
            };
            juggle::capacity::tasks::add(&mut store, &input, today).unwrap();
        }
    }
    let app = harness.launch().await;
    app.click("[data-testid=nav-capacity]").await;
    app.click("[data-testid=cap-tab-check]").await;
    app.wait("#req-client")
        .await
        .select_by_label("Acme Studio")
        .await
        .unwrap();
    app.fill("#req-title", "Banner set").await;
    app.fill("#req-hours", "10").await;
    let deadline = (today + chrono::Duration::days(60)).to_string();
    app.set_value("#req-deadline", &deadline).await;
    app.click("[data-testid=check-run]").await;
    let note = text_of(&app.wait("[data-testid=calibrated]").await).await;
    assert!(
        note.contains("Your estimates for Acme Studio ran 1.3× over on the last 3 tasks: at 13 h"),
        "{note}"
    );
    app.screenshot("capacity-calibrated").await;

    // The done tasks show their time against their estimate.
    app.click("[data-testid=cap-tab-tasks]").await;
    app.click("[data-testid=show-done]").await;
    let actual = text_of(&app.wait("[data-testid=task-actual]").await).await;
    assert!(
        actual.contains("13 h logged") && actual.contains("1.3×"),
        "{actual}"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clients_report_and_the_exit_plan_say_what_the_records_say() {
    let harness = Harness::start();
    let today = chrono::Utc::now().date_naive();
    let now = chrono::Utc::now();
    {
        let mut s = Store::open_dir(harness.data_dir()).unwrap();
        juggle::settings::finish_first_run(&mut s).unwrap();
        let c = clients::add(&mut s, &ClientInput::named("Acme Studio")).unwrap();
        let input = ContractInput {
            notice_days: "30".into(),
            ..ContractInput::hourly(c.id, "Support", "80", "EUR")
        };
        let k = contracts::add_contract(&mut s, &input, today).unwrap();
        for a in [
            ContractAction::Send,
            ContractAction::ClientSigns,
            ContractAction::Countersign,
        ] {
            contracts::transition(&mut s, k.id, a, &today.to_string(), "").unwrap();
        }
        let zone: chrono_tz::Tz = chrono_tz::UTC;
        let entry = |hours: &str| juggle::tracking::EntryInput {
            target: Some(juggle::tracking::Target::Contract(k.id)),
            day: today.to_string(),
            hours: hours.into(),
            billable: true,
            ..Default::default()
        };
        juggle::tracking::add(&mut s, &entry("2"), now, zone).unwrap();
        let inv = juggle::invoicing::create(
            &mut s,
            &juggle::invoicing::DraftInput {
                contract_id: k.id,
                number: String::new(),
                issue_day: String::new(),
                due_day: String::new(),
                instalment_id: None,
                lines: Vec::new(),
                tax_percent: String::new(),
                from_time: true,
            },
            today,
        )
        .unwrap();
        contracts::add_payment(
            &mut s,
            &contracts::PaymentInput {
                invoice_id: inv.invoice.id,
                day: today.to_string(),
                amount: "160".into(),
                method: String::new(),
                note: String::new(),
            },
            today,
        )
        .unwrap();
        // An hour and a half since, not yet billed: the exit plan's final invoice.
        juggle::tracking::add(&mut s, &entry("1.5"), now, zone).unwrap();
    }
    let app = harness.launch().await;
    app.click("[data-testid=nav-time]").await;
    app.click("[data-testid=time-tab-report]").await;
    let row = app
        .wait("[data-testid=report-row][data-client='Acme Studio']")
        .await;
    let text = text_of(&row).await;
    // 3.5 h logged, 160.00 received: 45.71 per hour.
    assert!(text.contains("3:30") && text.contains("160.00"), "{text}");
    app.find_by_text("[data-testid=report-rate]", "45.71").await;
    app.screenshot("clients-report").await;

    app.click("[data-testid=nav-clients]").await;
    app.click("[data-testid=client-item]").await;
    app.click("[data-testid=client-exit-plan]").await;
    let contract = text_of(&app.wait("[data-testid=exit-contract]").await).await;
    assert!(contract.contains("30 days' notice"), "{contract}");
    let unbilled = text_of(&app.wait("[data-testid=exit-unbilled]").await).await;
    assert!(unbilled.contains("120.00"), "{unbilled}");
    let goodbye = app.wait("[data-testid=exit-goodbye]").await;
    let text = goodbye.prop("value").await.unwrap().unwrap_or_default();
    assert!(text.starts_with("Dear Acme Studio,"), "{text}");
    assert!(
        !text.contains("{weekday:"),
        "the day is written for people: {text}"
    );
    app.screenshot("exit-plan").await;
    app.quit().await;
}
