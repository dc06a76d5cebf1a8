//! The clients screen, driven through the real app's UI.

use juggle::clients::{self, ClientInput, Priority};
use juggle::Store;
use juggle_e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn a_client_and_its_contact_added_in_the_ui_are_there_after_a_restart() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.start_empty().await;
    app.click("[data-testid=nav-clients]").await;
    app.wait("[data-testid=empty-state]").await;

    app.click("[data-testid=client-new]").await;
    app.fill("#client-name", "Acme Corp").await;
    app.wait("#client-priority")
        .await
        .select_by_value("high")
        .await
        .unwrap();
    app.fill("#client-notes", "Prefers calls before 10am.")
        .await;
    app.click("[data-testid=client-save]").await;
    app.wait_text("[data-testid=client-title]", "Acme Corp")
        .await;

    app.click("[data-testid=contact-add]").await;
    app.fill("#contact-name", "Ana Silva").await;
    app.fill("#contact-role", "CTO").await;
    app.fill("#contact-email", "ana@acme.com").await;
    app.wait("#contact-channel")
        .await
        .select_by_value("video")
        .await
        .unwrap();
    app.click("[data-testid=contact-save]").await;
    app.wait_texts("[data-testid=contact-name]", &["Ana Silva"])
        .await;
    app.wait_texts("[data-testid=client-item] .name", &["Acme Corp"])
        .await;
    app.wait_absent("dialog").await;
    app.screenshot("main-screen").await;
    app.quit().await;

    let app = harness.launch().await;
    app.click("[data-testid=nav-clients]").await;
    app.wait_texts("[data-testid=client-item] .name", &["Acme Corp"])
        .await;
    app.wait_texts("[data-testid=contact-name]", &["Ana Silva"])
        .await;
    app.quit().await;

    // What the UI showed is what the data file holds.
    let store = Store::open_dir(harness.data_dir()).unwrap();
    let list = clients::list(&store, true).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].name.as_str(), list[0].priority),
        ("Acme Corp", Priority::High)
    );
    assert_eq!(list[0].notes, "Prefers calls before 10am.");
    let contacts = clients::list_contacts(&store, list[0].id, true).unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].email.as_deref(), Some("ana@acme.com"));
    assert_eq!(contacts[0].role.as_deref(), Some("CTO"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_explained_next_to_the_field_and_nothing_is_stored() {
    let harness = Harness::start();
    {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        let acme = ClientInput::named("Acme");
        clients::add(&mut store, &acme).unwrap();
    }
    let app = harness.launch().await;
    app.click("[data-testid=nav-clients]").await;
    app.wait_texts("[data-testid=client-item] .name", &["Acme"])
        .await;

    app.click("[data-testid=client-new]").await;
    app.click("[data-testid=client-save]").await;
    app.wait_text("[data-testid=client-name-error]", "Enter a name.")
        .await;

    app.fill("#client-name", "  acme ").await;
    app.click("[data-testid=client-save]").await;
    app.wait_text(
        "[data-testid=client-name-error]",
        "A client named “Acme” already exists.",
    )
    .await;
    app.click("[data-testid=client-form] button.secondary")
        .await;

    app.click("[data-testid=contact-add]").await;
    app.fill("#contact-name", "Bob").await;
    app.fill("#contact-email", "bob@acme").await;
    app.click("[data-testid=contact-save]").await;
    app.wait_text(
        "[data-testid=contact-email-error]",
        "“bob@acme” is not an email address (expected name@example.com).",
    )
    .await;
    app.screenshot("bad-input").await;
    app.quit().await;

    let store = Store::open_dir(harness.data_dir()).unwrap();
    let list = clients::list(&store, true).unwrap();
    assert_eq!(
        list.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Acme"]
    );
    assert!(clients::list_contacts(&store, list[0].id, true)
        .unwrap()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_can_be_edited_archived_and_restored() {
    let harness = Harness::start();
    {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        for name in ["Acme", "Globex"] {
            let input = ClientInput::named(name);
            clients::add(&mut store, &input).unwrap();
        }
    }
    let app = harness.launch().await;
    app.click("[data-testid=nav-clients]").await;
    app.wait_texts("[data-testid=client-item] .name", &["Acme", "Globex"])
        .await;
    app.wait_text("[data-testid=client-title]", "Acme").await;

    app.click("[data-testid=client-edit]").await;
    app.fill("#client-name", "Acme Industries").await;
    app.click("[data-testid=client-save]").await;
    app.wait_text("[data-testid=client-title]", "Acme Industries")
        .await;

    app.click("[data-testid=client-archive]").await;
    app.wait_texts("[data-testid=client-item] .name", &["Globex"])
        .await;

    app.click("[data-testid=show-archived]").await;
    app.wait_texts(
        "[data-testid=client-item] .name",
        &["Acme Industries", "Globex"],
    )
    .await;
    app.click("[data-testid=client-item]").await;
    app.click("[data-testid=client-restore]").await;
    // Restored once the card offers to archive it again; only then hide the archived ones
    // (the list would otherwise look right before the restore is even done).
    app.wait("[data-testid=client-archive]").await;
    app.click("[data-testid=show-archived]").await;
    app.wait_texts(
        "[data-testid=client-item] .name",
        &["Acme Industries", "Globex"],
    )
    .await;
    app.quit().await;

    let store = Store::open_dir(harness.data_dir()).unwrap();
    let active = clients::list(&store, false).unwrap();
    assert_eq!(
        active.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Acme Industries", "Globex"]
    );
}

/// A client added by another program (the CLI in a terminal) shows up on the open screen
/// and on Today without the user navigating: the app watches the data file.
#[tokio::test(flavor = "multi_thread")]
async fn a_write_by_the_cli_shows_on_the_open_screen_without_navigating() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.start_empty().await;
    app.click("[data-testid=nav-clients]").await;
    app.wait("[data-testid=empty-state]").await;

    let cli = std::process::Command::new(juggle_e2e::cli_binary())
        .args(["clients", "add", "Globex", "--priority", "high"])
        .env("JUGGLE_DATA_DIR", harness.data_dir())
        .output()
        .expect("run juggle");
    assert!(cli.status.success(), "{cli:?}");
    app.wait_texts("[data-testid=client-item] .name", &["Globex"])
        .await;

    // And the client card follows an edit made elsewhere.
    let mut store = Store::open_dir(harness.data_dir()).unwrap();
    let globex = clients::find_by_name(&store, "Globex").unwrap();
    clients::update(
        &mut store,
        globex.id,
        &ClientInput {
            name: "Globex Corporation".into(),
            priority: Priority::High,
            ..Default::default()
        },
    )
    .unwrap();
    app.wait_text("[data-testid=client-title]", "Globex Corporation")
        .await;
    app.quit().await;
}
