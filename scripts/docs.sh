#!/usr/bin/env bash
# Builds the documentation site into site/ (open site/index.html): the benchmark charts from
# docs/benchmarks.md first, then MkDocs in strict mode, so a broken link, a missing page or
# an API reference that cannot be resolved fails the build. Extra arguments go to mkdocs.
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
"${UV[@]}" run --frozen python scripts/bench_charts.py
NO_MKDOCS_2_WARNING=1 "${UV[@]}" run --frozen mkdocs build --strict --site-dir site "$@"
