"""The blog's page checks give ``make lint`` the build's messages, without building.

Each case is a tiny blog with one mistake: the errors ``make lint`` reports
(``backblog.content_check``, on MkDocs' own list of files, after
``load_config`` only) are exactly the lines the build stops with.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backblog.content_check import check_content
from sitebuilder import BLOG_POST, forget_plugin_instances, run_build, write_blog_project


def lint_blog(config_file: Path) -> list[str]:
    """What ``make lint`` reports: no build."""
    forget_plugin_instances()
    return check_content(config_file).errors


def latin1(root: Path) -> None:
    post = root / "docs" / "blog" / "posts" / "2025-01-a.md"
    post.write_bytes(post.read_text(encoding="utf-8").replace("Intro", "Café").encode("latin-1"))


def stray(root: Path) -> None:
    (root / "docs" / "blog" / "2025-01-stray.md").write_text(BLOG_POST.lstrip("\n"), encoding="utf-8")


CASES = {
    "latin-1": ({"2025-01-a.md": BLOG_POST}, latin1),
    "slug-escape": ({"2025-01-a.md": BLOG_POST.replace("authors:", "slug: ../../../x\nauthors:")}, None),
    "duplicate-key": ({"2025-01-a.md": BLOG_POST.replace("description:", "description: Dropped.\ndescription:")}, None),
    "description-number": ({"2025-01-a.md": BLOG_POST.replace("A synthetic post for tests.", "5")}, None),
    "misnamed": ({"Post One.md": BLOG_POST}, None),
    "misplaced": ({"2025-01-a.md": BLOG_POST}, stray),
    "two-posts-one-url": ({"2025-01-a.md": BLOG_POST, "2025-01-b.md": BLOG_POST}, None),
    "a-draft-at-the-same-url": (
        {"2025-01-a.md": BLOG_POST, "2025-01-b.md": BLOG_POST.replace("authors:", "draft: true\nauthors:")}, None
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_lint_gives_exactly_the_builds_messages(tmp_path: Path, case: str) -> None:
    posts, change = CASES[case]
    config = write_blog_project(tmp_path, posts)
    if change is not None:
        change(tmp_path)
    warnings, error = run_build(config)
    assert warnings == []
    linted = lint_blog(config)
    assert linted == (error.splitlines() if error else []), case
    assert (error is None) == (case == "a-draft-at-the-same-url")
