#!/usr/bin/env bash
# Build a self-contained Callbook bundle under PREFIX (default ~/.local):
#   PREFIX/lib/callbook/            a virtual environment with Callbook installed
#   PREFIX/bin/callbook             the command
#   PREFIX/share/applications/      app.callbook.Callbook.desktop
#   PREFIX/share/icons/hicolor/scalable/apps/app.callbook.Callbook.svg
#   PREFIX/share/metainfo/          app.callbook.Callbook.metainfo.xml (AppStream)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
prefix=${1:-$HOME/.local}
env_dir="$prefix/lib/callbook"

python3 -m venv "$env_dir"
"$env_dir/bin/pip" install -q "$top"
# The window finds its icons beside the installed package.
# -I: ask the installed copy, never a checkout in the current folder.
site=$("$env_dir/bin/python" -I -c 'import callbook, pathlib; print(pathlib.Path(callbook.__file__).parent.parent)')
case "$site" in "$env_dir"/*) ;; *) echo "build-bundle: unexpected install location $site" >&2; exit 1;; esac
rm -rf "$site/resources"
cp -r "$top/resources" "$site/resources"

install -d "$prefix/bin" "$prefix/share/applications" "$prefix/share/metainfo" \
  "$prefix/share/icons/hicolor/scalable/apps"
ln -sf "$env_dir/bin/callbook" "$prefix/bin/callbook"
sed "s|^Exec=callbook|Exec=$prefix/bin/callbook|" "$here/app.callbook.Callbook.desktop" \
  > "$prefix/share/applications/app.callbook.Callbook.desktop"
install -m 0644 "$here/app.callbook.Callbook.metainfo.xml" "$prefix/share/metainfo/app.callbook.Callbook.metainfo.xml"
install -m 0644 "$top/resources/icons/callbook.svg" \
  "$prefix/share/icons/hicolor/scalable/apps/app.callbook.Callbook.svg"
echo "Callbook installed under $prefix; start it from the menu or with $prefix/bin/callbook"
