//! A book with more rows than the screens show at once (issue 14): each list shows its
//! first rows with the full count, and "Show all" / "Show more" / "+N more" bring the rest.

use juggle::calendar::{add_events, EventInput};
use juggle::clients::{self, ClientInput};
use juggle::relationship::cadence;
use juggle::Store;
use juggle_e2e::{text_of, Harness};

/// Clients: more than a page of the client list (50), all due for contact (a weekly
/// cadence, never contacted). Meetings: twelve at 09:00 today, more than Today's panel
/// (8), an hour of the week view (3), of the day view (6) and a day of the month view (2).
/// They name no client: a client met at 09:00 today is no longer due once 09:30 has passed,
/// and the counts below must not depend on the time of day the test runs.
const CLIENTS: usize = 60;
const MEETINGS: usize = 12;

fn fill(harness: &Harness) {
    let mut store = Store::open_dir(harness.data_dir()).unwrap();
    juggle::settings::finish_first_run(&mut store).unwrap();
    let today = chrono::Utc::now().date_naive();
    let mut meetings = Vec::new();
    for i in 0..CLIENTS {
        let c = clients::add(&mut store, &ClientInput::named(&format!("Client {i:02}"))).unwrap();
        cadence::set_cadence(&mut store, c.id, Some(7)).unwrap();
        if i < MEETINGS {
            meetings.push(EventInput::meeting(
                &format!("Call {i:02}"),
                &format!("{today}T09:00"),
                &format!("{today}T09:30"),
            ));
        }
    }
    add_events(&mut store, &meetings).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn long_lists_show_their_first_rows_a_count_and_the_rest_on_demand() {
    let harness = Harness::start();
    fill(&harness);
    let app = harness.launch().await;

    // Today: each panel cut to 8 rows with the panel's count; "Show all" brings the rest.
    app.wait_text("[data-testid=today-due-count]", "8 of 60")
        .await;
    app.wait_count("[data-testid=due-item]", 8).await;
    app.wait_count("[data-testid=today-event]", 8).await;
    app.wait_text("[data-testid=today-events-count]", "8 of 12")
        .await;
    let summary = text_of(&app.wait("[data-testid=today-summary]").await).await;
    assert!(
        summary.starts_with("12 meetings, 60 clients due for contact"),
        "the summary counts every row, shown or not: {summary}"
    );
    app.wait_text("[data-testid=today-due-all]", "Show all 60")
        .await;
    app.click("[data-testid=today-due-all]").await;
    app.wait_count("[data-testid=due-item]", CLIENTS).await;
    app.wait_text("[data-testid=today-due-count]", "60").await;
    app.wait_count("[data-testid=today-event]", 8).await;
    app.click("[data-testid=today-due-fewer]").await;
    app.wait_count("[data-testid=due-item]", 8).await;
    app.click("[data-testid=today-events-all]").await;
    app.wait_count("[data-testid=today-event]", MEETINGS).await;

    // Clients: a page of 50 with the count; the search finds beyond the page at once.
    app.click("[data-testid=nav-clients]").await;
    app.wait_count("[data-testid=client-item]", 50).await;
    app.wait_text("[data-testid=client-list-count]", "50 of 60")
        .await;
    app.click("[data-testid=client-list-more]").await;
    app.wait_count("[data-testid=client-item]", CLIENTS).await;
    app.wait_absent("[data-testid=client-list-more]").await;
    app.fill("input[type=search]", "Client 5").await;
    // "Client 50" to "Client 59", past the first page.
    app.wait_count("[data-testid=client-item]", 10).await;

    // Calendar, week: three meetings in the 09:00 slot and the count of the other nine, which
    // opens the day; there six and "+6 more", which opens the day's list: all twelve.
    app.click("[data-testid=nav-calendar]").await;
    app.wait_text(".ec-time-grid .ec-event.more .ec-event-title", "+9")
        .await;
    let calls = app.texts(".ec-time-grid .ec-event:not(.more)").await;
    assert_eq!(calls.len(), 3, "{calls:?}");
    app.click(".ec-time-grid .ec-event.more").await;
    app.wait_text(".ec-time-grid .ec-event.more .ec-event-title", "+6 more")
        .await;
    assert_eq!(
        app.texts(".ec-time-grid .ec-event:not(.more)").await.len(),
        6
    );
    app.click(".ec-time-grid .ec-event.more").await;
    app.wait_count(".ec-list .ec-event", MEETINGS).await;

    // Month: two a day and the count of the rest.
    app.click("button.ec-dayGridMonth").await;
    let more = app
        .wait(".ec-day-grid .ec-event.more .ec-event-title")
        .await;
    assert_eq!(text_of(&more).await, "+10 more");
    app.screenshot("large-book-month").await;
    app.quit().await;
}
