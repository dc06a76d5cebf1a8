//! The client card, Today and the pre-meeting brief, driven through the real app's UI.

use chrono::{Duration, Utc};
use juggle::calendar::{self, EventInput};
use juggle::clients::{self, ClientInput, ContactInput};
use juggle::relationship::{self as rel, interactions, InteractionKind};
use juggle::Store;
use juggle_e2e::Harness;

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset)).to_string()
}

/// As the core words a day in a sentence.
/// A day as the UI writes it in a sentence (the app runs in the en-US style here), the
/// same as the dates beside it: the core's sentences carry days as data.
fn human(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset))
        .format("%b %-d, %Y")
        .to_string()
}

/// Acme with Ana, touched base with every 7 days, last called 10 days ago.
fn acme_overdue(harness: &Harness) -> (Store, clients::ClientId, clients::ContactId) {
    let mut store = Store::open_dir(harness.data_dir()).unwrap();
    let acme = clients::add(&mut store, &ClientInput::named("Acme")).unwrap();
    let ana = ContactInput {
        name: "Ana Silva".into(),
        role: "CFO".into(),
        authority: "Signs off budgets".into(),
        ..Default::default()
    };
    let ana = clients::add_contact(&mut store, acme.id, &ana).unwrap();
    rel::set_cadence(&mut store, acme.id, Some(7)).unwrap();
    let call = interactions::InteractionInput {
        client_id: acme.id,
        kind: InteractionKind::Call,
        day: day(-10),
        contact_ids: vec![ana.id],
        summary: "Budget for Q1 approved in principle".into(),
        follow_up: String::new(),
    };
    interactions::add_interaction(&mut store, &call).unwrap();
    (store, acme.id, ana.id)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_date_and_an_interaction_added_on_the_card_change_the_card_and_the_due_list() {
    let harness = Harness::start();
    let (store, _, ana) = acme_overdue(&harness);
    drop(store);
    let app = harness.launch().await;

    // Today opens first and lists Acme as due.
    app.wait("[data-testid=today-screen]").await;
    app.wait_texts("[data-testid=due-item] .line strong", &["Acme"])
        .await;

    app.click("[data-testid=nav-clients]").await;
    app.wait_text("[data-testid=client-title]", "Acme").await;
    app.wait("[data-testid=health-badge][data-level=attention]")
        .await;
    app.wait_text(
        "[data-testid=health-reasons] li",
        &format!(
            "Contact overdue by 3 days (last contact {}; every 7 days)",
            human(-10)
        ),
    )
    .await;

    // An important date: Ana's birthday in four days, every year.
    app.click("[data-testid=date-add]").await;
    app.wait("#date-kind")
        .await
        .select_by_value("birthday")
        .await
        .unwrap();
    app.wait("#date-contact")
        .await
        .select_by_value(&ana.to_string())
        .await
        .unwrap();
    app.set_value("#date-first", &format!("1986-{}", &day(4)[5..]))
        .await;
    app.click("[data-testid=date-save]").await;
    app.wait_absent("dialog").await;
    app.wait_count("[data-testid=near-date]", 1).await;
    let ask = app.texts("[data-testid=near-date] .ask").await;
    assert_eq!(ask.len(), 1, "{ask:?}");
    assert!(
        ask[0].starts_with("Wish Ana Silva a happy") && ask[0].ends_with("birthday"),
        "{ask:?}"
    );

    // A call today: the card's last contact and health change, and Acme leaves the due list.
    app.click("[data-testid=interaction-add]").await;
    app.fill(
        "#interaction-summary",
        "Estimate sent; she will confirm Friday",
    )
    .await;
    app.click("[data-testid=interaction-save]").await;
    app.wait_absent("dialog").await;
    app.wait(&format!(
        "[data-testid=last-contact][data-day='{}']",
        day(0)
    ))
    .await;
    app.wait("[data-testid=health-badge][data-level=good]")
        .await;
    app.wait_count("[data-testid=interaction-item]", 2).await;
    app.screenshot("client-card").await;

    // Deleted by mistake and taken back: the toast names it, and Undo restores the call
    // and the last contact it made.
    app.click("[data-testid=interaction-edit]").await;
    app.click("[data-testid=interaction-delete]").await;
    app.wait_absent("dialog").await;
    app.find_by_text("[data-testid=undo-toast]", "Deleted the call of")
        .await;
    app.wait_count("[data-testid=interaction-item]", 1).await;
    app.wait(&format!(
        "[data-testid=last-contact][data-day='{}']",
        day(-10)
    ))
    .await;
    app.click("[data-testid=undo]").await;
    app.wait_count("[data-testid=interaction-item]", 2).await;
    app.wait(&format!(
        "[data-testid=last-contact][data-day='{}']",
        day(0)
    ))
    .await;

    app.click("[data-testid=nav-today]").await;
    app.wait("[data-testid=today-screen]").await;
    app.wait_absent("[data-testid=due-item]").await;
    app.wait_text("[data-testid=today-date] .ask", &ask[0])
        .await;
    app.quit().await;

    let store = Store::open_dir(harness.data_dir()).unwrap();
    let acme = clients::find_by_name(&store, "Acme").unwrap();
    let dates = juggle::relationship::dates::list_dates(&store, acme.id).unwrap();
    assert_eq!(
        (dates.len(), dates[0].yearly, dates[0].contact.as_deref()),
        (1, true, Some("Ana Silva"))
    );
}

/// The cadence field takes what the user types: a refused value says why, a good one
/// changes the card (this field threw on every "Set" once a number had been typed).
#[tokio::test(flavor = "multi_thread")]
async fn a_cadence_typed_on_the_card_is_set_and_a_bad_one_is_explained() {
    let harness = Harness::start();
    let (store, acme, _) = acme_overdue(&harness);
    drop(store);
    let app = harness.launch().await;
    app.click("[data-testid=nav-clients]").await;
    app.wait_text("[data-testid=client-title]", "Acme").await;
    app.wait("[data-testid=health-badge][data-level=attention]")
        .await;

    app.fill("[data-testid=cadence-input]", "fortnight").await;
    app.click("[data-testid=cadence-save]").await;
    let problem = app.wait("[data-testid=cadence-error]").await;
    let message = juggle_e2e::text_of(&problem).await;
    assert!(
        message.contains("from 1 to 3660") && message.contains("fortnight"),
        "{message}"
    );

    // Last called 10 days ago: every 14 days is no longer overdue.
    app.fill("[data-testid=cadence-input]", "14").await;
    app.click("[data-testid=cadence-save]").await;
    app.wait("[data-testid=health-badge][data-level=good]")
        .await;
    app.wait_absent("[data-testid=cadence-status] .due.late")
        .await;
    let status = app.texts("[data-testid=cadence-status] .due").await;
    assert!(status[0].starts_with("next by"), "{status:?}");
    app.screenshot("card-cadence").await;
    app.quit().await;

    let store = Store::open_dir(harness.data_dir()).unwrap();
    let days: Option<u32> = store
        .conn()
        .query_row(
            "SELECT cadence_days FROM clients WHERE id = ?1",
            [acme],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(days, Some(14));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pre_meeting_brief_opens_from_a_meeting_on_the_calendar() {
    let harness = Harness::start();
    let (mut store, acme, _) = acme_overdue(&harness);
    let meeting = EventInput {
        notes: "Agenda: renewal, Q1 scope".into(),
        ..EventInput::meeting(
            "Quarterly review",
            &format!("{}T10:00", day(1)),
            &format!("{}T11:00", day(1)),
        )
        .for_client(acme)
    };
    calendar::add_event(&mut store, &meeting).unwrap();
    drop(store);
    let app = harness.launch().await;

    app.click("[data-testid=nav-calendar]").await;
    let event = app.find_by_text(".ec-event", "Quarterly review").await;
    event.click().await.unwrap();
    app.click("[data-testid=event-brief]").await;
    app.wait("[data-testid=brief]").await;
    app.wait_texts("[data-testid=brief-person] .who strong", &["Ana Silva"])
        .await;
    let people = app.texts("[data-testid=brief-person]").await;
    assert!(
        people[0].contains("CFO") && people[0].contains("Signs off budgets"),
        "{people:?}"
    );
    let talks = app.texts("[data-testid=brief-interaction]").await;
    assert!(
        talks
            .iter()
            .any(|t| t.contains("Budget for Q1 approved in principle")),
        "{talks:?}"
    );
    let alerts = app.texts("[data-testid=brief-alerts] li").await;
    assert!(
        alerts
            .iter()
            .any(|a| a.contains("Contact overdue by 3 days")),
        "{alerts:?}"
    );
    app.screenshot("brief").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn contacts_imported_from_a_vcard_file_appear_under_their_clients() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.start_empty().await;
    app.click("[data-testid=nav-clients]").await;
    app.wait("[data-testid=empty-state]").await;
    // The Import vCard button opens a native file dialog, which WebDriver cannot drive:
    // call what it calls with the chosen path.
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/contacts-3.vcf");
    let report = app
        .invoke(
            "contacts_import_vcard",
            serde_json::json!({ "path": file.canonicalize().unwrap() }),
        )
        .await;
    assert_eq!(report["clients_added"], 2, "{report}");
    app.click("[data-testid=nav-today]").await;
    app.click("[data-testid=nav-clients]").await;
    app.wait_texts(
        "[data-testid=client-item] .name",
        &["Acme Corp", "Globex Corporation"],
    )
    .await;
    app.wait_texts(
        "[data-testid=contact-name]",
        &["Ana Silva", "Bruno Costa", "Filipa Gomes"],
    )
    .await;
    // Bruno's birthday came along as a yearly date.
    app.click("[data-testid=card-dates] .small-link").await;
    let dates = app.texts("[data-testid=card-dates] .compact li").await;
    assert!(
        dates
            .iter()
            .any(|d| d.starts_with("Bruno Costa · birthday")),
        "{dates:?}"
    );
    app.quit().await;
}
