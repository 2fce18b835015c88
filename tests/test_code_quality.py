"""The hooks and tests stay lint-clean and type-checked (what `make lint` runs)."""

from __future__ import annotations

import subprocess
import sys

from sitebuilder import PROJECT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "hooks", "tests", "tools", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_hooks() -> None:
    result = run(sys.executable, "-m", "mypy", "hooks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_is_in_the_readme_and_reads_in_one_sitting() -> None:
    """The README's table of modules names each one; none passes 300 lines (the aim is 250)."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    modules = sorted((PROJECT / "hooks" / "backblog").glob("*.py"))
    missing = [m.name for m in modules if m.name != "__init__.py" and f"`{m.name}`" not in readme]
    assert missing == [], f"README.md's table of modules does not list {missing}"
    long = {m.name: n for m in modules if (n := len(m.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}, f"modules over 300 lines: {long}; split them where the field's words split"
