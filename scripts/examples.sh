#!/usr/bin/env bash
# Runs every example in examples/. Without MISTRAL_API_KEY they run against the embedded
# local server (mistral-testing); with it, against the real API.
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
"${UV[@]}" run --frozen python examples/run_all.py "$@"
