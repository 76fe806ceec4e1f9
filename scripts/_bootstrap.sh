# Sourced by the other scripts: makes uv available and installs the workspace from the lock file.
# Needs only Python >= 3.10 with venv (ensurepip) or pip. uv is taken from `python3 -m uv` or
# PATH when present; otherwise it is installed into .tools/uv, a private virtual environment
# (or, without ensurepip, a `pip install --target` directory). The system interpreter is never
# installed into: Debian and Ubuntu mark it externally managed (PEP 668) and pip refuses.
# Sets UV to the uv command; the workspace lands in .venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS=never
export UV_PYTHON="${UV_PYTHON:-python3}"
UV_TOOLS="$PWD/.tools/uv"
if python3 -m uv --version >/dev/null 2>&1; then
  UV=(python3 -m uv)
elif command -v uv >/dev/null 2>&1; then
  UV=(uv)
elif "$UV_TOOLS/bin/uv" --version >/dev/null 2>&1; then
  UV=("$UV_TOOLS/bin/uv")
else
  echo "bootstrap: installing uv into $UV_TOOLS (the system Python is left as it is)" >&2
  rm -rf "$UV_TOOLS"
  if python3 -m venv "$UV_TOOLS" >/dev/null 2>&1; then
    "$UV_TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check uv
  elif python3 -m pip --version >/dev/null 2>&1; then
    rm -rf "$UV_TOOLS"
    python3 -m pip install --quiet --disable-pip-version-check --target "$UV_TOOLS" uv
  else
    echo "bootstrap: cannot install uv, python3 has neither venv with ensurepip nor pip." >&2
    echo "Install uv (https://docs.astral.sh/uv/), or python3-venv (apt install python3-venv)." >&2
    return 1
  fi
  UV=("$UV_TOOLS/bin/uv")
fi
"${UV[@]}" sync --all-packages --frozen --quiet
