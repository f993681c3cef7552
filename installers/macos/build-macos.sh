#!/usr/bin/env bash
# macOS .dmg with jpackage (run on a Mac with JDK 17+; not run in this project's CI, which is Linux).
# The shaded jar must carry macOS's JavaFX natives: build it on the Mac (Maven picks the natives of the
# platform it runs on). The icon must be .icns: made here from assets/icons/preflight-256.png with sips/iconutil.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$(sed -n 's:.*<version>\([0-9][^<]*\)</version>.*:\1:p' pom.xml | head -1)
mvn -B -q -DskipTests package
OUT=target/installers
rm -rf "$OUT" target/jpackage-input target/Preflight.iconset
mkdir -p "$OUT" target/jpackage-input target/Preflight.iconset
cp target/preflight.jar target/jpackage-input/
for s in 16 32 128 256; do sips -z $s $s assets/icons/preflight-256.png --out target/Preflight.iconset/icon_${s}x${s}.png >/dev/null; done
iconutil -c icns target/Preflight.iconset -o target/Preflight.icns
MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.xml.dom,jdk.jsobject,jdk.crypto.ec,jdk.localedata
# Finder does not pass an argument to the CLI launcher; install it on the PATH by hand after mounting:
#   sudo ln -s /Applications/Preflight.app/Contents/MacOS/preflight /usr/local/bin/preflight
jpackage --type dmg --dest "$OUT" --name Preflight --app-version "$VERSION" --input target/jpackage-input \
  --main-jar preflight.jar --main-class dev.preflight.Launcher --icon target/Preflight.icns \
  --vendor Preflight --description "Inspect, verify and safely edit balenaOS SD cards and images" \
  --add-modules "$MODULES" --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands" \
  --java-options "-Xmx512m" --mac-package-identifier dev.preflight \
  --add-launcher preflight=installers/linux/cli-launcher.properties \
  --file-associations installers/linux/assoc-img.properties \
  --file-associations installers/linux/assoc-img-gz.properties \
  --file-associations installers/linux/assoc-img-xz.properties \
  --file-associations installers/linux/assoc-img-zip.properties
ls -la "$OUT"
