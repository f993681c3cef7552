#!/bin/sh
# aot-cache.sh APP: records APP/lib/app/preflight.aot, the CLI launcher's AOT cache (Java 25 and later), with
# APP's own runtime and jar, from a training run of each command (dev.preflight.cli.CdsTraining). APP is a
# packaged layout (the app image, or /opt/preflight inside the .deb being built): the cache names the jar by
# its size and time, so it is made where the jar will be installed from. A failure only leaves the cache out.
set -u
app=$1
train=$(mktemp -d)
"$app/lib/runtime/bin/java" -Xmx512m -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable \
  -XX:AOTCacheOutput="$app/lib/app/preflight.aot" -cp "$app/lib/app/preflight.jar" dev.preflight.cli.CdsTraining \
  "$train" >/dev/null 2>&1 || { echo "aot-cache: the CLI's AOT cache could not be made" >&2; rm -f "$app/lib/app/preflight.aot"; }
rm -rf "$train"
