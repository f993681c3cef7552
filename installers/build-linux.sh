#!/usr/bin/env bash
# Builds the Linux app image and .deb with the JDK's jpackage and a trimmed runtime (jlink).
# Needs: JDK 17+ with jpackage, fakeroot and dpkg-deb (Debian/Ubuntu). Output: target/installers/.
#   installers/build-linux.sh            # app image + .deb
#   installers/build-linux.sh --check    # also unpack the .deb and run the packaged CLI on the demo card
#   mvn -B -Plinux-installers package    # the same from Maven (runs this script with --no-build)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(sed -n 's:.*<version>\([0-9][^<]*\)</version>.*:\1:p' pom.xml | head -1)
if [ "${1:-}" != "--no-build" ] && [ "${2:-}" != "--no-build" ]; then
  mvn -B -q -DskipTests package
fi
OUT=target/installers
rm -rf "$OUT" target/jpackage-input
mkdir -p "$OUT" target/jpackage-input
cp target/preflight.jar target/jpackage-input/
MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.xml.dom,jdk.jsobject,jdk.crypto.ec,jdk.localedata
COMMON=(--name Preflight --app-version "$VERSION" --input target/jpackage-input --main-jar preflight.jar
  --main-class dev.preflight.Launcher --icon assets/icons/preflight-256.png
  --vendor "Preflight" --description "Inspect, verify and safely edit balenaOS SD cards and images"
  --add-modules "$MODULES" --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands"
  --java-options "-Xmx512m")
jpackage --type app-image --dest "$OUT" "${COMMON[@]}"
jpackage --type deb --dest "$OUT" "${COMMON[@]}" \
  --linux-package-name preflight --linux-shortcut --linux-menu-group Utility --linux-app-category utils \
  --linux-package-deps "libgtk-3-0 | libgtk-3-0t64" \
  --add-launcher preflight=installers/linux/cli-launcher.properties \
  --file-associations installers/linux/assoc-img.properties \
  --file-associations installers/linux/assoc-img-gz.properties \
  --file-associations installers/linux/assoc-img-xz.properties \
  --file-associations installers/linux/assoc-img-zip.properties
ls -la "$OUT"
if [ "${1:-}" = "--check" ]; then
  deb=$(ls "$OUT"/*.deb | head -1)
  x=$(mktemp -d)
  dpkg-deb -x "$deb" "$x"
  cli="$x/opt/preflight/bin/preflight"
  "$cli" --version
  demo=$("$cli" demo --dir "$x/demo")
  "$cli" inspect --fail-on never "$demo" | tail -1
  rm -rf "$x"
fi
