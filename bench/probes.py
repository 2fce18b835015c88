"""Measurements the benchmark runs in a fresh process each, printed as one JSON line.

``python bench/probes.py serve CONFIG --post FILE --append TEXT --bib FILE --key KEY``
    Builds the site as ``mkdocs serve`` does (one ``on_startup``, a new
    config per rebuild, plugin objects and hook modules kept), then rebuilds
    with nothing changed, after ``FILE`` gets ``TEXT`` appended, after the title
    of entry ``KEY`` in ``bibliography.bib`` is edited, and once more with
    nothing changed.  Each edit bumps the file's modification time explicitly.

``python bench/probes.py bibliography FILE``
    Loads the bibliography as a build does: our check (the one pybtex parse,
    whose entries mkdocs-bibtex is handed), then every entry formatted by
    ``Bibliography``; then the same again, warm (what a ``serve``
    rebuild pays when the file has not changed); then through the disk cache.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SITE_URL, edit_entry_title  # noqa: E402 (needs the paths above)

EDITED_TITLE = "Synthetic title edited by the benchmark"


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _bump_mtime(path: Path) -> None:
    """A new modification time, whatever the file system's time granularity."""
    before = path.stat().st_mtime_ns
    now = time.time_ns()
    stamp = max(now, before + 1_000_000_000)
    os.utime(path, ns=(stamp, stamp))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def serve(config_file: str, post: Path, append: str, bib: Path, key: str) -> dict[str, float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    site_dir = tempfile.mkdtemp(prefix="backblog-bench-serve-")

    def get_config() -> MkDocsConfig:
        return load_config(config_file=config_file, site_dir=site_dir)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)

    def builder(config: MkDocsConfig | None = None) -> None:
        # What `mkdocs serve` runs on every change (mkdocs/commands/serve.py).
        if config is None:
            config = get_config()
        config.site_url = SITE_URL
        build(config, serve_url=SITE_URL, dirty=False)

    def edit_post() -> None:
        post.write_text(post.read_text(encoding="utf-8").rstrip("\n") + append + "\n", encoding="utf-8")
        _bump_mtime(post)

    def edit_bib() -> None:
        bib.write_text(edit_entry_title(bib.read_text(encoding="utf-8"), key, EDITED_TITLE), encoding="utf-8")
        _bump_mtime(bib)

    results: dict[str, float] = {}
    try:
        results["first build"] = _seconds(lambda: builder(config))
        results["no change"] = _seconds(builder)
        edit_post()
        results["post edited"] = _seconds(builder)
        edit_bib()
        results["bibliography edited"] = _seconds(builder)
        results["no change after"] = _seconds(builder)
    finally:
        config.plugins.on_shutdown()
    try:
        if "[@" not in append:  # the variant shows citations as written text
            results["edited entry shown"] = -1
        else:
            pages = Path(site_dir).rglob("index.html")
            results["edited entry shown"] = sum(EDITED_TITLE in p.read_text(encoding="utf-8") for p in pages)
            if not results["edited entry shown"]:
                raise SystemExit(f"the edited entry {key} is on no page after the rebuild")
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    results["peak rss mb"] = _peak_rss_mb()
    return results


def bibliography(path: Path) -> dict[str, float]:
    from backblog.bib_checks import CheckCache, CheckedBibliography, check_bibliography_file
    from backblog.bibliography import bibliography_sources
    from backblog.references import Bibliography, FormattedCache

    results: dict[str, float] = {}
    registry: list[Bibliography] = []
    checked: list[CheckedBibliography] = []
    check_cache: CheckCache = {}
    memory: FormattedCache = {}
    results["check"] = _seconds(lambda: checked.append(check_bibliography_file(path, check_cache)))
    bib_data = checked[0].data
    assert bib_data is not None, "the synthetic bibliography has errors"

    def format_all() -> None:
        if not registry:
            registry.append(Bibliography(bib_data, bibliography_sources([str(path)]), memory=memory))
        for key in registry[0].keys:
            registry[0].reference(key)

    results["format"] = _seconds(format_all)
    results["cold"] = results["check"] + results["format"]

    def warm() -> None:
        check_bibliography_file(path, check_cache)
        bibliography_sources([str(path)])
        format_all()

    results["warm"] = _seconds(warm)
    results["entries"] = len(registry[0].keys)

    # The disk cache (Bibliography's cache_dir): written, then read back by a
    # new bibliography with nothing in memory, as by a new process.
    with tempfile.TemporaryDirectory(prefix="backblog-bench-cache-") as cache_dir:
        for step in ("disk write", "disk read"):

            def through_disk() -> None:
                fresh = Bibliography(bib_data, {}, cache_dir=cache_dir, memory={})
                for key in fresh.keys:
                    fresh.reference(key)

            results[step] = _seconds(through_disk)
    results["peak rss mb"] = _peak_rss_mb()
    return results


def main(argv: list[str]) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve")
    serve_parser.add_argument("config")
    serve_parser.add_argument("--post", type=Path, required=True)
    serve_parser.add_argument("--append", required=True)
    serve_parser.add_argument("--bib", type=Path, required=True)
    serve_parser.add_argument("--key", required=True)
    bib_parser = commands.add_parser("bibliography")
    bib_parser.add_argument("bib", type=Path)
    args = parser.parse_args(argv)
    if args.command == "serve":
        results = serve(args.config, args.post, args.append, args.bib, args.key)
    else:
        results = bibliography(args.bib)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
