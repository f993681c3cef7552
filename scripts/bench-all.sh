#!/usr/bin/env bash
# One run, same images, every comparison of issue 7 (docs/benchmarks.md records a run):
#   0. start-up: preflight --version and --help; inspect --json (1 GiB and 4 GiB raw) vs balena config read
#      --drive --json; config set one key vs balena config write --drive (the answer a technician waits for)
#   1. read config.json, 1 GiB and 4 GiB raw: preflight config get  vs  balena config read --drive
#   2. write one key:                          preflight config set  vs  balena config write --drive
#   3. inspect .img.xz/.img.zip/.img.gz in place  vs  decompress fully, then inspect
#   4. full-card verify throughput             vs  sha256sum of the same bytes
#   5. a batch of 20 cards (image files) through preflight batch: total time, cards per minute
#   6. peak memory (max RSS) of every row, 1 GiB against 4 GiB
#   7. the desktop app (needs xvfb-run): launch -> window, -> inspected, longest FX-thread stall while
#      inspecting (demo, 4 GiB .img.xz and raw) and drawing the result, then while opening every tab
# Every time is the median of RUNS whole-process runs (JVM start-up included): wall time, and CPU time
# (user + system, the process and what it waited for); memory is the highest peak RSS over the runs (GNU
# time). Comparisons with balena-cli run the two commands in turn (A B A B ...) and give the median of the
# pair-by-pair ratios, so a machine whose speed drifts during the run still compares like with like.
# balena-cli is used when BALENA_BIN points at its executable (installed by the balena-cli peer script of the
# development machines' shared tools); otherwise those columns say so. The load average is printed with
# each section: on a shared machine, repeat a noisy run.
# SECTIONS="0 1 3 4 5 7" (default) picks sections; 1 covers 1-2, and 6 (memory) is a column of every table.
. "$(dirname "$0")/bench-common.sh"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

