#!/usr/bin/env bash
# Installs what is missing, builds Juggle (release) and starts it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

install_packages "${APP_PACKAGES[@]}"
require_rust
require_node
install_ui_deps
build_ui
say "Building the app (the first build takes a few minutes)"
cargo build --release --locked -p juggle-desktop
say "Starting Juggle"
exec target/release/juggle-desktop "$@"
