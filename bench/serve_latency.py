"""Save to served page: how long an editor waits under a preview server (``make bench``).

Starts a preview server (``tools/serve.py``, as ``make serve`` runs it, or
``mkdocs serve``) on a free loopback port in its own process, waits for the
first build, then makes edits one at a time.  For each, the clock starts when
the edited file has been written and stops when the page, fetched over HTTP
every 20 ms, holds the change; then it waits until every page that shows the
change holds it too (rendered alone in the background, or by a full build), before the next edit.

Edits:

- ``post``: a sentence appended to the newest post's body: the post's page,
  then the search index;
- ``intro``: a word added to its introduction: the post, then the blog index
  (its excerpt);
- ``entry``: the title of an entry that several posts cite, in
  ``bibliography.bib``: the first citing post's page, then the library.

``python bench/serve_latency.py CONFIG --post FILE --post-url URL --index-url URL
--bib FILE --key KEY --cited-url URL --library-url URL [--server tools|mkdocs]
[--edits N]`` prints
one JSON line: per edit kind, the list of seconds to the page and to the
dependent page.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))

from corpus import edit_entry_title  # noqa: E402 (needs the path above)

POLL = 0.02
TIMEOUT = 300.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, start: float) -> float:
    """Seconds from ``start`` until the page at ``url`` holds ``text``."""
    while time.perf_counter() - start < TIMEOUT:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise SystemExit(f"{url} did not show {text!r} within {TIMEOUT:.0f} s")


def start_server(config: Path, server: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    address = f"127.0.0.1:{port}"
    if server == "tools":
        command = [sys.executable, str(PROJECT / "tools" / "serve.py"), "-f", str(config), "-a", address]
    else:
        command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config), "-a", address]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=config.parent, env=env, stdout=output, stderr=subprocess.STDOUT)


def write(path: Path, text: str) -> float:
    """Write the file as an editor's save does; the time it was written."""
    path.write_text(text, encoding="utf-8")
    return time.perf_counter()


def edit_post(args: argparse.Namespace, base: str, number: int) -> list[float]:
    marker = f"Benchmarkedit{number}x"
    text = args.post.read_text(encoding="utf-8")
    start = write(args.post, text.rstrip("\n") + f"\n\nA sentence the benchmark wrote, {marker}.\n")
    page = wait_for(base + args.post_url, marker, start)
    return [page, wait_for(base + "search/search_index.json", marker, start)]


def edit_intro(args: argparse.Namespace, base: str, number: int) -> list[float]:
    marker = f"Benchmarkintro{number}x"
    text = args.post.read_text(encoding="utf-8")
    head, cut, rest = text.partition("\n<!-- more -->")
    start = write(args.post, head.rstrip("\n") + f" {marker}.\n" + cut + rest)
    page = wait_for(base + args.post_url, marker, start)
    return [page, wait_for(base + args.index_url, marker, start)]


def edit_entry(args: argparse.Namespace, base: str, number: int) -> list[float]:
    title = f"Synthetic title the benchmark edited {number}"
    start = write(args.bib, edit_entry_title(args.bib.read_text(encoding="utf-8"), args.key, title))
    page = wait_for(base + args.cited_url, title, start)
    return [page, wait_for(base + args.library_url, title, start)]


EDITS = {"post": edit_post, "intro": edit_intro, "entry": edit_entry}


def measure(args: argparse.Namespace) -> dict[str, list[list[float]]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    saved = {path: path.read_bytes() for path in (args.post, args.bib)}
    results: dict[str, list[list[float]]] = {"post": [], "intro": [], "entry": []}
    with tempfile.TemporaryDirectory(prefix="backblog-bench-serve-") as folder:
        server = start_server(args.config, args.server, port, Path(folder) / "server.log")
        try:
            wait_for(base + args.post_url, "</html>", time.perf_counter())
            kinds = args.kinds.split(",")
            results = {kind: results[kind] for kind in kinds}
            for number in range(args.edits):
                for kind in kinds:
                    time.sleep(args.pause)
                    results[kind].append(EDITS[kind](args, base, number))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            for path, content in saved.items():
                path.write_bytes(content)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", type=Path)
    parser.add_argument("--post", type=Path, required=True)
    parser.add_argument("--post-url", required=True)
    parser.add_argument("--index-url", required=True)
    parser.add_argument("--bib", type=Path, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--cited-url", required=True)
    parser.add_argument("--library-url", required=True)
    parser.add_argument("--server", choices=("tools", "mkdocs"), default="tools")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--kinds", default="post,intro,entry", help="which edits, comma-separated")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between an edit's pages and the next edit")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
