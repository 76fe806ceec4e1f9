#!/usr/bin/env bash
# Contract tests: the SDK against Mistral's OpenAPI document served by Prism (a spec-driven
# mock that rejects requests breaking the spec). Needs Node.js >= 18 and npm; Prism is
# installed on first run into ~/.cache/mistral-sdk. Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
"${UV[@]}" run --frozen pytest tests/contract -q "$@"
