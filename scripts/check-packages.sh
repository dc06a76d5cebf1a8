#!/usr/bin/env bash
# Builds the .deb and the .rpm with the Tauri bundler (one release build: the `juggle` CLI is
# built beside the app by `beforeBundleCommand` in tauri.linux.conf.json) and checks what a
# user would install from each: both programs in /usr/bin and nothing else, the desktop
# entry, the icons, the dependency on WebKitGTK 4.1, the workspace's version, and the
# updater signatures. Prints the size of each package.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-packages: $*" >&2; exit 1; }

# The one version: the Cargo workspace's.
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
[ -n "$version" ] || fail "no version in Cargo.toml's [workspace.package]"

# `createUpdaterArtifacts` signs each package for the updater. A release signs with the
# project's key (a workflow secret, docs/release.md); here a throwaway key does, so the
# signing step is exercised without the secret.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  ui/node_modules/.bin/tauri signer generate --ci -p "" -w "$work/throwaway.key" >/dev/null
  export TAURI_SIGNING_PRIVATE_KEY="$work/throwaway.key" TAURI_SIGNING_PRIVATE_KEY_PASSWORD=""
fi

# --no-build: check the packages already built.
if [ "${1:-}" != "--no-build" ]; then
  rm -rf target/release/bundle/deb target/release/bundle/rpm
  (cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb,rpm --ci)
fi
deb=$(realpath target/release/bundle/deb/*.deb)
rpm=$(realpath target/release/bundle/rpm/*.rpm)

# What both packages must hold, whatever their format.
check_files() { # <package> <file list, one absolute path a line>
  local files=$2
  for bin in juggle-desktop juggle; do
    grep -qx "/usr/bin/$bin" <<<"$files" || fail "$1: no /usr/bin/$bin"
  done
  [ "$(grep -c '^/usr/bin/.' <<<"$files")" -eq 2 ] ||
    fail "$1: unexpected programs in /usr/bin: $(grep '^/usr/bin/.' <<<"$files" | tr '\n' ' ')"
  for size in 32x32 128x128; do
    grep -qx "/usr/share/icons/hicolor/$size/apps/juggle-desktop.png" <<<"$files" || fail "$1: no $size icon"
  done
}

check_desktop_entry() { # <package> <entry text>
  grep -qx 'Name=Juggle' <<<"$2" || fail "$1: desktop entry has no Name=Juggle"
  grep -qx 'Exec=juggle-desktop' <<<"$2" || fail "$1: desktop entry does not start juggle-desktop"
  grep -qx 'Icon=juggle-desktop' <<<"$2" || fail "$1: desktop entry has no icon"
  grep -q '^Categories=Office;' <<<"$2" || fail "$1: desktop entry has no category"
}

# The packaged CLI is this release: it answers with the workspace's version.
check_cli() { # <package> <extracted root>
  [ "$("$2/usr/bin/juggle" --version)" = "juggle $version" ] || fail "$1: juggle --version is not $version"
}

# The updater's signature: minisign, bound to this version (the app requires it).
check_signature() { # <package>
  [ -s "$1.sig" ] || fail "no updater signature $1.sig"
  base64 -d "$1.sig" | grep -q "^trusted comment: .*version:$version" ||
    fail "$1.sig does not sign version $version"
}

# ---- .deb ----
dpkg-deb -x "$deb" "$work/deb"
check_files "$deb" "$(dpkg-deb -c "$deb" | awk '{sub(/^\.?\/?/, "/", $6); print $6}')"
check_desktop_entry "$deb" "$(cat "$work/deb/usr/share/applications/Juggle.desktop")"
check_cli "$deb" "$work/deb"
info=$(dpkg-deb -I "$deb")
grep -q '^ Package: juggle$' <<<"$info" || fail "$deb: package is not named juggle"
grep -q "^ Version: $version$" <<<"$info" || fail "$deb: version is not $version"
grep -q '^ Depends: .*libwebkit2gtk-4.1' <<<"$info" || fail "$deb: no dependency on WebKitGTK 4.1"
check_signature "$deb"

# ---- .rpm (Debian's rpm package reads it) ----
mkdir "$work/rpm"
(cd "$work/rpm" && { rpm2cpio "$rpm" || true; } | cpio -idm --quiet) # rpm2cpio exits 1 once the payload is written: what it extracted is checked next
check_files "$rpm" "$(rpm -qlp "$rpm")"
check_desktop_entry "$rpm" "$(cat "$work/rpm/usr/share/applications/Juggle.desktop")"
check_cli "$rpm" "$work/rpm"
info=$(rpm -qip "$rpm" 2>/dev/null)
grep -q '^Name *: juggle$' <<<"$info" || fail "$rpm: package is not named juggle"
grep -q "^Version *: $version$" <<<"$info" || fail "$rpm: version is not $version"
rpm -qpR "$rpm" 2>/dev/null | grep -q '^libwebkit2gtk-4.1' || fail "$rpm: no dependency on WebKitGTK 4.1"
check_signature "$rpm"

size() { echo "$(( $(stat -c %s "$1") * 10 / 1048576 ))" | sed 's/\(.\)$/.\1/;s/^\./0./'; }
echo "check-packages: $deb ($(size "$deb") MiB) and $rpm ($(size "$rpm") MiB): juggle-desktop and juggle $version, desktop entry, icons, WebKitGTK 4.1, signed for the updater"
