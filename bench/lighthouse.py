"""Lighthouse on the Back Blog and on a bare Material blog, in one run: ``python bench/lighthouse.py``.

Issue 14's targets, with Lighthouse's mobile preset (its default: a phone,
simulated slow 4G and a four times slower CPU): performance 95 or more, and
accessibility, best practices and SEO 100, on the home page, the June post and
the reference library. A benchmark, not a test: the figures depend on the
machine and its load, so they are printed, with a bare Material for MkDocs
blog measured in the same run beside them (the same Material, the same home
page text and the same post, its citations and references typed out, no
hooks of ours, no palette), and the run's verdict is its exit status.

Both sites are built for the loopback addresses they are served at, and
served as GitHub Pages serves a site: text compressed with gzip,
``Cache-Control: max-age=600``. Runs alternate between the two sites, so that
both see the same load; medians are reported, with every run's score.

Needs Debian's Chromium and Lighthouse from ``bench/package.json``::

    npm ci --prefix bench --ignore-scripts
    python bench/lighthouse.py [--runs 3] [--output artifacts/lighthouse]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(PROJECT / "hooks"))

from mkdocs.utils.yaml import yaml_load  # noqa: E402
from pybtex.database import parse_file  # noqa: E402

from backblog.cite_syntax import parse_citation_group  # noqa: E402 (needs the path above)
from backblog.numbering import CiteOrder, citation_label  # noqa: E402
from backblog.references import Bibliography  # noqa: E402

LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
JUNE_POST = "blog/2025/06/02/group-exercise-for-low-back-pain-what-the-evidence-says/"
JUNE_SOURCE = PROJECT / "docs" / "blog" / "posts" / "2025-06-group-exercise-low-back-pain.md"
PAGES = {"home": "", "post": JUNE_POST, "library": "library/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking --disable-component-update --disable-sync"
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
_CITATION_RE = re.compile(r"\[(?P<body>@[^\[\]]*)\](?![(\[])")


class PagesHandler(SimpleHTTPRequestHandler):
    """A static host as GitHub Pages is one: gzip for text, ten minutes of caching."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        media_type = self.guess_type(str(path))
        if not (path.is_file() and accepts_gzip and media_type.startswith(COMPRESSED)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@dataclass
class Site:
    name: str
    root: Path
    server: ThreadingHTTPServer
    pages: dict[str, str]
    results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"


def serve(name: str, root: Path, pages: dict[str, str]) -> Site:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Site(name, root, server, pages)


def build(config: Path, site_dir: Path, site_url: str) -> None:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, env=env, check=True, capture_output=True,
    )


def typed_out_post() -> str:
    """The June post with its citations and reference list written out, as a bare blog has it."""
    bibliography = Bibliography(parse_file(str(PROJECT / "bibliography.bib"), "bibtex"), {})
    order = CiteOrder()
    text = _CITATION_RE.sub(
        lambda m: citation_label([order.number(c.key) for c in parse_citation_group(m["body"])]),
        JUNE_SOURCE.read_text(encoding="utf-8"),
    )
    items = []
    for number, key in enumerate(order.keys, start=1):
        reference = bibliography.reference(key)
        links = " ".join(f"[{link.label}]({link.url})" for link in reference.links)
        items.append(f"{number}. {reference.text} {links}")
    return text.rstrip("\n") + "\n\n## References\n\n" + "\n".join(items) + "\n"


