# Sourced by the other scripts: makes uv available and installs the workspace from the lock file.
# Needs only Python >= 3.10 and pip; nothing is installed outside the project's .venv but uv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS=never
export UV_PYTHON="${UV_PYTHON:-python3}"
if python3 -m uv --version >/dev/null 2>&1; then
  UV=(python3 -m uv)
elif command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  python3 -m pip install --quiet --disable-pip-version-check uv
  UV=(python3 -m uv)
fi
"${UV[@]}" sync --all-packages --frozen --quiet
