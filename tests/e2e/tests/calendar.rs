//! The calendar screen, driven through the real app's UI.

use chrono::{Datelike, Duration, Utc};
use juggle::calendar::{self, Filter};
use juggle::clients::{self, ClientInput};
use juggle::Store;
use juggle_e2e::Harness;

fn seed_client(harness: &Harness, name: &str) {
    let mut store = Store::open_dir(harness.data_dir()).unwrap();
    clients::add(&mut store, &ClientInput::named(name)).unwrap();
}

fn stored(harness: &Harness) -> Vec<calendar::Occurrence> {
    let store = Store::open_dir(harness.data_dir()).unwrap();
    let today = Utc::now().date_naive();
    juggle::views::occurrences(
        &store,
        today - Duration::days(31),
        today + Duration::days(62),
        chrono_tz::Tz::UTC,
        &Filter::default(),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_event_added_in_the_form_shows_on_the_calendar_and_a_clash_is_warned_and_marked() {
    let harness = Harness::start();
    seed_client(&harness, "Acme");
    let app = harness.launch().await;
    app.click("[data-testid=nav-calendar]").await;
    app.wait("[data-testid=calendar-screen] .ec-timeGridWeek")
        .await;
    let today = Utc::now().date_naive().to_string();

    app.click("[data-testid=event-new]").await;
    app.fill("#event-title", "Kick-off").await;
    app.wait("#event-client")
        .await
        .select_by_label("Acme")
        .await
        .unwrap();
    app.set_value("#event-start", &today).await;
    app.set_value("#event-start-time", "09:00").await;
    app.set_value("#event-end", &today).await;
    app.set_value("#event-end-time", "10:00").await;
    app.click("[data-testid=event-save]").await;
    app.wait_texts(".ec-event .ec-event-title", &["Kick-off · Acme"])
        .await;

    // A second event at 09:30 is warned about before saving, and both get marked.
    app.click("[data-testid=event-new]").await;
    app.fill("#event-title", "Dentist").await;
    app.set_value("#event-start", &today).await;
    app.set_value("#event-start-time", "09:30").await;
    app.set_value("#event-end", &today).await;
    app.set_value("#event-end-time", "10:30").await;
    let warning = app.wait("[data-testid=event-conflicts]").await;
    assert!(juggle_e2e::text_of(&warning).await.contains("Kick-off"));
    app.click("[data-testid=event-save]").await;
    app.wait_texts(
        ".ec-event.conflict .ec-event-title",
        &["Kick-off · Acme", "Dentist"],
    )
    .await;
    app.wait_absent("dialog").await;
    app.screenshot("calendar-week").await;

    // Open the first event and move it to the afternoon: the clash is gone.
    app.click(".ec-event.conflict").await;
    app.set_value("#event-start-time", "14:00").await;
    app.set_value("#event-end-time", "15:00").await;
    app.click("[data-testid=event-save]").await;
    app.wait_texts(".ec-event.conflict .ec-event-title", &[])
        .await;

    // The month view shows both; dragging the dentist one cell across moves it a day
    // (back a day on Sundays, the last column).
    app.click("button.ec-dayGridMonth").await;
    app.wait_absent("dialog").await;
    app.wait(".ec-day-grid .ec-event").await;
    let cell = app
        .wait(".ec-day-grid .ec-day")
        .await
        .rectangle()
        .await
        .unwrap();
    let today = Utc::now().date_naive();
    let step = if today.weekday() == chrono::Weekday::Sun {
        -1
    } else {
        1
    };
    let dentist = app.find_by_text(".ec-event", "Dentist").await;
    app.drag_by(&dentist, cell.2 * f64::from(step), 0.0).await;
    let moved_to = (today + Duration::days(step.into())).to_string();
    wait_until(|| {
        stored(&harness)
            .iter()
            .any(|o| o.title == "Dentist" && o.start.starts_with(&moved_to))
    })
    .await;
    app.screenshot("calendar-month").await;
    app.quit().await;

    let events = stored(&harness);
    let got: Vec<(&str, &str, Option<&str>)> = events
        .iter()
        .map(|o| (o.title.as_str(), &o.start[11..16], o.client.as_deref()))
        .collect();
    let mut expected = vec![
        ("Kick-off", "14:00", Some("Acme")),
        ("Dentist", "09:30", None),
    ];
    if step < 0 {
        expected.reverse();
    }
    assert_eq!(got, expected);
}

/// Polls the data file until `done` holds (the UI saves asynchronously after a drag).
async fn wait_until(done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "the change never reached the data file"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_repeating_event_and_an_imported_ics_file_show_up() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.start_empty().await;
    app.click("[data-testid=nav-calendar]").await;
    app.wait("[data-testid=calendar-screen] .ec-timeGridWeek")
        .await;
    let today = Utc::now().date_naive();

    app.click("[data-testid=event-new]").await;
    app.fill("#event-title", "Stand-up").await;
    app.set_value("#event-start", &today.to_string()).await;
    app.set_value("#event-end", &today.to_string()).await;
    app.wait("#event-repeat")
        .await
        .select_by_value("daily")
        .await
        .unwrap();
    app.wait("#event-ends")
        .await
        .select_by_value("count")
        .await
        .unwrap();
    app.set_value("#event-count", "3").await;
    app.click("[data-testid=event-save]").await;
    app.wait("[data-testid=calendar-screen] .ec-event").await;

    // Import goes through the same command the Import button calls after its file dialog.
    let ics = harness.data_dir().join("trip.ics");
    let day = (today + Duration::days(1)).format("%Y%m%d");
    std::fs::write(
        &ics,
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:trip-1\r\nDTSTART:{day}T120000Z\r\nDTEND:{day}T130000Z\r\nSUMMARY:Lunch with Ana\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:broken\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    )
    .unwrap();
    let report = app
        .invoke(
            "calendar_import",
            serde_json::json!({ "path": ics, "clientId": null, "calendarId": null, "newCalendar": null }),
        )
        .await;
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["skipped"][0]["uid"], "broken");
    app.click("[data-testid=nav-clients]").await;
    app.click("[data-testid=nav-calendar]").await;
    app.wait("[data-testid=calendar-screen] .ec-timeGridDay, [data-testid=calendar-screen] .ec-timeGridWeek").await;
    app.click("button.ec-timeGridDay").await;
    app.click("button.ec-next").await;
    app.wait_texts(".ec-event .ec-event-title", &["Stand-up", "Lunch with Ana"])
        .await;

    // Export everything and import the file again: all updated, nothing duplicated.
    let out = harness.data_dir().join("export.ics");
    let count = app
        .invoke(
            "calendar_export",
            serde_json::json!({ "path": out, "clientId": null }),
        )
        .await;
    assert_eq!(count, 2, "one series and one event");
    let again = app
        .invoke(
            "calendar_import",
            serde_json::json!({ "path": out, "clientId": null, "calendarId": null, "newCalendar": null }),
        )
        .await;
    assert_eq!(
        (again["added"].as_u64(), again["updated"].as_u64()),
        (Some(0), Some(2)),
        "{again}"
    );
    app.click("button.ec-prev").await;
    app.click("button.ec-next").await;
    app.wait_texts(".ec-event .ec-event-title", &["Stand-up", "Lunch with Ana"])
        .await;
    app.quit().await;

    let titles: Vec<String> = stored(&harness).into_iter().map(|o| o.title).collect();
    assert_eq!(titles.iter().filter(|t| *t == "Stand-up").count(), 3);
    assert!(titles.contains(&"Lunch with Ana".to_string()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_due_reminder_becomes_a_desktop_notification() {
    let harness = Harness::start_with_notifications(&[("JUGGLE_REMINDER_EVERY_MS", "500")]);
    let mut store = Store::open_dir(harness.data_dir()).unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let app = harness.launch().await;
    // Added once the app runs, as a second window or the CLI would: a meeting that starts
    // in two seconds, with a reminder at its start.
    let start = Utc::now() + Duration::seconds(2);
    let wall = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    let input = calendar::EventInput {
        reminders: vec![0],
        ..calendar::EventInput::meeting(
            "Call with Acme",
            &wall(start),
            &wall(start + Duration::minutes(30)),
        )
        .for_client(acme.id)
    };
    calendar::add_event(&mut store, &input).unwrap();
    drop(store);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut shown = Vec::new();
    while std::time::Instant::now() < deadline {
        shown.extend(harness.notifications());
        if !shown.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.quit().await;
    assert_eq!(shown, ["Call with Acme: now · Acme"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_series_cut_short_in_the_view_is_said_on_the_calendar_screen() {
    let harness = Harness::start();
    seed_client(&harness, "Acme");
    {
        // Every 20 seconds, this week: more than the 20,000 occurrences one view shows.
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        let monday = Utc::now()
            .date_naive()
            .week(chrono::Weekday::Mon)
            .first_day();
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:ticker\r\nSUMMARY:Ticker\r\n\
             DTSTART:{}T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY;INTERVAL=20\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            monday.format("%Y%m%d")
        );
        calendar::ics::import(&mut store, &text, None).unwrap();
    }
    let app = harness.launch().await;
    app.click("[data-testid=nav-calendar]").await;
    app.wait_text(
        "[data-testid=calendar-cut]",
        "Showing the first 20,000 occurrences of “Ticker”.",
    )
    .await;
    app.screenshot("calendar-cut").await;
    app.quit().await;
}

/// Issue 19: deleting from the calendar offers Undo (the core keeps what went); a skipped
/// occurrence is listed on its series with Restore.
#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_occurrence_and_a_deleted_series_come_back_with_undo() {
    let harness = Harness::start();
    let today = Utc::now().date_naive();
    let series = {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        let start = format!("{today}T10:00");
        let end = format!("{today}T10:30");
        calendar::add_event(
            &mut store,
            &calendar::EventInput::meeting("Stand-up", &start, &end).repeating(
                calendar::Recurrence {
                    freq: calendar::Freq::Daily,
                    interval: 1,
                    by_weekday: vec![],
                    by_month_day: vec![],
                    count: Some(3),
                    until: None,
                },
            ),
        )
        .unwrap()
        .id
    };
    let skipped = |harness: &Harness| {
        let store = Store::open_dir(harness.data_dir()).unwrap();
        calendar::skipped(store.conn(), series).unwrap().len()
    };
    let exists = |harness: &Harness| {
        let store = Store::open_dir(harness.data_dir()).unwrap();
        calendar::get_event(&store, series).is_ok()
    };
    let app = harness.launch().await;
    app.start_empty().await;
    app.click("[data-testid=nav-calendar]").await;
    app.click("button.ec-timeGridDay").await;
    let open = || async {
        app.click("[data-testid=calendar-screen] .ec-event").await;
        app.wait("[data-testid=event-form]").await;
    };

    // Today's occurrence deleted ("this one"): skipped, and back with Undo.
    open().await;
    app.click("[data-testid=event-delete]").await;
    app.wait_absent("dialog").await;
    app.wait("[data-testid=undo-toast]").await;
    wait_until(|| skipped(&harness) == 1).await;
    app.click("[data-testid=undo]").await;
    wait_until(|| skipped(&harness) == 0).await;
    app.wait("[data-testid=calendar-screen] .ec-event").await;

    // Skipped again: the series lists it, and Restore brings it back.
    open().await;
    app.click("[data-testid=event-delete]").await;
    app.wait_absent("dialog").await;
    wait_until(|| skipped(&harness) == 1).await;
    app.click("button.ec-next").await;
    open().await;
    app.wait("[data-testid=event-skipped]").await;
    app.click("[data-testid=event-skipped-restore]").await;
    wait_until(|| skipped(&harness) == 0).await;
    app.wait_absent("[data-testid=event-skipped]").await;

    // The whole series deleted, then taken back with Undo.
    app.click("[data-testid=scope-all]").await;
    app.click("[data-testid=event-delete]").await;
    app.wait_absent("dialog").await;
    app.find_by_text("[data-testid=undo-toast]", "Deleted “Stand-up”.")
        .await;
    wait_until(|| !exists(&harness)).await;
    app.screenshot("undo-toast").await;
    app.click("[data-testid=undo]").await;
    wait_until(|| exists(&harness)).await;
    app.wait("[data-testid=calendar-screen] .ec-event").await;
    app.quit().await;
    assert_eq!(
        stored(&harness)
            .iter()
            .filter(|o| o.title == "Stand-up")
            .count(),
        3
    );
}

#[path = "../../support/http.rs"]
mod published;

/// Issue 15 (subscriptions): a calendar published on a local server, subscribed to from
/// Settings → Calendars. Its events show on the calendar, read-only; a new version on the
/// server comes in with "Refresh subscriptions now".
#[tokio::test(flavor = "multi_thread")]
async fn a_calendar_subscribed_to_in_settings_shows_its_events_read_only() {
    let today = Utc::now().date_naive();
    let ics = |events: &[(&str, &str)]| {
        let mut text = String::from(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:School\r\n",
        );
        for (uid, title) in events {
            text.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:{d}T090000Z\r\n\
                 DTEND:{d}T100000Z\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n",
                d = today.format("%Y%m%d")
            ));
        }
        text + "END:VCALENDAR\r\n"
    };
    let server = published::Published::start(&ics(&[("play@school", "School play")]));
    let harness = Harness::start();
    seed_client(&harness, "Acme");
    let app = harness.launch().await;
    app.wait("[data-testid=today-screen]").await;

    app.click("[data-testid=nav-settings]").await;
    app.fill("[data-testid=subscribe-url]", "http://example.org/x.ics")
        .await;
    app.click("[data-testid=subscribe-button]").await;
    app.find_by_text(
        "#subscribe-url-error, [data-testid=subscribe] .error",
        "https://",
    )
    .await;
    app.fill("[data-testid=subscribe-url]", &server.url).await;
    app.click("[data-testid=subscribe-button]").await;
    app.find_by_text("[data-testid=calendar-row]", "School")
        .await;
    app.find_by_text("[data-testid=calendar-subscription]", "Subscribed")
        .await;
    app.screenshot("settings-subscription").await;

    app.click("[data-testid=nav-calendar]").await;
    app.wait("[data-testid=calendar-screen] .ec-timeGridWeek")
        .await;
    app.click("button.ec-timeGridDay").await;
    app.find_by_text(".ec-event .ec-event-title", "School play")
        .await
        .click()
        .await
        .unwrap();
    app.wait("[data-testid=event-read-only]").await;
    app.wait_absent("[data-testid=event-save]").await;
    app.click("[data-testid=event-cancel]").await;

    server.publish(&ics(&[("play@school", "School play (hall B)")]));
    app.click("[data-testid=nav-settings]").await;
    app.click("[data-testid=subscriptions-refresh]").await;
    app.find_by_text(
        "[data-testid=subscriptions-refreshed]",
        "School (0 new, 1 changed",
    )
    .await;
    app.quit().await;
    let titles: Vec<String> = stored(&harness).into_iter().map(|o| o.title).collect();
    assert!(
        titles.contains(&"School play (hall B)".to_string()),
        "{titles:?}"
    );
}