def write_bare_blog(root: Path) -> Path:
    """Material's blog with nothing of ours: same home text, same post, same feeds, no palette."""
    with (PROJECT / "mkdocs.yml").open(encoding="utf-8") as file:
        project = yaml_load(file)  # MkDocs' own loader: it reads !ENV
    plugins = {next(iter(p)): p[next(iter(p))] for p in project["plugins"] if isinstance(p, dict)}
    config = {
        "site_name": project["site_name"],
        "site_description": project["site_description"],
        "site_url": "http://127.0.0.1:8000/",
        "theme": {"name": "material", "font": False, "language": "en"},
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
        "plugins": [
            "search",
            {"blog": {key: plugins["blog"][key] for key in ("blog_dir", "post_date_format", "post_url_format")}},
            {"rss": plugins["rss"]},
        ],
    }
    docs = root / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "assets").mkdir()
    shutil.copy(PROJECT / "docs" / "index.md", docs / "index.md")
    shutil.copy(PROJECT / "docs" / "blog" / ".authors.yml", docs / "blog" / ".authors.yml")
    shutil.copy(PROJECT / "docs" / "assets" / "spineiq-avatar.svg", docs / "assets" / "spineiq-avatar.svg")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n\nThe home page links here.\n", encoding="utf-8")
    (docs / "blog" / "posts" / JUNE_SOURCE.name).write_text(typed_out_post(), encoding="utf-8")
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def lighthouse(url: str, output: Path, chromium: str) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": chromium}
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env=env, check=True, capture_output=True, timeout=300,
    )
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = report["audits"]
    failing = sorted(
        audit_id for audit_id, audit in audits.items()
        if audit.get("score") is not None and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        and not audit_id.startswith(("first-", "largest-", "speed-", "interactive", "total-", "max-", "cumulative-"))
    )
    return {
        **scores,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failing": failing,
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(sites: list[Site]) -> tuple[str, bool]:
    lines = [
        "| page | site | performance (median; runs) | accessibility | best practices | SEO "
        "| LCP s | FCP s | TBT ms | CLS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    met = True
    for page in PAGES:
        for site in sites:
            runs = site.results.get(page)
            if not runs:
                lines.append(f"| {page} | {site.name} | — (no such page) | | | | | | | |")
                continue
            med = {c: median([r[c] for r in runs]) for c in [*CATEGORIES, "lcp", "fcp", "tbt", "cls"]}
            perf_runs = "/".join(str(r["performance"]) for r in runs)
            lines.append(
                f"| {page} | {site.name} | {med['performance']:.0f} ({perf_runs}) | {med['accessibility']:.0f} "
                f"| {med['best-practices']:.0f} | {med['seo']:.0f} | {med['lcp']:.1f} | {med['fcp']:.1f} "
                f"| {med['tbt']:.0f} | {med['cls']:.3f} |"
            )
            if site.name == "Back Blog":
                met = met and all(med[c] >= target for c, target in TARGETS.items())
    lines.append("")
    for site in sites:
        for page, runs in site.results.items():
            failing = sorted({audit for run in runs for audit in run["failing"]})
            lines.append(f"- {site.name}, {page}: audits below 1 in some run: {', '.join(failing) or 'none'}")
    targets = ", ".join(f"{c} ≥ {t}" for c, t in TARGETS.items())
    lines.append("")
    lines.append(f"Targets for the Back Blog (medians): {targets}: {'met' if met else 'NOT met'}.")
    return "\n".join(lines), met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page and site (default 3)")
    parser.add_argument(
        "--output", type=Path, default=PROJECT / "artifacts" / "lighthouse", help="where the reports go"
    )
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("Chromium not found: apt-get install chromium (or set CHROMIUM)", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.exists():
        print("Lighthouse not installed: npm ci --prefix bench --ignore-scripts", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backblog-lighthouse-") as tmp:
        work = Path(tmp)
        ours = serve("Back Blog", work / "ours", PAGES)
        bare = serve("bare Material", work / "bare", {k: v for k, v in PAGES.items() if k != "library"})
        build(PROJECT / "mkdocs.yml", ours.root, ours.base_url)
        build(write_bare_blog(work / "bare-project"), bare.root, bare.base_url)
        for run in range(1, args.runs + 1):
            for page in PAGES:
                for site in (ours, bare):
                    if page not in site.pages:
                        continue
                    name = f"{'ours' if site is ours else 'bare'}-{page}-run{run}.json"
                    result = lighthouse(site.base_url + site.pages[page], args.output / name, chromium)
                    site.results.setdefault(page, []).append(result)
                    print(f"run {run}, {site.name}, {page}: " + " ".join(f"{c} {result[c]}" for c in CATEGORIES),
                          file=sys.stderr)
        for site in (ours, bare):
            site.server.shutdown()
        text, met = report([ours, bare])
    print(text)
    (args.output / "RESULTS.md").write_text(text + "\n", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
