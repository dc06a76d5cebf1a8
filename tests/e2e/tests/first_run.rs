//! The first start: a welcome that offers the sample book, once.

use juggle::clients;
use juggle::Store;
use juggle_e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn the_welcome_loads_the_sample_book_and_does_not_come_back() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.wait("[data-testid=welcome]").await;
    app.screenshot("first-run").await;
    app.click("[data-testid=welcome-sample]").await;
    app.wait_absent("dialog").await;
    // Today fills with the sample book's day: events, dates to ask about, alerts.
    app.wait("[data-testid=today-event]").await;
    app.wait("[data-testid=alert-item]").await;
    app.screenshot("today").await;
    app.click("[data-testid=nav-calendar]").await;
    app.wait("[data-testid=calendar-screen] .ec-event").await;
    app.click("[data-testid=nav-clients]").await;
    app.wait_count("[data-testid=client-item]", 12).await;
    // The first client, Acme Corp, has a full card.
    app.wait("[data-testid=card-satisfaction] [data-testid=satisfaction-chart]")
        .await;
    app.wait("[data-testid=near-date]").await;
    app.screenshot("sample-card").await;
    app.quit().await;

    let app = harness.launch().await;
    app.wait("[data-testid=today-event]").await;
    app.wait_count("[data-testid=welcome]", 0).await;
    app.quit().await;
    let store = Store::open_dir(harness.data_dir()).unwrap();
    assert_eq!(clients::list(&store, false).unwrap().len(), 12);
}