# one run of CMD... under GNU time -> "wall cpu rss_kib" (output of CMD discarded, failures tolerated)
once() {
  local tf w u s m
  tf=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" >/dev/null 2>&1 || true
  read -r w u s m < <(tail -n 1 "$tf")
  rm -f "$tf"
  echo "$w $(printf '%.2f' "$(echo "$u + $s" | bc)") $m"
}
# measure CMD... -> "median_wall_s max_rss_mib median_cpu_s"
measure() {
  local ws=() cs=() rss=0 w c m
  for _ in $(seq "$RUNS"); do
    read -r w c m < <(once "$@")
    ws+=("$w"); cs+=("$c"); [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s %d %s\n' "$(printf '%s\n' "${ws[@]}" | median)" $((rss / 1024)) "$(printf '%s\n' "${cs[@]}" | median)"
}
# pair "CMD_A" "CMD_B" (each run by sh -c) -> "wallA cpuA rssA_mib wallB cpuB rssB_mib wall_ratio cpu_ratio": A and
# B in turn, medians of each, and the medians of the pair-by-pair ratios A/B
pair() {
  local wa=() ca=() wb=() cb=() rw=() rc=() ra=0 rb=0 w1 c1 m1 w2 c2 m2
  for _ in $(seq "$RUNS"); do
    read -r w1 c1 m1 < <(once sh -c "$1")
    read -r w2 c2 m2 < <(once sh -c "$2")
    wa+=("$w1"); ca+=("$c1"); wb+=("$w2"); cb+=("$c2")
    rw+=("$(echo "scale=4; $w1 / $w2" | bc)"); rc+=("$(echo "scale=4; $c1 / $c2" | bc)")
    [ "$m1" -gt "$ra" ] && ra=$m1; [ "$m2" -gt "$rb" ] && rb=$m2
  done
  printf '%s %s %d %s %s %d %.2f %.2f\n' "$(printf '%s\n' "${wa[@]}" | median)" "$(printf '%s\n' "${ca[@]}" | median)" \
    $((ra / 1024)) "$(printf '%s\n' "${wb[@]}" | median)" "$(printf '%s\n' "${cb[@]}" | median)" $((rb / 1024)) \
    "$(printf '%s\n' "${rw[@]}" | median)" "$(printf '%s\n' "${rc[@]}" | median)"
}
ratio() { echo "scale=2; $1 / $2" | bc; }
load() { echo "(load average at the start: $(cut -d' ' -f1-3 /proc/loadavg))"; }
SECTIONS=${SECTIONS:-0 1 3 4 5 7}
want() { case " $SECTIONS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

balena_ok=0
if [ -n "${BALENA_BIN:-}" ] && [ -x "$BALENA_BIN" ]; then balena_ok=1; fi
export BALENARC_OFFLINE_MODE=1 BALENARC_NO_ANALYTICS=1 BALENARC_NO_SENTRY=1 BALENARC_UNSUPPORTED=1

# The images: raw 1 GiB and 4 GiB with 400 MiB of real binaries in rootA, and their compressed forms.
for size in 1G 4G; do
  img="$DIR/all-$size.img"
  if [ ! -f "$img" ]; then
    $PF demo --output "$img" --size $size >/dev/null
    tar cf - /usr/lib 2>/dev/null | head -c $((400 << 20)) | dd of="$img" bs=1M seek=45 conv=notrunc,sparse status=none
  fi
  want 3 || want 7 || continue # the compressed forms are for sections 3 and 7 only
  [ -f "$img.xz" ] || xz -T2 -3 -k -c "$img" > "$img.xz"
  [ -f "$img.gz" ] || gzip -3 -c "$img" > "$img.gz"
  [ -f "$img.zip" ] || (cd "$DIR" && zip -q -1 "all-$size.img.zip" "all-$size.img")
done

# vs LABEL IMAGE "PREFLIGHT ARGS" "BALENA ARGS": one paired row of sections 0-2 (IMAGE and a fresh value are
# substituted for @IMG and @VAL); without balena-cli, Preflight alone
vs() {
  local a=${3//@IMG/$2} b=${4//@IMG/$2} size=${2##*all-}
  size="${size%.img} raw"
  a=${a//@VAL/a-\$\$}; b=${b//@VAL/b-\$\$}
  if [ $balena_ok = 1 ]; then
    read -r pw pc pm bw bc bm rw rc < <(pair "$PF $a" "'$BALENA_BIN' $b")
    echo "| $1 | $size | $pw s | $pc s | $pm MiB | $bw s | $bc s | $bm MiB | $rw | $rc |"
  else
    read -r pw pm pc < <(measure sh -c "$PF $a")
    echo "| $1 | $size | $pw s | $pc s | $pm MiB | not installed | - | - | - | - |"
  fi
}
VS_HEAD="| operation | image | preflight wall | CPU | peak RSS | balena-cli wall | CPU | peak RSS | wall ratio | CPU ratio |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"

if want 0; then
echo "## 0. Start-up: short commands, and inspect and write against balena-cli"
echo
load
echo
echo "| command | wall (median) | CPU (median) | peak RSS | target |"
echo "| --- | --- | --- | --- | --- |"
for c in --version --help; do
  read -r p pm pc < <(measure $PF $c)
  echo "| preflight $c | $p s | $pc s | $pm MiB | <= 0.2 s wall |"
done
echo
echo "$VS_HEAD"
for size in 1G 4G; do
  vs "inspect --json vs config read --json" "$DIR/all-$size.img" "inspect --json @IMG" "config read --drive @IMG --json"
  vs "config set one key vs config write" "$DIR/all-$size.img" "config set @IMG hostname @VAL" "config write --drive @IMG hostname @VAL"
done
echo
echo "Targets: inspect <= 0.3x balena-cli's wall time and <= 0.5x its CPU time; one key <= 0.4x wall, <= 0.6x CPU."
[ $balena_ok = 1 ] || echo "(balena-cli not found: set BALENA_BIN to its executable to compare)"
echo
fi
if want 1; then
echo "## 1-2. config.json read and write against balena-cli"
echo
load
echo
echo "$VS_HEAD"
for size in 1G 4G; do
  vs "read config.json" "$DIR/all-$size.img" "config get @IMG hostname" "config read --drive @IMG --json"
  vs "write one key" "$DIR/all-$size.img" "config set @IMG hostname @VAL" "config write --drive @IMG hostname @VAL"
done
echo
echo "Target: at most 0.5x balena-cli's wall time."
[ $balena_ok = 1 ] || echo "(balena-cli not found: set BALENA_BIN to its executable to compare; it cannot read compressed images at all)"

fi
if want 3; then
echo
echo "## 3. Compressed images: inspect in place against decompress-then-inspect"
echo
load
echo
echo "| image | preflight inspect (in place) | CPU | peak RSS | decompress to disk, then inspect | CPU | peak RSS | wall ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for size in 1G 4G; do
  for ext in xz zip gz; do
    c="$DIR/all-$size.img.$ext"
    read -r p pm pc < <(measure $PF inspect "$c")
    case $ext in
      xz) dec="xz -d -T2 -c '$c' > '$DIR/tmp.img'" ;;
      gz) dec="gzip -d -c '$c' > '$DIR/tmp.img'" ;;
      zip) dec="unzip -p '$c' > '$DIR/tmp.img'" ;;
    esac
    read -r d dm dc < <(measure sh -c "$dec && $PF inspect '$DIR/tmp.img'")
    rm -f "$DIR/tmp.img"
    echo "| $size .img.$ext | $p s | $pc s | $pm MiB | $d s | $dc s | $dm MiB | $(ratio "$p" "$d") |"
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
load
echo
read -r p pm pc < <(measure $PF verify "$card" --reference "$ref" --full)
read -r s sm sc < <(measure sh -c "dd if='$card' bs=1M skip=$start count=$size status=none | sha256sum; dd if='$ref' bs=1M skip=$start count=$size status=none | sha256sum")
mb=$((2 * size))
echo "| tool | data hashed | median wall time | CPU | throughput | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '| preflight verify --full | %d MiB | %s s | %s s | %.0f MiB/s | %s MiB |\n' $mb "$p" "$pc" "$(echo "$mb / $p" | bc -l)" "$pm"
printf '| dd + sha256sum, both sides | %d MiB | %s s | %s s | %.0f MiB/s | %s MiB |\n' $mb "$s" "$sc" "$(echo "$mb / $s" | bc -l)" "$sm"
printf '| throughput ratio preflight / sha256sum (target >= 0.8) | | | | %.2f | |\n' "$(echo "$s / $p" | bc -l)"
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
load
echo
read -r p pm pc < <(measure $PF batch --profile "$profile" --log "$DIR/batch/log.jsonl" "$DIR"/batch/card-*.img)
echo "| run | cards | total (median) | CPU | cards per minute | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '| preflight batch, 1 GiB images | 20 | %s s | %s s | %.0f | %s MiB |\n' "$p" "$pc" "$(echo "20 * 60 / $p" | bc -l)" "$pm"

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
