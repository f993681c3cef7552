#!/usr/bin/env bash
# `preflight inspect` on a 4 GiB balenaOS-like image whose resin-data is a real ext4 file system made
# by mkfs.ext4 -d with a preloaded release: apps.json, the engine's repositories.json and 600 MiB of
# layer content (real binaries), against the same image with an empty resin-data. Shows that reading
# the release costs a few kilobytes, not the layers. Needs mkfs.ext4 (e2fsprogs), python3, GNU time.
#   scripts/bench-preload.sh              # RUNS=5 per case, images under target/bench
. "$(dirname "$0")/bench-common.sh"

img=$DIR/preload-4G.img
if [ ! -f "$img" ]; then
  $PF demo --output "$DIR/plain-4G.img" --size 4G >/dev/null
  cp --sparse=always "$DIR/plain-4G.img" "$img"
  read -r start size < <($PF inspect --json "$img" | python3 -c 'import json,sys
p=[p for p in json.load(sys.stdin)["partitionTable"]["partitions"] if p["label"]=="resin-data"][0]
print(p["start"], p["size"])')
  tree=$(mktemp -d)
  layer=$tree/docker/overlay2/0123abcd/diff
  mkdir -p "$tree/docker/image/overlay2" "$layer"
  cp src/test/resources/release/apps-v3.json "$tree/apps.json"
  : > "$tree/remove_me_to_reset"
  w=registry2.balena-cloud.com/v2/9f2e1d0c3b4a59687766554433221100
  b=registry2.balena-cloud.com/v2/ad7cd3616b4e72ed51a5ad349e03715e
  printf '{"Repositories":{"%s":{"%s@sha256:4c04f2b1a6e3d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0":"sha256:%064d"},"%s":{"%s@sha256:%s":"sha256:%064d"}}}' \
    "$b" "$b" 1 "$w" "$w" "$(printf 1%.0s {1..64})" 2 \
    > "$tree/docker/image/overlay2/repositories.json"
  { tar cf - /usr/lib 2>/dev/null || true; } | head -c $((600 << 20)) > "$layer/layer.tar"
  mkfs.ext4 -q -F -b 4096 -L resin-data -d "$tree" "$DIR/data.ext4" "$((size / 1024))k"
  dd if="$DIR/data.ext4" of="$img" bs=1M seek=$((start >> 20)) conv=notrunc,sparse status=none
  rm -rf "$tree" "$DIR/data.ext4"
fi

echo "| case | median wall time | peak RSS |"
echo "| --- | --- | --- |"
measure "inspect 4G raw, empty resin-data" $PF inspect --json "$DIR/plain-4G.img"
measure "inspect 4G raw, preloaded resin-data (600 MiB of layers)" $PF inspect --json "$img"
$PF inspect --json "$img" | python3 -c 'import json,sys; r=json.load(sys.stdin)["release"]; print("release:", r["format"], r["commit"], [s["inStore"] for s in r["services"]])'
