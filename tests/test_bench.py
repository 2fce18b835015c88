"""The build benchmark (``make bench``) runs end to end, and its floor is faithful.

A smoke run on a tiny corpus: every measurement is taken (the preview probe
itself fails if an edit never reaches its page), the table has every row, the
floor (b) shows readers the same citations and reference texts as the project
(a) does, which is what makes (a)/(b) the cost of the citation work, and the
plain Material blog (d) the same numbers and as many references.
Nothing here is timed: the figures of a tiny corpus mean nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent


CITATION_RE = re.compile(r"\(\d+(?:[–,]\d+)*\)")


def what_readers_see(page: Path) -> tuple[list[str], list[str]]:
    """A post's in-text citations, as printed, and its reference list's texts."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    for hidden in soup.select(".bb-references__backrefs, .Z3988"):
        hidden.decompose()  # (a) only: links back to the citations, COinS for Zotero
    article = str(soup.select_one("article"))
    body, heading, rest = article.partition('<h2 id="references"')
    assert heading, page
    citations = CITATION_RE.findall(BeautifulSoup(body, "lxml").get_text())
    items = BeautifulSoup(rest, "lxml").select_one("ol").find_all("li", recursive=False)
    return citations, [" ".join(item.get_text(" ").split()) for item in items]


def test_a_tiny_benchmark_run_measures_everything_with_a_faithful_floor(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "run.py"), "--posts", "8", "--entries", "40",
         "--rounds", "1", "--edits", "1", "--output", str(output), "--keep"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    table = output.read_text(encoding="utf-8")
    for variant in ("(a) project", "(b) floor", "(c) stock mkdocs-bibtex", "(d) plain Material", "(a, warm disk cache)"):
        assert f"| 8 posts, 40 entries | 23 | 64 | {variant}" in table, variant
    assert re.search(r"- 8 posts, 40 entries: full build \(a\)/\(d\) time \d+\.\d{3} \(target ≤ 1\.30: (met|missed)\)", table)
    # Each edit was served (serve_latency.py fails if a page never shows it), under both servers.
    for row in ("make serve (a) | a post's body | its page", "make serve (a) | a post's introduction | its page",
                "make serve (a) | an entry 5 posts cite | a citing post", "mkdocs serve (d) | a post's body | its page"):
        assert f"| 8 posts, 40 entries | {row} |" in table, row
        assert f"| 2 posts, 10 entries | {row} |" in table, row

    # The full-size corpus is kept first, the quarter size second.
    kept = [Path(line.split("corpus kept in ", 1)[1]) for line in result.stderr.splitlines() if "corpus kept in " in line]
    corpus = kept[0]
    pages_a = sorted((corpus / "site-a" / "blog").glob("2*/*/*/*/index.html"))
    assert len(pages_a) == 8
    for page_a in pages_a:
        seen_a = what_readers_see(page_a)
        assert len(seen_a[0]) == 5 and len(seen_a[1]) == 7  # five citations of seven references
        assert what_readers_see(corpus / "site-b" / page_a.relative_to(corpus / "site-a")) == seen_a, page_a
        # The plain Material blog (d) shows the same numbers and as many references, typed by hand.
        citations_d, items_d = what_readers_see(corpus / "site-d" / page_a.relative_to(corpus / "site-a"))
        assert citations_d == seen_a[0] and len(items_d) == len(seen_a[1]), page_a


def test_a_build_is_charged_with_its_own_memory_not_the_benchmarks() -> None:
    """Linux counts in a child's ``ru_maxrss`` the parent's memory at ``exec``: the
    benchmark, holding a whole corpus, launches its builds through ``peak_rss.py``."""
    sys.path.insert(0, str(PROJECT / "bench"))
    import run  # bench/ is no package: imported from its folder

    held = bytearray(300 * 1024 * 1024)  # the benchmark's own memory, as with a corpus loaded
    _, peak_mb, _ = run._run_child([sys.executable, "-c", "x = bytearray(40 * 1024 * 1024)"], PROJECT)
    assert 40 < peak_mb < 120, peak_mb
    assert len(held) == 300 * 1024 * 1024
