#!/usr/bin/env bash
# Runs a command in the project environment (.venv, installed from uv.lock first), from the
# directory you call it in:
#   bash scripts/run.sh python my_script.py
#   bash scripts/run.sh python -m mistralai.testing     # the local test server
here="$PWD"
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
project="$PWD"
cd "$here"
"${UV[@]}" run --frozen --project "$project" "$@"
