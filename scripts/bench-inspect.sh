#!/usr/bin/env bash
# Whole-process wall time and peak memory of `preflight inspect` on 1 GiB and 4 GiB balenaOS-like
# images, raw and compressed, next to what a user would do otherwise (decompress fully, then inspect).
# Prints a markdown table; docs/benchmarks.md records a run. Needs: xz, gzip, zip, GNU time.
#   scripts/bench-inspect.sh              # RUNS=5 per case, images under target/bench
. "$(dirname "$0")/bench-common.sh"

make_image() { # size -> path ; a fresh image with 400 MiB of real binaries in resin-rootA
  local size=$1 img="$DIR/balena-$1.img"
  if [ ! -f "$img" ]; then
    $PF demo --output "$img" --size "$size" >/dev/null
    # resin-rootA starts at 44 MiB; leave its first MiB (superblock) alone. Real content compresses
    # like a real root file system, unlike the zeros of a sparse image.
    tar cf - /usr/lib 2>/dev/null | head -c $((400 << 20)) | dd of="$img" bs=1M seek=45 conv=notrunc,sparse status=none
  fi
  echo "$img"
}



echo "| case | median wall time | peak RSS |"
echo "| --- | --- | --- |"
for size in 1G 4G; do
  img=$(make_image $size)
  [ -f "$img.xz" ] || xz -T2 -3 -k -c "$img" > "$img.xz"            # multi-block (xz >= 5.4 with threads)
  [ -f "$img.1.xz" ] || xz -T1 -3 -k -c "$img" > "$img.1.xz"        # one block: must stream
  [ -f "$img.gz" ] || gzip -3 -c "$img" > "$img.gz"
  [ -f "$img.zip" ] || (cd "$DIR" && zip -q -1 "$(basename "$img").zip" "$(basename "$img")")
  measure "$size raw: preflight inspect" $PF inspect --no-progress "$img"
  measure "$size .img.xz (multi-block): preflight inspect" $PF inspect --no-progress "$img.xz"
  measure "$size .img.xz (single block): preflight inspect" $PF inspect --no-progress "$img.1.xz"
  measure "$size .img.gz: preflight inspect" $PF inspect --no-progress "$img.gz"
  measure "$size .img.zip: preflight inspect" $PF inspect --no-progress "$img.zip"
  measure "$size .img.xz: xz -d (full decompression only)" sh -c "xz -d -T1 -c '$img.1.xz' >/dev/null"
  measure "$size .img.xz: first 44 MiB only (xz -d | head)" sh -c "xz -d -c '$img.1.xz' | head -c 46137344 >/dev/null"
  measure "$size .img.gz: gzip -d (full decompression only)" sh -c "gzip -dc '$img.gz' >/dev/null"
  measure "$size .img.gz: decompress to disk, then inspect" sh -c "gzip -dc '$img.gz' > '$DIR/tmp.img' && $PF inspect --no-progress '$DIR/tmp.img'; rm -f '$DIR/tmp.img'"
  measure "$size raw: preflight inspect --deep" $PF inspect --no-progress --deep "$img"
  measure "$size .img.gz: preflight inspect --deep" $PF inspect --no-progress --deep "$img.gz"
done
