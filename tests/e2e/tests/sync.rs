//! Two-way CalDAV sync in the real app (issue 15): an account added in Settings, one of its
//! calendars synced for a client, the server's event on the week view, dragged there, and
//! the move on the server. The server is a real Radicale on 127.0.0.1.

#[path = "../../support/radicale.rs"]
mod radicale;

use chrono::Utc;
use juggle::clients::{self, ClientInput};
use juggle::Store;
use juggle_e2e::Harness;
use tokio::task::block_in_place;

use radicale::{Radicale, PASSWORD, USER};

const WORK: &str = "/ann/work/";

#[tokio::test(flavor = "multi_thread")]
async fn an_account_added_in_settings_syncs_a_calendar_both_ways() {
    let today = Utc::now().date_naive().format("%Y%m%d").to_string();
    let server = block_in_place(|| {
        let server = Radicale::start();
        server.make(WORK, "Work", "#1E88E5FF", &["VEVENT"]);
        server.put(
            &format!("{WORK}standup.ics"),
            &format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\n\
                 UID:standup@phone\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:{today}T100000Z\r\n\
                 DTEND:{today}T110000Z\r\nSUMMARY:Standup from the phone\r\n\
                 ATTENDEE;CN=Bo:mailto:bo@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
        );
        server
    });
    let harness = Harness::start();
    let acme = {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        clients::add(&mut store, &ClientInput::named("Acme")).unwrap()
    };
    let app = harness.launch().await;
    app.wait("[data-testid=today-screen]").await;

    app.click("[data-testid=nav-settings]").await;
    app.fill("[data-testid=account-url]", &server.base()).await;
    app.fill("[data-testid=account-user]", USER).await;
    app.fill("[data-testid=account-password]", "not the password")
        .await;
    app.click("[data-testid=account-add-button]").await;
    app.find_by_text(
        "[data-testid=account-add] .error, #account-password-error",
        "password",
    )
    .await;
    app.fill("[data-testid=account-password]", PASSWORD).await;
    app.click("[data-testid=account-add-button]").await;
    app.find_by_text("[data-testid=collection]", "Work").await;
    app.set_value("[data-testid=collection-sync]", &acme.id.0.to_string())
        .await;
    app.find_by_text("[data-testid=accounts-synced]", "1 change synced")
        .await;
    app.find_by_text("[data-testid=account-status]", "Synced")
        .await;
    app.screenshot("settings-account").await;

    app.click("[data-testid=nav-calendar]").await;
    app.wait("[data-testid=calendar-screen] .ec-timeGridWeek")
        .await;
    let event = app
        .find_by_text(".ec-event", "Standup from the phone")
        .await;
    let (_, _, _, height) = event.rectangle().await.unwrap();
    // One hour later: the event is an hour tall.
    app.drag_by(&event, 0.0, height).await;
    app.find_by_text(".ec-event", "Standup from the phone")
        .await;
    app.screenshot("calendar-synced-event").await;

    app.click("[data-testid=nav-settings]").await;
    app.click("[data-testid=accounts-sync-now]").await;
    app.find_by_text("[data-testid=accounts-synced]", "1 change synced")
        .await;
    app.quit().await;

    let text = block_in_place(|| server.get(&format!("{WORK}standup.ics"))).unwrap();
    assert!(
        text.contains(&format!("DTSTART:{today}T110000Z")),
        "moved on the server: {text}"
    );
    assert!(
        text.contains("ATTENDEE;CN=Bo:mailto:bo@example.org"),
        "{text}"
    );
    block_in_place(|| drop(server));
}
