"""scripts/_bootstrap.sh works with a system Python marked externally managed (PEP 668).

Debian and Ubuntu mark /usr/bin/python3 so that ``pip install`` into it is refused; the
bootstrap must then install uv into a private directory and leave the interpreter alone. The
test runs the real bootstrap script in a throwaway project with that interpreter as
``python3``. pip is pointed at a local wheel named ``uv`` (``PIP_NO_INDEX`` and
``PIP_FIND_LINKS``, which pip reads itself) whose ``bin/uv`` hands over to the uv running
this test, so nothing is downloaded.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _externally_managed(python: Path) -> bool:
    if not python.exists():
        return False
    stdlib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return bool(stdlib) and (Path(stdlib) / "EXTERNALLY-MANAGED").is_file()


def _real_uv() -> str | None:
    found = os.environ.get("UV") or shutil.which("uv")
    return str(Path(found).resolve()) if found else None


pytestmark = [
    pytest.mark.skipif(
        not _externally_managed(SYSTEM_PYTHON),
        reason=f"{SYSTEM_PYTHON} is not marked externally managed (no PEP 668 system Python here)",
    ),
    pytest.mark.skipif(_real_uv() is None, reason="no uv binary to stand behind the local wheel"),
]


def _uv_wheel(directory: Path, real_uv: str) -> Path:
    """A wheel named uv whose only content, like the real one's, is the ``bin/uv`` script."""
    files = {
        "uv/__init__.py": b"",
        "uv-0.0.1.data/scripts/uv": f'#!/bin/sh\nexec "{real_uv}" "$@"\n'.encode(),
        "uv-0.0.1.dist-info/METADATA": b"Metadata-Version: 2.1\nName: uv\nVersion: 0.0.1\n",
        "uv-0.0.1.dist-info/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }

    def digest(data: bytes) -> str:
        return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()

    record = "".join(f"{name},sha256={digest(data)},{len(data)}\n" for name, data in files.items())
    wheel = directory / "uv-0.0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100755 if "/scripts/" in name else 0o100644) << 16
            archive.writestr(info, data)
        archive.writestr("uv-0.0.1.dist-info/RECORD", record + "uv-0.0.1.dist-info/RECORD,,\n")
    return wheel


def _system_site_packages() -> list[Path]:
    paths = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import site; print('\\n'.join(site.getsitepackages()))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [Path(p) for p in paths if Path(p).is_dir()]


def _snapshot() -> dict[Path, list[str]]:
    return {path: sorted(os.listdir(path)) for path in _system_site_packages()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with no dependencies, the real bootstrap script and a lock file."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "_bootstrap.sh", project / "scripts" / "_bootstrap.sh")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.10"\n'
        "dependencies = []\n\n[tool.uv]\npackage = false\n"
    )
    subprocess.run(
        [str(_real_uv()), "lock", "--offline", "--quiet", "--python", str(SYSTEM_PYTHON)],
        cwd=project,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},
    )
    return project


def _environment(tmp_path: Path, bin_dir: Path) -> dict[str, str]:
    """What a user's shell would have: /usr/bin's python3 first, no uv anywhere on PATH."""
    wheels = tmp_path / "wheels"
    wheels.mkdir(exist_ok=True)
    (tmp_path / "home").mkdir(exist_ok=True)
    _uv_wheel(wheels, str(_real_uv()))
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_CONFIG_FILE": os.devnull,
        "UV_OFFLINE": "1",
        "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
    }


def _bootstrap(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = (
        'source scripts/_bootstrap.sh && echo "UV=${UV[*]}" && '
        '"${UV[@]}" run --frozen python -c \'import sys; print("BASE=" + sys.base_prefix)\''
    )
    return subprocess.run(
        ["bash", "-c", script],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _bin_with_python3(tmp_path: Path, *, without_venv: bool = False) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    python3 = bin_dir / "python3"
    if without_venv:  # a system Python without ensurepip: `python3 -m venv` fails, pip works
        python3.write_text(
            '#!/bin/sh\n[ "$1" = "-m" ] && [ "$2" = "venv" ] && '
            '{ echo "ensurepip is not available" >&2; exit 1; }\n'
            f'exec {SYSTEM_PYTHON} "$@"\n'
        )
        python3.chmod(0o755)
    else:
        python3.symlink_to(SYSTEM_PYTHON)
    return bin_dir


def test_pip_refuses_to_install_into_the_system_python(tmp_path: Path) -> None:
    """The situation the bootstrap must get around (``--dry-run``: nothing is installed)."""
    env = _environment(tmp_path, _bin_with_python3(tmp_path))
    refused = subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "pip", "install", "--dry-run", "uv"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if "No module named pip" in refused.stderr:
        pytest.skip(f"{SYSTEM_PYTHON} has no pip")
    assert refused.returncode != 0
    assert "externally-managed-environment" in refused.stdout + refused.stderr


@pytest.mark.parametrize("without_venv", [False, True], ids=["private-venv", "pip-target"])
def test_bootstrap_installs_uv_privately_and_sets_up_the_project(
    tmp_path: Path, project: Path, without_venv: bool
) -> None:
    if (
        without_venv
        and subprocess.run(
            [str(SYSTEM_PYTHON), "-m", "pip", "--version"], capture_output=True, check=False
        ).returncode
    ):
        pytest.skip(f"{SYSTEM_PYTHON} has no pip")
    if (
        not without_venv
        and subprocess.run(
            [str(SYSTEM_PYTHON), "-c", "import ensurepip, venv"], capture_output=True, check=False
        ).returncode
    ):
        pytest.skip(f"{SYSTEM_PYTHON} has no venv with ensurepip")
    env = _environment(tmp_path, _bin_with_python3(tmp_path, without_venv=without_venv))
    before = _snapshot()

    first = _bootstrap(project, env)

    assert first.returncode == 0, first.stderr
    tools = project / ".tools" / "uv"
    assert f"bootstrap: installing uv into {tools}" in first.stderr
    assert f"UV={tools / 'bin' / 'uv'}" in first.stdout
    assert (tools / "pyvenv.cfg").is_file() is not without_venv
    assert "BASE=/usr" in first.stdout.splitlines()
    assert (project / ".venv" / "pyvenv.cfg").is_file()
    assert _snapshot() == before
    system_uv = subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "uv", "--version"], capture_output=True, text=True, check=False
    )
    assert "No module named uv" in system_uv.stderr

    again = _bootstrap(project, env)
    assert again.returncode == 0, again.stderr
    assert "installing uv" not in again.stderr
    assert f"UV={tools / 'bin' / 'uv'}" in again.stdout
