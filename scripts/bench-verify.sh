#!/usr/bin/env bash
# Throughput of `preflight verify --full` (reads card and reference rootA, SHA-256 of both) against
# sha256sum reading the same bytes. Uses the 4 GiB image of scripts/bench-inspect.sh (run that first,
# or it is built here). Prints a markdown table; docs/benchmarks.md records a run.
RUNS=${RUNS:-3}
. "$(dirname "$0")/bench-common.sh"
ref="$DIR/balena-4G.img"
if [ ! -f "$ref" ]; then
  $PF demo --output "$ref" --size 4G >/dev/null
  tar cf - /usr/lib 2>/dev/null | head -c $((400 << 20)) | dd of="$ref" bs=1M seek=45 conv=notrunc,sparse status=none
fi
card="$DIR/card-4G.img"
cp --sparse=always "$ref" "$card"
# rootA: from the partition table (MiB offsets are whole numbers in these images)
read -r start size < <($PF inspect --json "$ref" | python3 -c 'import json,sys; p=[x for x in json.load(sys.stdin)["partitionTable"]["partitions"] if x["number"]==2][0]; print(p["start"]>>20, p["size"]>>20)')
sync; cat "$ref" "$card" >/dev/null   # warm the page cache for both: measure CPU-bound throughput
time_of() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
pf=(); sh=()
for _ in $(seq "$RUNS"); do
  pf+=("$(time_of $PF verify "$card" --reference "$ref" --full)")
  sh+=("$(time_of sh -c "dd if='$card' bs=1M skip=$start count=$size status=none | sha256sum; dd if='$ref' bs=1M skip=$start count=$size status=none | sha256sum")")
done
mb=$((2 * size))
p=$(printf '%s\n' "${pf[@]}" | median); s=$(printf '%s\n' "${sh[@]}" | median)
echo "| tool | data hashed | median wall time | throughput |"
echo "| --- | --- | --- | --- |"
printf '| preflight verify --full (whole process) | %d MiB | %s s | %.0f MiB/s |\n' $mb "$p" "$(echo "$mb / $p" | bc -l)"
printf '| dd + sha256sum, both sides | %d MiB | %s s | %.0f MiB/s |\n' $mb "$s" "$(echo "$mb / $s" | bc -l)"
printf '| ratio preflight / sha256sum | | | %.2f |\n' "$(echo "$s / $p" | bc -l)"
