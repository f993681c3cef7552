#!/usr/bin/env bash
# One run, same images, every comparison of issue 7 (docs/benchmarks.md records a run):
#   1. read config.json, 1 GiB and 4 GiB raw: preflight config get  vs  balena config read --drive
#   2. write one key:                          preflight config set  vs  balena config write --drive
#   3. inspect .img.xz/.img.zip/.img.gz in place  vs  decompress fully, then inspect
#   4. full-card verify throughput             vs  sha256sum of the same bytes
#   5. a batch of 20 cards (image files) through preflight batch: total time, cards per minute
#   6. peak memory (max RSS) of every row, 1 GiB against 4 GiB
#   7. the desktop app (needs xvfb-run): launch -> window, -> inspected, longest FX-thread stall while
#      inspecting (demo, 4 GiB .img.xz and raw) and drawing the result, then while opening every tab
# Every time is the median of RUNS whole-process runs (JVM start-up included); memory is the highest
# peak RSS over the runs (GNU time). balena-cli is used when BALENA_BIN points at its executable
# (../shared/tools/install-balena-peer.sh installs it); otherwise those columns say so.
# SECTIONS="1 3 4 5 7" (default) picks sections; 1 covers 1-2, and 6 (memory) is a column of every table.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-target/bench}
RUNS=${RUNS:-5}
PF=./preflight
mkdir -p "$DIR"
$PF --version >/dev/null
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

# measure CMD... -> "median_seconds max_rss_mib" (output of CMD discarded, failures tolerated)
measure() {
  local ts=() rss=0 line tf
  tf=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$tf" "$@" >/dev/null 2>&1 || true
    line=$(tail -n 1 "$tf")
    ts+=("${line%% *}")
    local r=${line##* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  rm -f "$tf"
  printf '%s %d\n' "$(printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" $((rss / 1024))
}
ratio() { echo "scale=2; $1 / $2" | bc; }
SECTIONS=${SECTIONS:-1 3 4 5 7}
want() { case " $SECTIONS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

balena_ok=0
if [ -n "${BALENA_BIN:-}" ] && [ -x "$BALENA_BIN" ]; then balena_ok=1; fi
export BALENARC_OFFLINE_MODE=1 BALENARC_NO_ANALYTICS=1

# The images: raw 1 GiB and 4 GiB with 400 MiB of real binaries in rootA, and their compressed forms.
for size in 1G 4G; do
  img="$DIR/all-$size.img"
  if [ ! -f "$img" ]; then
    $PF demo --output "$img" --size $size >/dev/null
    tar cf - /usr/lib 2>/dev/null | head -c $((400 << 20)) | dd of="$img" bs=1M seek=45 conv=notrunc,sparse status=none
  fi
  [ -f "$img.xz" ] || xz -T2 -3 -k -c "$img" > "$img.xz"
  [ -f "$img.gz" ] || gzip -3 -c "$img" > "$img.gz"
  [ -f "$img.zip" ] || (cd "$DIR" && zip -q -1 "all-$size.img.zip" "all-$size.img")
done

if want 1; then
echo "## 1-2. config.json read and write against balena-cli"
echo
echo "| operation | image | preflight | peak RSS | balena-cli | peak RSS | ratio (target <= 0.5) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for size in 1G 4G; do
  img="$DIR/all-$size.img"
  read -r p pm < <(measure $PF config get "$img" hostname)
  b="not installed"; bm="-"; r="-"
  if [ $balena_ok = 1 ]; then read -r b bm < <(measure "$BALENA_BIN" config read --drive "$img" --json); r=$(ratio "$p" "$b"); b="$b s"; bm="$bm MiB"; fi
  echo "| read config.json | $size raw | $p s | $pm MiB | $b | $bm | $r |"
  read -r p pm < <(measure $PF config set "$img" hostname "bench-$RANDOM")
  b="not installed"; bm="-"; r="-"
  if [ $balena_ok = 1 ]; then read -r b bm < <(measure "$BALENA_BIN" config write --drive "$img" hostname "bench-$RANDOM"); r=$(ratio "$p" "$b"); b="$b s"; bm="$bm MiB"; fi
  echo "| write one key | $size raw | $p s | $pm MiB | $b | $bm | $r |"
done
[ $balena_ok = 1 ] || echo "(balena-cli not found: set BALENA_BIN to its executable to compare; it cannot read compressed images at all)"

fi
if want 3; then
echo
echo "## 3. Compressed images: inspect in place against decompress-then-inspect"
echo
echo "| image | preflight inspect (in place) | peak RSS | decompress to disk, then inspect | peak RSS | ratio |"
echo "| --- | --- | --- | --- | --- | --- |"
for size in 1G 4G; do
  for ext in xz zip gz; do
    c="$DIR/all-$size.img.$ext"
    read -r p pm < <(measure $PF inspect "$c")
    case $ext in
      xz) dec="xz -d -T2 -c '$c' > '$DIR/tmp.img'" ;;
      gz) dec="gzip -d -c '$c' > '$DIR/tmp.img'" ;;
      zip) dec="unzip -p '$c' > '$DIR/tmp.img'" ;;
    esac
    read -r d dm < <(measure sh -c "$dec && $PF inspect '$DIR/tmp.img'")
    rm -f "$DIR/tmp.img"
    echo "| $size .img.$ext | $p s | $pm MiB | $d s | $dm MiB | $(ratio "$p" "$d") |"
  done
