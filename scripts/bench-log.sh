#!/usr/bin/env sh
# Provisioning log appends at 1 record and at 1,000,000 (docs/benchmarks.md, "Provisioning log").
# Builds a log of RECORDS chained records (default 1000000, about 850 MB) with a signed head in WORK
# (default: a new temporary folder), times APPENDS appends (default 200) to an empty log and to the big
# one, then checks the big log once. The heap is capped at 64 MiB: an append never reads the whole file.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mvn -B -q -DskipTests package
work=${WORK:-$(mktemp -d)}
java -Xmx64m -cp target/preflight.jar:target/test-classes dev.preflight.core.provision.LogAppendBenchmark \
  "$work" "${RECORDS:-1000000}" "${APPENDS:-200}"
rm -rf "$work/log-bench"
[ -n "${WORK:-}" ] || rmdir "$work"
