//! Test harness for the real app: a private X display (Xvfb), a tauri-driver on free
//! ports, and a fresh data folder per test. Everything it starts is killed on drop.
//!
//! The app under test is the debug build, `target/debug/juggle-desktop` (override with
//! `JUGGLE_APP`); build it first (`cargo build -p juggle-desktop`), as the test command does.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

pub use fantoccini::elements::Element;

/// How long to wait for the app to show something before failing the test.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Harness {
    xvfb: Child,
    driver: Child,
    port: u16,
    data_dir: tempfile::TempDir,
    desktop: Desktop,
}

/// A private session bus, and a notification daemon when the test reads notifications.
struct Desktop {
    bus: Child,
    dunst: Option<Child>,
    address: String,
    _config: tempfile::NamedTempFile,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn app_binary() -> PathBuf {
    let app = std::env::var_os("JUGGLE_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/juggle-desktop"));
    assert!(
        app.exists(),
        "the app is not built at {}: run `cargo build -p juggle-desktop` first",
        app.display()
    );
    app.canonicalize().expect("app path")
}

/// The `juggle` CLI built beside the app (`cargo build --workspace` builds both), for
/// tests of what the open app does when another program writes the book.
pub fn cli_binary() -> PathBuf {
    let app = app_binary();
    let cli = app.with_file_name("juggle");
    assert!(cli.exists(), "the CLI is not built at {}", cli.display());
    cli
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = dirs_cargo_bin().join("tauri-driver");
    if in_cargo_home.exists() {
        in_cargo_home
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn dirs_cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Harness {
    /// Starts a private display and a tauri-driver whose app sees a new, empty data folder.
    pub fn start() -> Harness {
        Harness::start_with(false, &[])
    }

    /// Also a session D-Bus with a notification daemon (dunst), so desktop notifications
    /// can be read back with `notifications()`; `env` goes to the app.
    pub fn start_with_notifications(env: &[(&str, &str)]) -> Harness {
        Harness::start_with(true, env)
    }

    fn start_with(notifications: bool, env: &[(&str, &str)]) -> Harness {
        // -displayfd: Xvfb picks a free display and prints its number once it accepts
        // connections, which is exactly the moment we may start using it.
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (apt-get install xvfb)");
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().expect("Xvfb stdout"))
            .read_line(&mut line)
            .expect("Xvfb display number");
        let display = format!(":{}", line.trim());

        let data_dir = tempfile::tempdir().expect("temp data dir");
        let desktop = start_desktop(&display, notifications);
        let port = free_port();
        let mut driver = Command::new(tauri_driver());
        // Its own process group: WebKitWebDriver and the app are its children, and
        // dropping the harness must end them all.
        std::os::unix::process::CommandExt::process_group(&mut driver, 0);
        let driver = driver
            .env("DBUS_SESSION_BUS_ADDRESS", &desktop.address)
            // No accessibility bus: nothing reads it here, and starting one costs seconds.
            .env("NO_AT_BRIDGE", "1")
            .envs(env.iter().copied())
            .args(["--port", &port.to_string(), "--native-port", &free_port().to_string()])
            .env("DISPLAY", &display)
            .env(juggle::store::DATA_DIR_ENV, data_dir.path())
            // One zone for the core and the webview, whatever the machine's.
            .env("TZ", "UTC")
            .env("JUGGLE_TZ", "UTC")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver (cargo install tauri-driver --locked)");
        let harness = Harness {
            xvfb,
            driver,
            port,
            data_dir,
            desktop,
        };
        harness.wait_for_driver();
        harness
    }

    /// tauri-driver has no readiness signal: poll its port until it accepts.
    fn wait_for_driver(&self) {
        let deadline = Instant::now() + PATIENCE;
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The data folder the app uses (`JUGGLE_DATA_DIR`).
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Launches the app in a new WebDriver session and waits for its UI to be up.
    pub async fn launch(&self) -> App {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary() }),
        );
        // tauri-driver listens before the WebKitWebDriver behind it does: a first session
        // request may be cut off. Retry until the deadline.
        let deadline = Instant::now() + PATIENCE;
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => {
                    panic!("no WebDriver session with the app: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let app = App { client };
        app.wait(".app").await;
        app
    }
}

/// Starts a session bus that can activate nothing. Without one, GTK autolaunches the
/// system's session bus, which activates xdg-desktop-portal; on machines without FUSE its
/// document portal hangs for 25 s before the window appears.
fn start_desktop(display: &str, notifications: bool) -> Desktop {
    let config = tempfile::NamedTempFile::new().expect("bus config file");
    std::fs::write(config.path(), BUS_CONFIG).expect("bus config");
    let mut bus = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config.path().display()))
        .args(["--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon (apt-get install dbus)");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().expect("bus stdout"))
        .read_line(&mut address)
        .expect("bus address");
    let address = address.trim().to_owned();
    let dunst = notifications.then(|| {
        Command::new("dunst")
            .env("DISPLAY", display)
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst (apt-get install dunst)")
    });
    Desktop {
        bus,
        dunst,
        address,
        _config: config,
    }
}

