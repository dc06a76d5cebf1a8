//! Signed updates, end to end: the real app checks a manifest served from 127.0.0.1, finds a
//! newer release whose dummy package is signed with the key it trusts, and shows it (at
//! start, as a notification; in Settings, with its notes); the same release signed with
//! another key is refused with a clear message. The check at start can be turned off.
//!
//! The keys are throwaway minisign pairs made here; the debug build under test takes the
//! manifest URL and the public key from `JUGGLE_UPDATE_ENDPOINT` / `JUGGLE_UPDATE_PUBKEY`
//! (release builds ignore both: src-tauri/src/updates.rs). Installing an update is not
//! tested here: it would replace the installed package.

use std::io::Cursor;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use juggle::settings;
use juggle::Store;
use juggle_e2e::{App, Harness};

const NOTES: &str = "Faster calendar. The capacity check explains its verdict.";

/// A throwaway key pair, and the public key as tauri.conf.json spells it.
struct Key {
    pair: minisign::KeyPair,
}

impl Key {
    fn new() -> Key {
        Key {
            pair: minisign::KeyPair::generate_unencrypted_keypair().unwrap(),
        }
    }

    fn public(&self) -> String {
        base64(&self.pair.pk.to_box().unwrap().to_string())
    }

    /// A signature as `tauri build` writes it into the manifest: the .sig file in base64,
    /// its trusted comment naming the version (the app requires it).
    fn sign(&self, bytes: &[u8], version: &str) -> String {
        let signature = minisign::sign(
            Some(&self.pair.pk),
            &self.pair.sk,
            Cursor::new(bytes),
            Some(&format!(
                "timestamp:1767225600\tfile:juggle.deb\tversion:{version}"
            )),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        base64(&signature.to_string())
    }
}

fn base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The version after this one: the workspace's, one minor up.
fn next_version() -> String {
    let current = env!("CARGO_PKG_VERSION");
    let mut parts = current.split('.').map(|p| p.parse::<u64>().unwrap());
    let (major, minor) = (parts.next().unwrap(), parts.next().unwrap());
    format!("{major}.{}.0", minor + 1)
}

/// An update server on 127.0.0.1: `/latest.json` answers the current manifest, which the
/// test swaps; `/juggle.deb` the dummy package. Counts the manifest requests.
struct UpdateServer {
    server: Arc<tiny_http::Server>,
    manifest: Arc<Mutex<String>>,
    manifest_requests: Arc<Mutex<usize>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl UpdateServer {
    fn start(package: Vec<u8>) -> UpdateServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let manifest = Arc::new(Mutex::new(String::new()));
        let manifest_requests = Arc::new(Mutex::new(0));
        let thread = {
            let (server, manifest, count) =
                (server.clone(), manifest.clone(), manifest_requests.clone());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let response = match request.url() {
                        "/latest.json" => {
                            *count.lock().unwrap() += 1;
                            tiny_http::Response::from_data(manifest.lock().unwrap().clone())
                        }
                        "/juggle.deb" => tiny_http::Response::from_data(package.clone()),
                        _ => tiny_http::Response::from_data(Vec::new()).with_status_code(404),
                    };
                    let _ = request.respond(response);
                }
            })
        };
        UpdateServer {
            server,
            manifest,
            manifest_requests,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!(
            "http://{}{path}",
            self.server.server_addr().to_ip().unwrap()
        )
    }

    /// Serves a manifest announcing `version` with the package signed as given.
    fn announce(&self, version: &str, signature: &str) {
        let manifest = serde_json::json!({
            "version": version,
            "notes": NOTES,
            "pub_date": "2027-01-04T09:00:00Z",
            "platforms": {
                "linux-x86_64": { "signature": signature, "url": self.url("/juggle.deb") }
            }
        });
        *self.manifest.lock().unwrap() = manifest.to_string();
    }

    fn manifest_requests(&self) -> usize {
        *self.manifest_requests.lock().unwrap()
    }
}

