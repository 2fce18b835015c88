"""Page weight: what a reader's phone downloads to open the June post.

Counted from Playwright's request events against the local server, on a first
visit (empty cache). The local server sends files uncompressed; GitHub Pages
sends text gzipped, so the test also prints what gzip would make of each file.
The budget is what Material needs plus room for a few more posts in the search
index; nothing may come from another host: no web fonts, no GitHub API, no
analytics (the site works offline and leaks no reader data).
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Request

from browser import JUNE_POST, OpenPage, ServedSite, artifact_dir, missing_tool, node_package_file
from sitebuilder import PROJECT

pytest_plugins = ["browser"]

# Measured with Material 9.8.2 and one post: 15 requests, 407 KB (101 KB gzipped).
# Material's own CSS, JavaScript and search worker are 304 KB of it; the search
# index (37 KB) is fetched on every first visit and grows with every post: it is
# what will reach the budget first.
BUDGET_BYTES = 600_000
BUDGET_REQUESTS = 25


@dataclass
class Transfer:
    url: str
    kind: str
    status: int
    bytes: int  # headers and body, as transferred
    gzipped: int  # the body, as gzip -6 would send it


def kind_of(request: Request) -> str:
    """HTML, CSS, JS, font, image, search index or other."""
    path = request.url.split("?")[0]
    if request.resource_type == "document" or path.endswith("/"):
        return "HTML"
    if request.resource_type == "stylesheet" or path.endswith(".css"):
        return "CSS"
    if request.resource_type == "script" or path.endswith(".js"):
        return "JS"
    if request.resource_type == "font" or path.endswith((".woff2", ".woff", ".ttf")):
        return "font"
    if request.resource_type == "image" or path.endswith((".png", ".svg", ".jpg", ".webp", ".ico")):
        return "image"
    if path.endswith("search_index.json"):
        return "search index"
    return "other"


def test_the_june_post_stays_within_its_budget(
    open_page: OpenPage, served_site: ServedSite, capsys: pytest.CaptureFixture[str]
) -> None:
    page = open_page(None)
    finished: list[Request] = []
    failed: list[str] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    page.goto(served_site.url(JUNE_POST), wait_until="networkidle")

    transfers = []
    for request in finished:
        response = request.response()
        assert response is not None, request.url
        sizes = request.sizes()
        body = response.body()
        transfers.append(Transfer(
            url=request.url,
            kind=kind_of(request),
            status=response.status,
            # A worker's script reports no body size: count the body itself.
            bytes=sizes["responseHeadersSize"] + max(sizes["responseBodySize"], len(body)),
            gzipped=len(gzip.compress(body, compresslevel=6)),
        ))

    by_kind: dict[str, list[Transfer]] = defaultdict(list)
    for transfer in transfers:
        by_kind[transfer.kind].append(transfer)
    total = sum(t.bytes for t in transfers)
    lines = [f"Page weight of /{JUNE_POST}, first visit:"]
    for kind in ("HTML", "CSS", "JS", "font", "image", "search index", "other"):
        group = by_kind.get(kind, [])
        lines.append(
            f"  {kind:<13} {len(group):>3} requests {sum(t.bytes for t in group):>9,} bytes"
            f" ({sum(t.gzipped for t in group):>8,} gzipped)"
        )
    lines.append(
        f"  {'total':<13} {len(transfers):>3} requests {total:>9,} bytes"
        f" ({sum(t.gzipped for t in transfers):>8,} gzipped);"
        f" budget {BUDGET_REQUESTS} requests, {BUDGET_BYTES:,} bytes"
    )
    lines += [f"    {t.bytes:>9,}  {t.status}  {t.url.removeprefix(served_site.base_url)}" for t in transfers]
    report = "\n".join(lines)
    (artifact_dir() / "page-weight.txt").write_text(report + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + report)

    offsite = [t.url for t in transfers if not served_site.is_local(t.url)]
    assert offsite == [], f"requests to other hosts: {offsite}"  # open_page also refuses them
    assert failed == [], failed
    assert [t.url for t in transfers if t.status >= 400] == []
    assert by_kind.get("font", []) == [], "web fonts are downloaded: theme.font must stay false"
    assert len(transfers) <= BUDGET_REQUESTS, report
    assert total <= BUDGET_BYTES, report


# --- what blocks the first paint ----------------------------------------------------------

MATERIAL_ASSETS = re.compile(r"assets/(stylesheets/(main|palette)|javascripts/bundle)\.[0-9a-f]{8}\.min\.(css|js)$")
PAGES = ["index.html", f"{JUNE_POST}index.html", "library/index.html"]


def test_pages_load_one_stylesheet_of_ours_and_a_deferred_minified_script(real_site: Path) -> None:
    """Lighthouse: each render-blocking request delays the first paint on a phone; a
    print stylesheet blocked screens too; reading.js was sent unminified."""
    for name in PAGES:
        html = BeautifulSoup((real_site / name).read_text(encoding="utf-8"), "lxml")
        ours = [
            link["href"] for link in html.select('link[rel="stylesheet"]')
            if not MATERIAL_ASSETS.search(link["href"])
        ]
        assert [href.rsplit("/", 1)[-1] for href in ours] == ["backblog.min.css"], (name, ours)
        scripts = [s for s in html.select("script[src]") if not MATERIAL_ASSETS.search(s["src"])]
        assert [(s["src"].rsplit("/", 1)[-1], s.has_attr("defer")) for s in scripts] == [("reading.min.js", True)], name
        # Every image has its size, so the page does not shift when it arrives.
        unsized = [str(img) for img in html.select("img") if not (img.get("width") and img.get("height"))]
        assert unsized == [], (name, unsized)


def test_the_minified_assets_are_made_from_their_sources() -> None:
    """reading.min.js and backblog.min.css are what npm run minify makes of their sources."""
    node = shutil.which("node")
    if node is None:
        missing_tool("Node.js not found, which minifies the assets: apt-get install nodejs npm")
    node_package_file("terser/package.json")
    node_package_file("csso/package.json")
    run = subprocess.run(
        [str(node), str(PROJECT / "tools" / "minify_assets.mjs"), "--check"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr + run.stdout
