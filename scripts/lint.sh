#!/usr/bin/env bash
# ruff (lint and format) and mypy --strict over packages/.
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
"${UV[@]}" run --frozen ruff check packages tests examples scripts benchmarks
"${UV[@]}" run --frozen ruff format --check packages tests examples scripts benchmarks
"${UV[@]}" run --frozen python scripts/typecheck.py
