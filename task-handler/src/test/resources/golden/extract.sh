#!/bin/sh
# Copies kptdev/krm-functions-catalog examples/<name> into <name>/input and <name>/expected
# (input plus the example's .expected/diff.patch). Usage: extract.sh <catalog git dir> <name>...
# The catalog is Apache-2.0 licensed (see LICENSE-krm-functions-catalog.md here).
set -e
repo=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
for name in "$@"; do
  tmp=$(mktemp -d)
  mkdir -p "$tmp/examples/$name"; git -C "$repo" archive "HEAD:examples/$name" | tar -x -C "$tmp/examples/$name"
  src=$tmp/examples/$name
  rm -rf "$here/$name"; mkdir -p "$here/$name"
  patch=$src/.expected/diff.patch
  rm -f "$src/.krmignore"
  mv "$src/.expected" "$tmp/expected-meta"
  cp -r "$src" "$here/$name/input"
  cp -r "$src" "$here/$name/expected"
  if [ -s "$tmp/expected-meta/diff.patch" ]; then
    (cd "$here/$name/expected" && patch -s -p1 < "$tmp/expected-meta/diff.patch")
  fi
  rm -rf "$tmp"
done
