#!/usr/bin/env bash
# Builds the .deb with the Tauri bundler and checks what a user would install: the app
# binary (and nothing else in /usr/bin), the desktop entry, the icons, the package fields.
set -euo pipefail
cd "$(dirname "$0")/.."

(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --ci)
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
info=$(dpkg-deb -I "$deb")
desktop=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO usr/share/applications/Juggle.desktop)

fail() { echo "check-deb: $*" >&2; exit 1; }
grep -qx 'usr/bin/juggle-desktop' <<<"$files" || fail "no usr/bin/juggle-desktop"
[ "$(grep -c '^usr/bin/.' <<<"$files")" -eq 1 ] || fail "unexpected programs in usr/bin: $(grep '^usr/bin/.' <<<"$files" | tr '\n' ' ')"
for size in 32x32 128x128; do
  grep -qx "usr/share/icons/hicolor/$size/apps/juggle-desktop.png" <<<"$files" || fail "no $size icon"
done
grep -qx 'Name=Juggle' <<<"$desktop" || fail "desktop entry has no Name=Juggle"
grep -qx 'Exec=juggle-desktop' <<<"$desktop" || fail "desktop entry does not start juggle-desktop"
grep -qx 'Icon=juggle-desktop' <<<"$desktop" || fail "desktop entry has no icon"
grep -q '^Categories=Office;' <<<"$desktop" || fail "desktop entry has no category"
grep -q 'Package: juggle' <<<"$info" || fail "package is not named juggle"
grep -q "Version: $(grep -m1 '"version"' tauri.conf.json | cut -d'"' -f4)" <<<"$info" || fail "version differs from tauri.conf.json"
grep -q 'Depends: .*libwebkit2gtk-4.1' <<<"$info" || fail "no dependency on WebKitGTK"
echo "check-deb: $deb ($(du -h "$deb" | cut -f1)) has the app, its desktop entry and icons"
