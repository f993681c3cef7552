#!/usr/bin/env bash
# Side by side: `preflight config get/set` against `balena config read/write --drive` on the same raw
# 1 GiB and 4 GiB images, medians of RUNS runs, whole processes. balena-cli is found through BALENA_BIN
# (the `balena` executable of an offline install); without it the comparison is skipped with a note.
# Prints a markdown table; docs/benchmarks.md records a run.
. "$(dirname "$0")/bench-common.sh"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
run() { local xs=(); for _ in $(seq "$RUNS"); do xs+=("$(t "$@")"); done; printf '%s\n' "${xs[@]}" | median; }
balena_ok=0
if [ -n "${BALENA_BIN:-}" ] && [ -x "$BALENA_BIN" ]; then balena_ok=1; fi
export BALENARC_OFFLINE_MODE=1 BALENARC_NO_ANALYTICS=1 HOME=${HOME}
echo "| operation | image | preflight | balena-cli | ratio |"
echo "| --- | --- | --- | --- | --- |"
for size in 1G 4G; do
  img="$DIR/vs-$size.img"
  [ -f "$img" ] || $PF demo --output "$img" --size $size >/dev/null
  p=$(run $PF config get "$img" hostname)
  b="-"; r="-"
  if [ $balena_ok = 1 ]; then b=$(run "$BALENA_BIN" config read --drive "$img" --json); r=$(echo "scale=2; $p / $b" | bc); fi
  echo "| read config.json | $size raw | $p s | $b s | $r |"
  p=$(run env -u DISPLAY PREFLIGHT_JAVA_OPTS= $PF config set "$img" hostname "bench-$RANDOM")
  b="-"; r="-"
  if [ $balena_ok = 1 ]; then b=$(run "$BALENA_BIN" config write --drive "$img" hostname "bench-$RANDOM"); r=$(echo "scale=2; $p / $b" | bc); fi
  echo "| write one key | $size raw | $p s | $b s | $r |"
done
[ $balena_ok = 1 ] || echo "(balena-cli not found: set BALENA_BIN to compare)"
