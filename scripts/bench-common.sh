# Sourced by the bench-*.sh scripts: the repository root as working folder, where images and timings go
# (BENCH_DIR, default target/bench), how many runs (RUNS, default 5 unless the script set it first), the
# launcher, built and with its class-data-sharing archive before anything is timed, and the helpers.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-target/bench}
RUNS=${RUNS:-5}
PF=./preflight
mkdir -p "$DIR"
$PF --version >/dev/null

# The median of the numbers on standard input, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure LABEL COMMAND...: RUNS runs of COMMAND, one markdown row "| LABEL | median wall s | peak RSS MiB |".
measure() {
  local label=$1; shift
  local times=() rss=0 t m
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -q -o "$DIR/time.txt" -f "%e %M" "$@" >/dev/null 2>&1 || true
    read -r t m < "$DIR/time.txt"
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '| %s | %s s | %d MiB |\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" $((rss / 1024))
}