done

fi
if want 4; then
echo
echo "## 4. Full verify throughput against sha256sum"
echo
ref="$DIR/all-4G.img"
card="$DIR/all-4G-card.img"
cp --sparse=always "$ref" "$card"
read -r start size < <($PF inspect --json "$ref" | python3 -c 'import json,sys; p=[x for x in json.load(sys.stdin)["partitionTable"]["partitions"] if x["number"]==2][0]; print(p["start"]>>20, p["size"]>>20)')
cat "$ref" "$card" >/dev/null
read -r p pm < <(measure $PF verify "$card" --reference "$ref" --full)
read -r s sm < <(measure sh -c "dd if='$card' bs=1M skip=$start count=$size status=none | sha256sum; dd if='$ref' bs=1M skip=$start count=$size status=none | sha256sum")
mb=$((2 * size))
echo "| tool | data hashed | median wall time | throughput | peak RSS |"
echo "| --- | --- | --- | --- | --- |"
printf '| preflight verify --full | %d MiB | %s s | %.0f MiB/s | %s MiB |\n' $mb "$p" "$(echo "$mb / $p" | bc -l)" "$pm"
printf '| dd + sha256sum, both sides | %d MiB | %s s | %.0f MiB/s | %s MiB |\n' $mb "$s" "$(echo "$mb / $s" | bc -l)" "$sm"
printf '| throughput ratio preflight / sha256sum (target >= 0.8) | | | %.2f | |\n' "$(echo "$s / $p" | bc -l)"
rm -f "$card"

fi
if want 5; then
echo
echo "## 5. A batch of 20 cards"
echo
mkdir -p "$DIR/batch"
for i in $(seq -w 1 20); do [ -f "$DIR/batch/card-$i.img" ] || cp --sparse=always "$DIR/all-1G.img" "$DIR/batch/card-$i.img"; done
profile="$DIR/batch/profile.json"
printf '{"name":"bench","deviceType":"raspberrypi4-64","allowedFindings":["FAT_DIRTY","HOST_OS_LITTER"]}\n' > "$profile"
read -r p pm < <(measure $PF batch --profile "$profile" --log "$DIR/batch/log.jsonl" "$DIR"/batch/card-*.img)
echo "| run | cards | total (median) | cards per minute | peak RSS |"
echo "| --- | --- | --- | --- | --- |"
printf '| preflight batch, 1 GiB images | 20 | %s s | %.0f | %s MiB |\n' "$p" "$(echo "20 * 60 / $p" | bc -l)" "$pm"

fi
if want 7; then
echo
echo "## 7. Desktop app (Xvfb, software rendering)"
echo
if command -v xvfb-run >/dev/null; then
  # one untimed session first: the launcher records the desktop app's CDS archive when it ends
  xvfb-run -a -s '-screen 0 1280x800x24' env PREFLIGHT_EXTRA_OPTS="-Dprism.order=sw -Dpreflight.timing=true -Dpreflight.timing.exit=true" \
    timeout 120 $PF gui >/dev/null 2>&1 || true
  echo "| run | launch -> window | launch -> inspected | longest FX-thread stall: inspection and result | longest stall: opening every tab after |"
  echo "| --- | --- | --- | --- | --- |"
  median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  field() { printf '%s\n' "${lines[@]}" | sed -n "s/.*$1=\([0-9]*\).*/\1/p"; }
  for target in demo "$DIR/all-4G.img.xz" "$DIR/all-4G.img"; do
    arg=$target; [ "$target" = demo ] && arg=""
    lines=()
    for _ in $(seq "$RUNS"); do
      lines+=("$(xvfb-run -a -s '-screen 0 1280x800x24' env PREFLIGHT_EXTRA_OPTS="-Dprism.order=sw -Dpreflight.timing=true -Dpreflight.timing.exit=true" \
        timeout 120 $PF gui $arg 2>&1 | grep preflight-timing | tail -n 1)")
    done
    echo "| ${target##*/} | $(field window-ms | median) ms | $(field inspected-ms | median) ms" \
      "| $(field max-fx-stall-ms | median) ms median, $(field max-fx-stall-ms | sort -n | tail -n 1) ms worst" \
      "| $(field max-tab-stall-ms | median) ms median, $(field max-tab-stall-ms | sort -n | tail -n 1) ms worst |"
  done
else
  echo "(xvfb-run not installed: skipped)"
fi
fi
