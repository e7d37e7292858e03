#!/usr/bin/env bash
# Regenerates the expected results of the upgrade golden cases with the real kpt CLI.
#
# Each case directory holds original/ (old upstream), updated/ (new upstream) and local-changes/
# (files written over the fetched package; a file named .delete lists paths to remove). The script
# publishes original and updated as tags v1 and v2 of a local Git repository, fetches v1 with
# `kpt pkg get`, applies the local changes, stores the resulting local package as local/, and then
# runs `kpt pkg update --strategy <s>` to v2 for every strategy, storing the result under
# expected/<strategy>/ (or the error message in expected/<strategy>.error).
#
# Usage: generate-goldens.sh [case...]   (needs kpt and git on PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  cases=()
  for d in "$here"/cases/*/; do cases+=("$(basename "$d")"); done
fi
# copy-merge is missing: the installed kpt (1.0.0-beta.56) predates it; its tests are written by hand.
strategies=(resource-merge fast-forward force-delete-replace)
export GIT_AUTHOR_NAME=golden GIT_AUTHOR_EMAIL=golden@example.com
export GIT_COMMITTER_NAME=golden GIT_COMMITTER_EMAIL=golden@example.com
for c in "${cases[@]}"; do
  dir="$here/cases/$c"
  work="$(mktemp -d)"
  git init -q -b main "$work/up"
  mkdir -p "$work/up/pkg"
  cp -r "$dir/original/." "$work/up/pkg/"
  git -C "$work/up" add -A && git -C "$work/up" commit -qm v1 && git -C "$work/up" tag v1
  rm -rf "$work/up/pkg" && mkdir -p "$work/up/pkg"
  cp -r "$dir/updated/." "$work/up/pkg/"
  git -C "$work/up" add -A && git -C "$work/up" commit -qm v2 && git -C "$work/up" tag v2
  git init -q -b main "$work/down"
  (cd "$work/down" && kpt pkg get "file://$work/up/.git/pkg@v1" local >/dev/null 2>&1)
  if [ -d "$dir/local-changes" ]; then
    cp -r "$dir/local-changes/." "$work/down/local/"
    if [ -f "$work/down/local/.delete" ]; then
      while read -r f; do [ -n "$f" ] && rm -rf "$work/down/local/$f"; done < "$work/down/local/.delete"
      rm "$work/down/local/.delete"
    fi
  fi
  if [ -f "$dir/local-changes.sh" ]; then
    (cd "$work/down/local" && bash "$dir/local-changes.sh")
  fi
  git -C "$work/down" add -A && git -C "$work/down" commit -qm local
  rm -rf "$dir/local" "$dir/expected"
  mkdir -p "$dir/local" "$dir/expected"
  cp -a "$work/down/local/." "$dir/local/"
  for s in "${strategies[@]}"; do
    git -C "$work/down" reset -q --hard && git -C "$work/down" clean -qfdx
    if (cd "$work/down" && kpt pkg update "local@v2" --strategy "$s" >/dev/null 2>"$work/err"); then
      mkdir -p "$dir/expected/$s"
      cp -a "$work/down/local/." "$dir/expected/$s/"
    else
      sed -n '/^Error: /,$p' "$work/err" | sed 's/^Error: //; s/ *$//' | grep -v '^$' > "$dir/expected/$s.error" || true
    fi
  done
  rm -rf "$work"
  echo "generated $c"
done
