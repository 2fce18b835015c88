"""Create the project's virtual environment, with pip, on a bare Debian.

``python3 -m venv`` needs Debian's ``python3-venv`` package for pip (ensurepip).
Where that is missing, this creates the environment without pip and installs
pip from its wheel on PyPI, pinned and checked by its SHA-256, using only the
standard library.  Usage: ``python3 tools/make_venv.py .venv``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

PIP_VERSION = "25.3"
PIP_WHEEL_URL = (
    "https://files.pythonhosted.org/packages/44/3c/"
    "d717024885424591d5376220b5e836c2d5293ce2011523c9de23ff7bf068/pip-25.3-py3-none-any.whl"
)
PIP_WHEEL_SHA256 = "9655943313a94722b7774661c21049070f6bbb0a1516bf02f7c8d5d9201514cd"


def has_pip(env: Path) -> bool:
    python = env / "bin" / "python"
    return python.exists() and subprocess.run(
        [str(python), "-m", "pip", "--version"], capture_output=True
    ).returncode == 0


def install_pip_from_wheel(env: Path) -> None:
    url = PIP_WHEEL_URL
    with tempfile.TemporaryDirectory() as folder:
        wheel = Path(folder) / f"pip-{PIP_VERSION}-py3-none-any.whl"
        with urllib.request.urlopen(url, timeout=120) as response:
            wheel.write_bytes(response.read())
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != PIP_WHEEL_SHA256:
            sys.exit(f"make_venv: {url} has SHA-256 {digest}, expected {PIP_WHEEL_SHA256}")
        # A wheel is a zip archive Python can run pip from directly.
        subprocess.run(
            [str(env / "bin" / "python"), f"{wheel}/pip", "install", "--quiet", str(wheel)],
            check=True,
        )


def main(target: str) -> None:
    env = Path(target)
    if has_pip(env):
        return
    try:
        venv.create(env, with_pip=True, clear=True)
    except subprocess.CalledProcessError:
        print("make_venv: ensurepip is missing (Debian's python3-venv); fetching pip from PyPI")
        venv.create(env, with_pip=False, clear=True)
        install_pip_from_wheel(env)
    if not has_pip(env):
        sys.exit("make_venv: could not install pip into " + target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".venv")