/// A session bus with no service directories: only what the harness starts is on it.
const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

impl Harness {
    /// Titles and bodies of the notifications shown so far (dunst's history and those on
    /// screen), as `title: body`.
    pub fn notifications(&self) -> Vec<String> {
        let d = &self.desktop;
        if d.dunst.is_none() {
            return vec![];
        }
        let out = Command::new("dunstctl")
            .arg("history")
            .env("DBUS_SESSION_BUS_ADDRESS", &d.address)
            .output()
            .expect("dunstctl");
        let history: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let mut shown: Vec<String> = history["data"][0]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|n| {
                        format!(
                            "{}: {}",
                            n["summary"]["data"].as_str().unwrap_or(""),
                            n["body"]["data"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Still on screen: not in the history yet. Close them so they move there.
        let _ = Command::new("dunstctl")
            .arg("close-all")
            .env("DBUS_SESSION_BUS_ADDRESS", &d.address)
            .status();
        shown.sort();
        shown
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        if let Some(dunst) = &mut self.desktop.dunst {
            let _ = dunst.kill();
            let _ = dunst.wait();
        }
        let _ = self.desktop.bus.kill();
        let _ = self.desktop.bus.wait();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// An element's text as the user reads it, whitespace collapsed. (WebKitWebDriver's
/// "Get Element Text" answers "" inside the Tauri webview, so read the DOM instead.)
pub async fn text_of(el: &Element) -> String {
    let raw = el
        .prop("textContent")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The running app, seen through its UI.
pub struct App {
    pub client: Client,
}

impl App {
    /// Waits for an element matching a CSS selector to be present.
    pub async fn wait(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` appeared: {e}"))
    }

    /// Waits until the element's text equals `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) -> Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let el = self.wait(css).await;
            let text = text_of(&el).await;
            if text == expected {
                return el;
            }
            if Instant::now() > deadline {
                self.fail(&format!("`{css}` says {text:?}, expected {expected:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The texts of all elements matching a CSS selector, in page order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
        {
            out.push(text_of(&el).await);
        }
        out
    }

    /// Waits until the texts of the elements matching `css` are exactly `expected`.
    pub async fn wait_texts(&self, css: &str, expected: &[&str]) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let texts = self.texts(css).await;
            if texts == expected {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("`{css}` shows {texts:?}, expected {expected:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until nothing matches `css` (a dialog has closed, say).
    pub async fn wait_absent(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
            .is_empty()
        {
            if Instant::now() > deadline {
                self.fail(&format!("`{css}` is still there")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn wait_count(&self, css: &str, n: usize) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .expect("find_all")
                .len();
            if found == n {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("{found} × `{css}`, expected {n}")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let el = self.wait(css).await;
            // A button below the fold of a scrolling dialog is clicked where a user would
            // scroll it to.
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' });",
                    vec![serde_json::to_value(&el).expect("element")],
                )
                .await;
            match el.click().await {
                Ok(()) => return,
                // The element was replaced between finding and clicking it (a view that
                // re-rendered as data arrived): find it again, as a user's next look would.
                Err(e) if Instant::now() < deadline && e.to_string().contains("not found") => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("click `{css}`: {e}"),
            }
        }
    }

    /// Waits for an input to hold `expected` (a value the page fills in by itself).
    pub async fn wait_value(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let value = self.wait(css).await.prop("value").await.ok().flatten();
            if value.as_deref() == Some(expected) {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("`{css}` holds {value:?}, not {expected:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Replaces the text of an input.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.expect("clear");
        if !text.is_empty() {
            el.send_keys(text).await.expect("send_keys");
        }
    }

    /// Sets an input's value as a picker would (date and time inputs take no keystrokes
    /// in WebKitWebDriver) and tells the page it changed.
    pub async fn set_value(&self, css: &str, value: &str) {
        let el = self.wait(css).await;
        self.client
            .execute(
                "arguments[0].value = arguments[1];
                 arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::to_value(&el).expect("element"), value.into()],
            )
            .await
            .unwrap_or_else(|e| panic!("set `{css}`: {e}"));
    }

    /// Calls one of the app's commands through its IPC, as the UI does, for what a native
    /// dialog would otherwise start (WebDriver cannot drive OS dialogs).
    pub async fn invoke(&self, command: &str, args: serde_json::Value) -> serde_json::Value {
        self.client
            .execute_async(
                "const [cmd, args, done] = arguments;
                 window.__TAURI_INTERNALS__.invoke(cmd, args).then(done, (e) => done({ error: e }));",
                vec![command.into(), args],
            )
            .await
            .unwrap_or_else(|e| panic!("invoke {command}: {e}"))
    }

    /// The first element matching `css` whose text contains `text`.
    pub async fn find_by_text(&self, css: &str, text: &str) -> Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            for el in self
                .client
                .find_all(Locator::Css(css))
                .await
                .expect("find_all")
            {
                if text_of(&el).await.contains(text) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                self.fail(&format!("no `{css}` says {text:?}")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Drags an element by an offset with the mouse, as a user would.
    /// Drags `element` with the mouse and lets go at the viewport point (`x`, `y`).
    pub async fn drag_to_point(&self, element: &Element, x: f64, y: f64) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: element.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(150)),
                x: (x + 20.0) / 2.0,
                y: (y + 20.0) / 2.0,
            })
            .then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(150)),
                x,
                y,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|e| panic!("drag: {e}"));
    }

    pub async fn drag_by(&self, element: &Element, dx: f64, dy: f64) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let element = element.clone();
        let step = |x, y| PointerAction::MoveBy {
            duration: Some(Duration::from_millis(150)),
            x,
            y,
        };
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(step(dx / 2.0, dy / 2.0))
            .then(step(dx / 2.0, dy / 2.0))
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|e| panic!("drag: {e}"));
    }

    /// Saves a screenshot of the window into `artifacts/` at the workspace root.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = workspace_root().join("artifacts");
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Fails the test, keeping a screenshot and the page's HTML in `artifacts/` to look at.
    pub async fn fail(&self, why: &str) -> ! {
        let shot = self.screenshot("failure").await;
        let html = self.client.source().await.unwrap_or_default();
        let _ = std::fs::write(shot.with_extension("html"), html);
        panic!("{why} (see {})", shot.display());
    }

    /// Answers the first-start welcome with "Start empty".
    pub async fn start_empty(&self) {
        self.click("[data-testid=welcome-empty]").await;
        self.wait_absent("dialog").await;
    }

    /// Ends the session, which closes the app.
    pub async fn quit(self) {
        self.client.close().await.expect("close the app");
    }
}
