#!/usr/bin/env bash
# The test suite: sets everything up on a fresh machine, then runs pytest over every package
# and the cross-package tests. Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
"${UV[@]}" run --frozen pytest "$@"
