"""Shared fixtures; ``backblog`` (beside the hooks) is importable in tests."""

import sys
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

from sitebuilder import build_real_site  # noqa: E402 (needs the path above)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session, strictly and without warnings."""
    site_dir = tmp_path_factory.mktemp("real") / "site"
    assert build_real_site(site_dir) == []
    return site_dir
