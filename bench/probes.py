"""Measurements the benchmark runs in a fresh process each, printed as one JSON line.

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
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    bib_parser = commands.add_parser("bibliography")
    bib_parser.add_argument("bib", type=Path)
    args = parser.parse_args(argv)
    results = bibliography(args.bib)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
