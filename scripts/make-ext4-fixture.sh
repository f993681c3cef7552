#!/usr/bin/env bash
# Rebuilds src/test/resources/ext4/small-1k.ext4.gz, the committed ext4 fixture that tests the
# reader where e2fsprogs is not installed (Ext4FixtureTest, Ext4FuzzTest). The tree is generated
# here; Ext4FixtureTest knows its contents. Needs mkfs.ext4 (e2fsprogs >= 1.43 for -d).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/docker/image/overlay2" "$root/many" "$root/a/b/c/d/e/f"
printf '{"apps":{}}\n' > "$root/apps.json"                        # inline (< 60 bytes)
: > "$root/remove_me_to_reset"
printf 'deep\n' > "$root/a/b/c/d/e/f/leaf.txt"
for i in $(seq 1 300); do printf 'file %d\n' "$i" > "$root/many/entry-$(printf %04d "$i").txt"; done
# 150 KiB of a known pattern: line N is "line N" padded to 32 bytes
for i in $(seq 0 4799); do printf '%-31s\n' "line $i"; done > "$root/docker/image/overlay2/big.txt"
printf '%s' "$(head -c 100 /dev/zero | tr '\0' 'x')" > "$root/medium-inline.txt" # 100 bytes: i_block + xattr
ln -s /mnt/data/apps.json "$root/link"
E2FSPROGS_FAKE_TIME=1767225600 mkfs.ext4 -q -F -b 1024 -O inline_data,^has_journal -N 512 \
  -U 0f0e0d0c-0b0a-0908-0706-050403020100 -E hash_seed=00112233-4455-6677-8899-aabbccddeeff,root_owner=0:0 \
  -L resin-data -d "$root" "$tmp/fs.img" 2M
# e2fsck -D re-indexes directories: mkfs.ext4 -d writes them linear, the kernel and -D make them htree
e2fsck -fyD "$tmp/fs.img" >/dev/null || [ $? -le 1 ]
gzip -9n < "$tmp/fs.img" > src/test/resources/ext4/small-1k.ext4.gz
ls -l src/test/resources/ext4/small-1k.ext4.gz
