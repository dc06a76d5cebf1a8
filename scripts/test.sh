#!/usr/bin/env bash
# Installs what is missing, then runs every test: formatting and lints (rustfmt, clippy,
# Prettier, ESLint), the UI type check and unit tests (vitest), the core's unit and
# integration tests (real SQLite files, the CLI, crash safety), the shell's tests
# (generated bindings up to date), the end-to-end tests that drive the real app under
# Xvfb, the release workflow (check-jsonschema, zizmor), and the .deb and .rpm packages' contents.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

install_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
require_rust
require_node
install_ui_deps
install_tauri_driver
install_oracle
install_workflow_linters

say "Linting the release workflow"
lint_workflows

say "Checking formatting (rustfmt, Prettier) and the UI's lints (ESLint)"
cargo fmt --all --check
(cd ui && npm run --silent lint)

say "Checking the UI (svelte-check) and its unit tests (vitest)"
(cd ui && npm run --silent check)
(cd ui && npm run --silent test)
build_ui

# The whole workspace at once, so the app is built with the same feature set the tests
# use and nothing is compiled twice.
say "Building the app under test"
cargo build --workspace --locked

say "Linting the Rust code (clippy)"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "Running the tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi

say "Building and checking the .deb and the .rpm"
scripts/check-packages.sh
