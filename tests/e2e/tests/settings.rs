//! Settings: the daily backup, "Back up now" and restoring a backup from the app; the
//! theme, kept across a restart; the whole book as JSON.

use juggle::clients::{self, ClientInput};
use juggle::settings::{self, Theme};
use juggle::store::backup;
use juggle::Store;
use juggle_e2e::{App, Harness};

fn add_client(harness: &Harness, name: &str) {
    let mut store = Store::open_dir(harness.data_dir()).unwrap();
    clients::add(&mut store, &ClientInput::named(name)).unwrap();
}

fn client_names(harness: &Harness) -> Vec<String> {
    let store = Store::open_dir(harness.data_dir()).unwrap();
    clients::list(&store, true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
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
    app.find_by_text("[data-testid=settings-notice]", "Backed up to")
        .await;
    app.wait_count("[data-testid=backup-row]", 2).await;
    let rows = app.texts("[data-testid=backup-row]").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].contains("By hand") && rows[1].contains("Daily"),
        "{rows:?}"
    );

    // Work goes on after the backup, then the user restores it.
    add_client(&harness, "Globex");
    assert_eq!(client_names(&harness), ["Acme", "Globex"]);
    app.click("[data-testid=backup-restore]").await;
    app.click("[data-testid=backup-restore-confirm]").await;
    app.find_by_text("[data-testid=settings-notice]", "Restored the backup")
        .await;
    app.wait_absent("dialog").await;
    app.screenshot("settings").await;
    app.quit().await;

    assert_eq!(client_names(&harness), ["Acme"]);
    let store = Store::open_dir(harness.data_dir()).unwrap();
    let reasons: Vec<String> = backup::list(&store)
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect();
    assert!(
        reasons.contains(&"before-restore".to_string()),
        "{reasons:?}"
    );
}

/// The theme the page applies: `<html data-theme>`, and the background it paints.
async fn theme(app: &App) -> (String, String) {
    let read = "const html = document.documentElement;
                return [html.dataset.theme ?? '', getComputedStyle(html).backgroundColor];";
    let value = app
        .client
        .execute(read, vec![])
        .await
        .expect("read the theme");
    let part = |i: usize| value[i].as_str().unwrap_or_default().to_owned();
    (part(0), part(1))
}

async fn wait_theme(app: &App, expected: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (theme, background) = theme(app).await;
        if theme == expected {
            return background;
        }
        if std::time::Instant::now() > deadline {
            app.fail(&format!(
                "the page's theme is {theme:?}, expected {expected:?}"
            ))
            .await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dark_theme_chosen_in_settings_is_kept_after_a_restart() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.start_empty().await;
    app.click("[data-testid=nav-settings]").await;
    // An empty book offers to import one; the data folder is shown.
    app.wait("[data-testid=book-import]").await;
    app.wait_text(
        "[data-testid=data-folder]",
        &harness.data_dir().display().to_string(),
    )
    .await;
    let light = wait_theme(&app, "system").await;

    app.set_value("[data-testid=pref-theme]", "dark").await;
    let dark = wait_theme(&app, "dark").await;
    assert_ne!(dark, light, "the background did not change");
    app.screenshot("settings-dark").await;

    // The whole book as JSON, as the save dialog's choice would ask for it.
    let file = harness.data_dir().join("book.json");
    let summary = app
        .invoke(
            "book_export",
            serde_json::json!({ "path": file.display().to_string() }),
        )
        .await;
    assert_eq!(
        summary["schema_version"],
        juggle::store::latest_version(),
        "{summary}"
    );
    app.quit().await;

    let store = Store::open_dir(harness.data_dir()).unwrap();
    assert_eq!(settings::preferences(&store).unwrap().theme, Theme::Dark);
    let book: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(book["format"], "juggle-book");
    drop(store);

    let app = harness.launch().await;
    assert_eq!(wait_theme(&app, "dark").await, dark);
    app.quit().await;
}
