//! Settings: the daily backup, "Back up now" and restoring a backup from the app.

use juggle::clients::{self, ClientInput};
use juggle::store::backup;
use juggle::Store;
use juggle_e2e::Harness;

fn add_client(harness: &Harness, name: &str) {
    let mut store = Store::open_dir(harness.data_dir()).unwrap();
    clients::add(&mut store, &ClientInput { name: name.into(), ..Default::default() }).unwrap();
}

fn client_names(harness: &Harness) -> Vec<String> {
    let store = Store::open_dir(harness.data_dir()).unwrap();
    clients::list(&store, true).unwrap().into_iter().map(|c| c.name).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_made_in_the_app_can_be_restored_from_the_app() {
    let harness = Harness::start();
    add_client(&harness, "Acme");
    let app = harness.launch().await;
    app.click("[data-testid=nav-settings]").await;
    app.wait("[data-testid=health]").await;
    // The start-up backup, then one by hand.
    app.click("[data-testid=nav-clients]").await;
    app.click("[data-testid=nav-settings]").await;
    app.wait("[data-testid=backup-row]").await;
    app.click("[data-testid=backup-now]").await;
    app.find_by_text("[data-testid=settings-notice]", "Backed up to").await;
    app.wait_count("[data-testid=backup-row]", 2).await;
    let rows = app.texts("[data-testid=backup-row]").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].contains("By hand") && rows[1].contains("Daily"), "{rows:?}");

    // Work goes on after the backup, then the user restores it.
    add_client(&harness, "Globex");
    assert_eq!(client_names(&harness), ["Acme", "Globex"]);
    app.click("[data-testid=backup-restore]").await;
    app.click("[data-testid=backup-restore-confirm]").await;
    app.find_by_text("[data-testid=settings-notice]", "Restored the backup").await;
    app.wait_absent("dialog").await;
    app.screenshot("settings").await;
    app.quit().await;

    assert_eq!(client_names(&harness), ["Acme"]);
    let store = Store::open_dir(harness.data_dir()).unwrap();
    let reasons: Vec<String> = backup::list(&store).unwrap().into_iter().map(|b| b.reason).collect();
    assert!(reasons.contains(&"before-restore".to_string()), "{reasons:?}");
}
