#!/usr/bin/env bash
# Refreshes assets/screenshots/ from the real app under Xvfb (needs: xvfb libgtk-3-0 imagemagick x11-utils).
# Usage: scripts/screenshots.sh            -> assets/screenshots/inspect-demo.png (the demo card)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
out=assets/screenshots
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() { # name [path]
  local name=$1; shift
  XDG_CACHE_HOME="$tmp/cache" xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
    java -Dprism.order=sw -jar target/preflight.jar "$@" & P=$!
    for i in $(seq 1 60); do sleep 0.5; xwininfo -root -tree 2>/dev/null | grep -q "\"Preflight" && break; done
    sleep 5
    id=$(xwininfo -root -tree | grep "\"Preflight" | head -1 | awk "{print \$1}")
    [ -n "$id" ] || { echo "no Preflight window appeared" >&2; kill $P; exit 1; }
    import -window "$id" "'"$tmp"'/shot.png"
    kill $P' sh "$@"
  cp "$tmp/shot.png" "$out/$name"
  echo "wrote $out/$name"
}
shot inspect-demo.png
