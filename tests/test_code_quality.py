"""The hooks and tests stay lint-clean and type-checked (what `make lint` runs)."""

from __future__ import annotations

import subprocess
import sys

from sitebuilder import PROJECT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "hooks", "tests", "tools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_hooks() -> None:
    result = run(sys.executable, "-m", "mypy", "hooks")
    assert result.returncode == 0, result.stdout + result.stderr
