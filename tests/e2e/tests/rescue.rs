//! Rescue: the app starts on a data file too damaged to open, says what happened in plain
//! words, restores the last good backup, and the book is back.

use juggle::clients::{self, ClientInput};
use juggle::store::{backup, DATA_FILE};
use juggle::Store;
use juggle_e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_book_starts_into_rescue_and_the_last_good_backup_brings_it_back() {
    let harness = Harness::start();
    {
        let mut store = Store::open_dir(harness.data_dir()).unwrap();
        juggle::settings::finish_first_run(&mut store).unwrap();
        for name in ["Acme Corp", "Globex"] {
            let input = ClientInput::named(name);
            clients::add(&mut store, &input).unwrap();
        }
        backup::create(&store, "daily").unwrap();
    }
    // A disk error in the schema page: the file says SQLite, but nothing can be read.
    let file = harness.data_dir().join(DATA_FILE);
    let mut bytes = std::fs::read(&file).unwrap();
    for b in &mut bytes[100..112] {
        *b ^= 0xa5;
    }
    std::fs::write(&file, bytes).unwrap();

    let app = harness.launch().await;
    app.wait("[data-testid=rescue-screen]").await;
    let headline = app.wait("[data-testid=rescue-headline]").await;
    assert!(
        juggle_e2e::text_of(&headline).await.contains("damaged"),
        "the headline says what happened"
    );
    let advice = app.wait("[data-testid=rescue-advice]").await;
    assert!(juggle_e2e::text_of(&advice)
        .await
        .contains("Restore the last good backup"));
    app.wait("[data-testid=rescue-restore]").await;
    app.screenshot("rescue").await;
    app.click("[data-testid=rescue-restore]").await;
    app.wait("[data-testid=app-notice]").await;
    app.click("[data-testid=nav-clients]").await;
    app.wait_count("[data-testid=client-item]", 2).await;
    app.quit().await;

    // The damaged file was kept, marked, beside the backups.
    let store = Store::open_dir(harness.data_dir()).unwrap();
    let list = backup::list(&store).unwrap();
    assert!(list
        .iter()
        .any(|b| b.damaged && b.reason == "before-restore"));
    assert_eq!(clients::list(&store, false).unwrap().len(), 2);
}
