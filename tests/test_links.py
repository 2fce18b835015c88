"""Every link and anchor in the built site leads somewhere, checked offline by lychee.

The same command runs in the pull request workflow on the site ``make build``
writes. ``--index-files index.html`` resolves MkDocs' directory URLs
(``blog/``); without it lychee reports false missing fragments for them.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

LYCHEE = Path(sys.executable).with_name("lychee")


def check_links(site: Path) -> subprocess.CompletedProcess[str]:
    """Run lychee offline over every HTML page of ``site``, fragments included.

    The glob is one argument that lychee expands itself, as in the workflow.
    """
    site = site.resolve()
    command = [
        str(LYCHEE),
        "--offline",
        "--include-fragments",
        "--index-files", "index.html",
        "--root-dir", str(site),
        "--no-progress",
        "--mode", "plain",
        f"{site}/**/*.html",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_real_site_has_no_broken_links_or_anchors(real_site: Path) -> None:
    result = check_links(real_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_broken_page_and_missing_fragment_are_caught(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text(
        textwrap.dedent("""\
            <!doctype html>
            <html lang="en"><head><title>Home</title></head><body>
            <h1 id="welcome">Welcome</h1>
            <p><a href="missing-page/">A page that was never built</a></p>
            </body></html>
            """),
        encoding="utf-8",
    )
    (site / "about" / "index.html").write_text(
        textwrap.dedent("""\
            <!doctype html>
            <html lang="en"><head><title>About</title></head><body>
            <p><a href="../#welcome">An anchor that exists</a></p>
            <p><a href="../#no-such-heading">An anchor that does not</a></p>
            </body></html>
            """),
        encoding="utf-8",
    )
    result = check_links(site)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "missing-page" in output, output
    assert "#no-such-heading" in output, output
    assert "#welcome" not in output, output
