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
from collections import defaultdict
from dataclasses import dataclass

import pytest
from playwright.sync_api import Request

from browser import JUNE_POST, OpenPage, ServedSite, artifact_dir

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
