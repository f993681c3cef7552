#!/usr/bin/env bash
# Refreshes assets/screenshots/ from the real app under Xvfb (needs: xvfb libgtk-3-0 imagemagick x11-utils).
# Usage: scripts/screenshots.sh            -> assets/screenshots/inspect-demo.png (the demo card)
# SHOT_WAIT=20 waits longer than 5 s for the result on a slow or busy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
out=assets/screenshots
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() { # name [path]; THEME=dark for the dark variant
  local name=$1; shift
  XDG_CACHE_HOME="$tmp/cache" PREFLIGHT_THEME=${THEME:-light} xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
    java -Dprism.order=sw -Djava.util.prefs.userRoot='"$tmp"'/prefs -jar target/preflight.jar "$@" & P=$!
    for i in $(seq 1 60); do sleep 0.5; xwininfo -root -tree 2>/dev/null | grep -q "\"Preflight" && break; done
    sleep '"${SHOT_WAIT:-5}"'
    id=$(xwininfo -root -tree | grep "\"Preflight" | head -1 | awk "{print \$1}")
    [ -n "$id" ] || { echo "no Preflight window appeared" >&2; kill $P; exit 1; }
    import -window "$id" "'"$tmp"'/shot.png"
    kill $P' sh "$@"
  cp "$tmp/shot.png" "$out/$name"
  echo "wrote $out/$name"
}
shot inspect-demo.png
THEME=dark shot inspect-demo-dark.png
# the TestFX flows of 'mvn verify' leave Monocle captures of the other screens in target/screenshots
for f in integrity-demo wear-demo release lint config-editor config-txt network wifi-dialog station serial; do
  [ -f "target/screenshots/$f.png" ] && cp "target/screenshots/$f.png" "$out/" && echo "copied $out/$f.png"
done
