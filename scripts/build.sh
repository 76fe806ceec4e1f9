#!/usr/bin/env bash
# Builds the sdist and wheel of every distribution into dist/, or of the ones named:
#   bash scripts/build.sh
#   bash scripts/build.sh mistral-core mistral-chat
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
if [ "$#" -eq 0 ]; then
  "${UV[@]}" build --all-packages --out-dir dist
else
  for name in "$@"; do
    "${UV[@]}" build --package "$name" --out-dir dist
  done
fi
ls dist
