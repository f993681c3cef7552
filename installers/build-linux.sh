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
rm -rf "$OUT" target/jpackage-input target/jpackage-runtime target/jpackage-cli.properties
mkdir -p "$OUT" target/jpackage-input
cp target/preflight.jar target/jpackage-input/
# The bundled runtime: the JDK on the PATH, or PACKAGE_JAVA_HOME. With Java 25 or later the CLI launcher also
# gets an AOT cache (below); measured against Java 17 it made inspect cheaper and --version dearer, and the
# package 11 MB larger, so it is not the default (docs/benchmarks.md, installers).
JDK=${PACKAGE_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v jpackage)")")")}
echo "build-linux: bundling the runtime of $JDK" >&2
MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.xml.dom,jdk.jsobject,jdk.crypto.ec,jdk.localedata
# On Java 25 and later the CLI launcher gets an AOT cache of the classes a training run of each command loads
# (parsed, verified and linked ahead) and the serial collector. The cache is made by the packaged runtime in
# the packaged app folder (installers/linux/aot-cache.sh; the runtime keeps bin/java for it), since it names
# the jar by its size and time, which jpackage's copy changes. Java 17 cannot use an archive made elsewhere.
AOT=0
JLINK_STRIP=--strip-native-commands
cp installers/linux/cli-launcher.properties target/jpackage-cli.properties
if [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JDK/release")" -ge 25 ]; then
  AOT=1
  JLINK_STRIP=
  echo "java-options=-Xmx512m -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable -XX:AOTCache=\$APPDIR/preflight.aot" \
    >> target/jpackage-cli.properties
fi
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages $JLINK_STRIP \
  --output target/jpackage-runtime
PATH="$JDK/bin:$PATH"
COMMON=(--name Preflight --app-version "$VERSION" --input target/jpackage-input --main-jar preflight.jar
  --main-class dev.preflight.Launcher --icon assets/icons/preflight-256.png
  --vendor "Preflight" --description "Inspect, verify and safely edit balenaOS SD cards and images"
  --runtime-image target/jpackage-runtime --java-options "-Xmx512m")
jpackage --type app-image --dest "$OUT" "${COMMON[@]}"
[ "$AOT" = 1 ] && installers/linux/aot-cache.sh "$OUT/Preflight"
jpackage --type deb --dest "$OUT" "${COMMON[@]}" \
  --linux-package-name preflight --linux-shortcut --linux-menu-group Utility --linux-app-category utils \
  --linux-package-deps "libgtk-3-0 | libgtk-3-0t64" \
  --add-launcher preflight=target/jpackage-cli.properties \
  --file-associations installers/linux/assoc-img.properties \
  --file-associations installers/linux/assoc-img-gz.properties \
  --file-associations installers/linux/assoc-img-xz.properties \
  --file-associations installers/linux/assoc-img-zip.properties
# Put the CLI on the PATH: jpackage installs under /opt/preflight; add /usr/bin/preflight -> the CLI launcher.
deb=$(ls "$OUT"/*.deb | head -1)
work=$(mktemp -d)
# Installing and removing must also work where there is no desktop menu (headless stations): the xdg-* calls
# in the maintainer scripts may fail there without failing dpkg (installers/linux/tolerate-no-desktop.sh).
# The CLI's AOT cache is made here, in the package's own tree, so it matches the jar the package installs.
cache=true
[ "$AOT" = 1 ] && cache="installers/linux/aot-cache.sh '$work/pkg/opt/preflight'"
fakeroot sh -c "dpkg-deb -R '$deb' '$work/pkg' && mkdir -p '$work/pkg/usr/bin' \
  && ln -s /opt/preflight/bin/preflight '$work/pkg/usr/bin/preflight' && $cache \
  && installers/linux/tolerate-no-desktop.sh '$work/pkg/DEBIAN' && dpkg-deb -b -Zxz '$work/pkg' '$deb' >/dev/null"
rm -rf "$work"
# .rpm as well where rpmbuild exists (Fedora/RHEL/openSUSE, or Debian with the 'rpm' package)
if command -v rpmbuild >/dev/null 2>&1; then
  jpackage --type rpm --dest "$OUT" "${COMMON[@]}" \
    --linux-package-name preflight --linux-shortcut --linux-menu-group Utility --linux-app-category utils \
    --linux-package-deps gtk3 \
    --add-launcher preflight=target/jpackage-cli.properties \
    --file-associations installers/linux/assoc-img.properties \
    --file-associations installers/linux/assoc-img-gz.properties \
    --file-associations installers/linux/assoc-img-xz.properties \
    --file-associations installers/linux/assoc-img-zip.properties
else
  echo "build-linux: rpmbuild not found; .rpm skipped (apt-get install rpm / dnf install rpm-build)" >&2
fi
ls -la "$OUT"
if [ "${1:-}" = "--check" ]; then
  x=$(mktemp -d)
  dpkg-deb -x "$deb" "$x"
  dpkg-deb -c "$deb" | grep -q '\./usr/bin/preflight -> /opt/preflight/bin/preflight' \
    || { echo "build-linux: /usr/bin/preflight is missing from the .deb" >&2; exit 1; }
  cli="$x/opt/preflight/bin/preflight"
  "$cli" --version
  demo=$("$cli" demo --dir "$x/demo")
  "$cli" inspect --fail-on never "$demo" | tail -1
  "$cli" inspect --json --fail-on never "$demo" | grep -q '"verdict" *: *"fail"' \
    || { echo "build-linux: the packaged CLI did not find the demo card's problems" >&2; exit 1; }
  rm -rf "$x"
  if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null 2>&1 && ! dpkg -s preflight >/dev/null 2>&1; then
    # A headless station: no desktop menu to write to (and possibly no xdg-utils at all).
    XDG_DATA_DIRS=/nonexistent dpkg -i --force-depends "$deb" >/dev/null \
      || { echo "build-linux: dpkg -i failed without a desktop menu" >&2; exit 1; }
    dpkg -s preflight | grep -q '^Status: install ok installed' \
      || { echo "build-linux: the package is not configured without a desktop menu" >&2; exit 1; }
    /usr/bin/preflight --version >/dev/null
    XDG_DATA_DIRS=/nonexistent dpkg --purge preflight >/dev/null \
      || { echo "build-linux: dpkg --purge failed without a desktop menu" >&2; exit 1; }
    if command -v xdg-desktop-menu >/dev/null 2>&1; then
      # A desktop: the menu entry is registered on install and gone after removal.
      # what a desktop environment provides: menu, menu directory, application and mime folders
      mkdir -p /usr/share/applications /usr/share/desktop-directories /etc/xdg/menus /usr/share/mime/packages
      dpkg -i --force-depends "$deb" >/dev/null || { echo "build-linux: dpkg -i failed with a desktop menu" >&2; exit 1; }
      ls /usr/share/applications/preflight-*.desktop >/dev/null 2>&1 \
        || { echo "build-linux: no menu entry was registered" >&2; exit 1; }
      dpkg --purge preflight >/dev/null || { echo "build-linux: dpkg --purge failed with a desktop menu" >&2; exit 1; }
      ! ls /usr/share/applications/preflight-*.desktop >/dev/null 2>&1 \
        || { echo "build-linux: the menu entry was left behind" >&2; exit 1; }
    fi
    echo "build-linux: installed and removed with and without a desktop menu"
  fi
  echo "build-linux: package check passed"
fi
