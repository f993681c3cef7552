#!/usr/bin/env bash
# The shared provisioning log in PostgreSQL (docs/benchmarks.md, "Shared log"): push throughput from one
# station and from eight at once (RECORDS each, default 5000), export of EXPORT records (default 1000000)
# by 'preflight log export --from' in a 48 MiB heap (time and peak RSS, GNU time), and CARD_HISTORY lookup
# latency in those records. Uses PREFLIGHT_TEST_PG_URL (a superuser URL) when set, else starts a throwaway
# cluster with scripts/with-postgres.sh (Debian's postgresql package).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PREFLIGHT_TEST_PG_URL:-}" ]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
mvn -B -q -DskipTests package
CP=target/preflight.jar:target/test-classes
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
java -cp "$CP" dev.preflight.core.provision.SharedLogBenchmark push "$PREFLIGHT_TEST_PG_URL" "$WORK" "${RECORDS:-5000}"
LOADED=$(java -cp "$CP" dev.preflight.core.provision.SharedLogBenchmark load "$PREFLIGHT_TEST_PG_URL" "${EXPORT:-1000000}")
echo "$LOADED"
DB=$(echo "$LOADED" | sed -n 's/^DB=//p')
for format in csv json; do
  /usr/bin/time -f "export --format $format of ${EXPORT:-1000000} records: %e s, peak RSS %M KiB" \
    java -Xmx48m -Dpreflight.dataDir="$WORK/data" -cp "$CP" dev.preflight.Launcher log export --from "$DB" \
    --format "$format" --out "$WORK/export.$format"
  ls -l "$WORK/export.$format" | awk '{printf "  %s bytes\n", $5}'
  rm -f "$WORK/export.$format"
done
java -cp "$CP" dev.preflight.core.provision.SharedLogBenchmark lookup "$DB" "${LOOKUPS:-500}"