impl Drop for UpdateServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Waits until a desktop notification containing `text` was shown.
async fn wait_notification(harness: &Harness, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let shown = harness.notifications();
        if shown.iter().any(|n| n.contains(text)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no notification {text:?}: {shown:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn open_updates(app: &App) {
    app.click("[data-testid=nav-settings]").await;
    app.wait("[data-testid=settings-updates]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_update_is_shown_and_one_signed_with_another_key_is_refused() {
    let trusted = Key::new();
    let stranger = Key::new();
    let package = b"a dummy package: the test checks its signature, never installs it".to_vec();
    let next = next_version();
    let server = UpdateServer::start(package.clone());
    server.announce(&next, &trusted.sign(&package, &next));

    let endpoint = server.url("/latest.json");
    let pubkey = trusted.public();
    let harness = Harness::start_with_notifications(&[
        ("JUGGLE_UPDATE_ENDPOINT", &endpoint),
        ("JUGGLE_UPDATE_PUBKEY", &pubkey),
    ]);
    let app = harness.launch().await;
    let available = format!("Juggle {next} is available");

    // The quiet check at start finds it, says so, and Settings shows it with its notes.
    wait_notification(&harness, &available).await;
    app.start_empty().await;
    open_updates(&app).await;
    app.wait_text(
        "[data-testid=app-version]",
        &format!("Juggle {}", env!("CARGO_PKG_VERSION")),
    )
    .await;
    app.wait_text("[data-testid=update-title]", &available)
        .await;
    app.wait_text("[data-testid=update-notes]", NOTES).await;

    // The same release signed with a key Juggle does not trust is refused.
    server.announce(&next, &stranger.sign(&package, &next));
    app.click("[data-testid=update-check]").await;
    let refused = app
        .wait_text(
            "[data-testid=update-error]",
            "The update was refused: it is not signed with Juggle's key. Nothing was installed.",
        )
        .await;
    assert_eq!(
        refused.attr("data-code").await.unwrap().as_deref(),
        Some("update.bad_signature")
    );
    app.wait_absent("[data-testid=update-available]").await;

    // Signed properly again: "Check for updates" shows it.
    server.announce(&next, &trusted.sign(&package, &next));
    app.click("[data-testid=update-check]").await;
    app.wait_text("[data-testid=update-title]", &available)
        .await;
    app.wait_text("[data-testid=update-notes]", NOTES).await;
    app.wait_absent("[data-testid=update-error]").await;
    app.screenshot("settings-update-available").await;

    // Nothing newer than this version: up to date.
    let current = env!("CARGO_PKG_VERSION");
    server.announce(current, &trusted.sign(&package, current));
    app.click("[data-testid=update-check]").await;
    app.wait_text("[data-testid=update-none]", "You have the latest Juggle.")
        .await;

    // Turned off, the next start asks nothing by itself.
    app.click("[data-testid=update-at-start]").await;
    wait_setting(&harness, false).await;
    app.quit().await;

    let before = server.manifest_requests();
    let app = harness.launch().await;
    open_updates(&app).await;
    let at_start = app.wait("[data-testid=update-at-start]").await;
    assert_eq!(
        at_start.prop("checked").await.unwrap().as_deref(),
        Some("false")
    );
    // The only request after this start is the one the user asks for. (A check at start
    // would have gone out in set-up, long before the window could take a click.)
    app.click("[data-testid=update-check]").await;
    app.wait("[data-testid=update-none]").await;
    assert_eq!(server.manifest_requests(), before + 1);
    app.quit().await;
}

/// Waits until the book says the check at start is `on`.
async fn wait_setting(harness: &Harness, on: bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let store = Store::open_dir(harness.data_dir()).unwrap();
        if settings::check_updates_at_start(&store).unwrap() == on {
            return;
        }
        drop(store);
        assert!(Instant::now() < deadline, "the setting stayed {}", !on);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
