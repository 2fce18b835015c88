"""The Back Blog's build benchmark (``make bench``): what citations cost at scale.

Generates a synthetic corpus (``bench/corpus.py``) in a temporary folder and
builds it three ways, alternating, for several rounds, each build a fresh
``python -m mkdocs build --strict`` process whose wall time and peak memory
(the child's ``ru_maxrss``) are measured:

(a) the project as it is: mkdocs-bibtex, our hooks, posts citing ``[@key]``;
(b) the floor: the same posts with every citation and reference list already
    written out as plain Markdown, mkdocs-bibtex and our citation hooks off;
(c) stock mkdocs-bibtex: its default options and style, none of our hooks.

It also measures the rebuilds ``mkdocs serve`` does (nothing changed, one
post edited, ``bibliography.bib`` edited: ``bench/probes.py serve``) and the
cold and warm cost of loading the bibliography (``bench/probes.py
bibliography``), then does it all again at a quarter of the size, to show how
the cost grows.  Medians of the rounds are reported, as a Markdown table
written to ``bench/RESULTS.md`` with the machine it was measured on.

Usage: ``python bench/run.py [--posts N] [--entries N] [--rounds N] [--quick]
[--output FILE]``.  ``--quick`` is a smoke run on a tiny corpus that writes
no file unless ``--output`` is given.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import RECORD_FILE, VARIANTS, Corpus, generate, write_floor  # noqa: E402 (needs the path above)

DEFAULT_POSTS = 1000
DEFAULT_ENTRIES = 5000
QUICK_POSTS = 24
QUICK_ENTRIES = 120
# Where the hooks keep formatted entries on disk, if they do (relative to mkdocs.yml).
DISK_CACHE = Path(".cache") / "backblog"
WARM = "a, warm disk cache"
TARGET_TIME_RATIO = 1.10
TARGET_MEMORY_RATIO = 1.2
SERVE_STEPS = ("first build", "no change", "post edited", "bibliography edited", "no change after")
BIB_STEPS = ("check", "format", "cold", "warm", "disk write", "disk read")


@dataclass
class Measured:
    """One corpus size: every measurement taken on it."""

    corpus: Corpus
    builds: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """variant -> [(wall seconds, peak RSS MB)], one per round."""
    serve: dict[str, dict[str, float]] = field(default_factory=dict)
    bibliography: list[dict[str, float]] = field(default_factory=list)
    pages: int = 0

    def median_time(self, variant: str) -> float:
        return statistics.median(t for t, _ in self.builds[variant])

    def median_memory(self, variant: str) -> float:
        return statistics.median(m for _, m in self.builds[variant])

    def bib_median(self, step: str) -> float:
        return statistics.median(run[step] for run in self.bibliography)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SITE_URL", None)
    return env


def _run_child(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Run ``command``; its wall time (s), its own peak RSS (MB) and its stdout.

    ``os.wait4`` gives the resource usage of that one child, so every build's
    memory is its own.  A failing child (a warning in strict mode) stops the run.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=_environment(), stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        tail = "\n".join(stderr.splitlines()[-30:])
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def build_once(corpus: Corpus, variant: str) -> tuple[float, float]:
    command = [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "--config-file", str(corpus.config(variant)), "--site-dir", str(corpus.site_dir(variant)),
    ]
    elapsed, memory, _ = _run_child(command, corpus.root)
    return elapsed, memory


def _probe(corpus: Corpus, *arguments: str) -> dict[str, float]:
    _, _, stdout = _run_child([sys.executable, str(BENCH / "probes.py"), *arguments], corpus.root)
    return json.loads(stdout.strip().splitlines()[-1])


def serve_probe(corpus: Corpus, variant: str) -> dict[str, float]:
    """The rebuilds of ``mkdocs serve``; the post and bibliography are restored afterwards."""
    post = corpus.post(1) if variant != "b" else corpus.root / "docs-written" / corpus.post(1).relative_to(
        corpus.root / "docs-cited"
    )
    cited = corpus.post(0).read_text(encoding="utf-8")
    key = cited.split("[@", 1)[1].split("]", 1)[0].split(";")[0]
    append = f"\n\nEdited while serving, citing post 0's first reference [@{key}]."
    if variant == "b":
        append = "\n\nEdited while serving, citing one more reference (8)."
    saved = {path: path.read_bytes() for path in (post, corpus.bib_file)}
    try:
        return _probe(
            corpus, "serve", str(corpus.config(variant)),
            "--post", str(post), "--append", append, "--bib", str(corpus.bib_file), "--key", key,
        )
    finally:
        for path, content in saved.items():
            path.write_bytes(content)


def measure(root: Path, posts: int, entries: int, rounds: int, log: bool = True) -> Measured:
    def say(message: str) -> None:
        if log:
            print(message, file=sys.stderr, flush=True)

    say(f"generating {posts} posts, {entries} entries in {root}")
    corpus = generate(root, posts, entries)
    # One build of (a) that records what our hooks wrote, from which (b) is
    # written; it also warms the file system's caches.  Not measured.
    build_once(corpus, "record")
    write_floor(corpus, root / RECORD_FILE, corpus.site_dir("record"))
    shutil.rmtree(corpus.site_dir("record"))
    measured = Measured(corpus=corpus, builds={variant: [] for variant in VARIANTS})
    disk_cache = root / DISK_CACHE
    for round_number in range(1, rounds + 1):
        for variant in VARIANTS:
            # (a) starts from no disk cache, as on a fresh clone or in CI.
            shutil.rmtree(disk_cache, ignore_errors=True)
            elapsed, memory = build_once(corpus, variant)
            measured.builds[variant].append((elapsed, memory))
            say(f"  round {round_number}, build ({variant}): {elapsed:.2f} s, {memory:.0f} MB")
            if variant == "a" and disk_cache.exists():
                # The hooks keep formatted entries on disk: once more, warm.
                elapsed, memory = build_once(corpus, variant)
                measured.builds.setdefault(WARM, []).append((elapsed, memory))
                say(f"  round {round_number}, build ({WARM}): {elapsed:.2f} s, {memory:.0f} MB")
        shutil.rmtree(disk_cache, ignore_errors=True)
        bib = _probe(corpus, "bibliography", str(corpus.bib_file))
        measured.bibliography.append(bib)
        say(f"  round {round_number}, bibliography load: cold {bib['cold']:.2f} s, warm {bib['warm']:.4f} s")
    measured.pages = sum(1 for _ in corpus.site_dir("a").rglob("*.html"))
    for variant in VARIANTS:
        shutil.rmtree(disk_cache, ignore_errors=True)
        measured.serve[variant] = serve_probe(corpus, variant)
        steps = ", ".join(f"{step} {measured.serve[variant][step]:.2f} s" for step in SERVE_STEPS)
        say(f"  serve ({variant}): {steps}")
    return measured


# --- Report -------------------------------------------------------------------


def machine(load: tuple[float, float]) -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{memory_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}"
        for name in ("mkdocs", "mkdocs-material", "mkdocs-bibtex", "pybtex", "Markdown")
    )
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": memory,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "packages": versions,
        "date": datetime.date.today().isoformat(),
        "load average (1 min) at start / end": f"{load[0]:.2f} / {load[1]:.2f}",
    }


def _size(m: Measured) -> str:
    c = m.corpus
    return f"{c.posts} posts, {c.entries} entries"


def report(results: list[Measured], rounds: int, command: str, load: tuple[float, float]) -> str:
    lines = [
        "# Build benchmark",
        "",
        f"Measured with `{command}` (`make bench` runs `python bench/run.py`). Each build is a fresh",
        "`python -m mkdocs build --strict` process; times are wall-clock seconds, memory is the",
        f"build process's peak resident set size; each figure is the median of {rounds} round(s), the",
        "variants built alternately. The corpus is synthetic (`bench/corpus.py`): every post cites",
        "8 times (7 references: single citations, a group of three, a pair, a repeat), entries are",
        "articles, books, chapters, reports and web pages with LaTeX accents.",
        "",
        "- (a) the project as it is: mkdocs-bibtex + our hooks, posts citing `[@key]`",
        "- (b) the floor: the same pages with citations and reference lists typed out as Markdown,",
        "  without mkdocs-bibtex and without our citation hooks",
        "- (c) stock mkdocs-bibtex: its default options and `plain` style (footnotes), none of our hooks",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {name} | {value} |" for name, value in machine(load).items()]
    lines += [
        "",
        "## Full builds",
        "",
        "| corpus | pages | citations | variant | time (s) | peak memory (MB) | time / (b) | memory / (b) |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for m in results:
        base_time, base_memory = m.median_time("b"), m.median_memory("b")
        labels = {**VARIANTS, WARM: "the project, formatted entries already on disk"}
        for variant, label in labels.items():
            if variant not in m.builds:
                continue
            t, mem = m.median_time(variant), m.median_memory(variant)
            lines.append(
                f"| {_size(m)} | {m.pages} | {m.corpus.citations} | ({variant}) {label} | {t:.2f} | {mem:.0f} "
                f"| {t / base_time:.3f} | {mem / base_memory:.3f} |"
            )
    if WARM not in results[0].builds:
        lines += [
            "",
            f"(a) always starts without `{DISK_CACHE}`; the hooks did not write one, so there is no",
            "warm-disk-cache row (see `Bibliography(cache_dir=...)` in `hooks/backblog/references.py`).",
        ]
    lines += [
        "",
        "## Rebuilds under `mkdocs serve` (one process, seconds)",
        "",
        "| corpus | variant | " + " | ".join(SERVE_STEPS) + " | peak memory (MB) |",
        "|---|---|" + "---:|" * (len(SERVE_STEPS) + 1),
    ]
    for m in results:
        for variant in VARIANTS:
            s = m.serve[variant]
            lines.append(
                f"| {_size(m)} | ({variant}) | " + " | ".join(f"{s[step]:.2f}" for step in SERVE_STEPS)
                + f" | {s['peak rss mb']:.0f} |"
            )
    lines += [
        "",
        "## Loading the bibliography (seconds)",
        "",
        "Cold: our check (the one pybtex parse; mkdocs-bibtex is handed its entries) + every entry",
        "formatted by `Bibliography`. Warm: the same calls again in the same process (what a",
        "`serve` rebuild pays when `bibliography.bib` has not changed).",
        "",
        "Disk: every entry formatted by a registry given a `cache_dir` (an empty one: formatting",
        "plus writing), then by a new registry with nothing in memory (reading it back), as a new",
        "build does with `.cache/backblog` kept.",
        "",
        "| corpus | check and parse | format all | cold total | warm total | format ms per entry "
        "| disk cache: write | disk cache: read |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in results:
        b = {step: m.bib_median(step) for step in BIB_STEPS}
        lines.append(
            f"| {_size(m)} | {b['check']:.2f} | {b['format']:.2f} | {b['cold']:.2f} "
            f"| {b['warm']:.4f} | {1000 * b['format'] / m.corpus.entries:.2f} | {b['disk write']:.2f} "
            f"| {b['disk read']:.2f} |"
        )
    full = results[0]
    time_ratio = full.median_time("a") / full.median_time("b")
    memory_ratio = full.median_memory("a") / full.median_memory("b")
    lines += [
        "",
        "## Targets",
        "",
        f"On {_size(full)}: (a)/(b) time {time_ratio:.3f} (target ≤ {TARGET_TIME_RATIO:.2f}: "
        f"{'met' if time_ratio <= TARGET_TIME_RATIO else 'missed'}); "
        f"(a)/(b) peak memory {memory_ratio:.3f} (target ≤ {TARGET_MEMORY_RATIO:.1f}: "
        f"{'met' if memory_ratio <= TARGET_MEMORY_RATIO else 'missed'}); "
        f"(c)/(b) time {full.median_time('c') / full.median_time('b'):.3f}.",
    ]
    if len(results) > 1:
        small = results[1]
        growth = ", ".join(
            f"({v}) ×{full.median_time(v) / small.median_time(v):.2f}" for v in VARIANTS
        )
        extra = [m.median_time("a") - m.median_time("b") for m in (small, full)]
        per_entry = [1000 * m.bib_median("format") / m.corpus.entries for m in (small, full)]
        lines.append(
            f"Growth from {_size(small)} to {_size(full)} (×{full.corpus.posts / small.corpus.posts:.0f} "
            f"posts): build time {growth}. The citation work, (a) − (b), is {extra[0]:.2f} s and "
            f"{extra[1]:.2f} s (differences of medians of builds that vary by a few per cent, so no ratio "
            f"is given); loading the bibliography cold takes ×{full.bib_median('cold') / small.bib_median('cold'):.2f} "
            f"as long, formatting {per_entry[0]:.2f} and {per_entry[1]:.2f} ms per entry."
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, help=f"posts in the corpus (default {DEFAULT_POSTS})")
    parser.add_argument("--entries", type=int, help=f"bibliography entries (default {DEFAULT_ENTRIES})")
    parser.add_argument("--rounds", type=int, default=3, help="builds of each variant (default 3)")
    parser.add_argument(
        "--quick", action="store_true",
        help=f"a smoke run: {QUICK_POSTS} posts, {QUICK_ENTRIES} entries, 1 round, no file written",
    )
    parser.add_argument("--output", type=Path, help="where to write the table (default bench/RESULTS.md)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus (its folder is printed)")
    args = parser.parse_args(argv)
    posts = args.posts or (QUICK_POSTS if args.quick else DEFAULT_POSTS)
    entries = args.entries or (QUICK_ENTRIES if args.quick else DEFAULT_ENTRIES)
    rounds = 1 if args.quick and "--rounds" not in argv else args.rounds
    if posts < 4 or entries < 28 or rounds < 1:
        parser.error("need at least 4 posts, 28 entries and 1 round (the quarter size must still cite 7)")
    output = args.output or (None if args.quick else BENCH / "RESULTS.md")

    results = []
    load_at_start = os.getloadavg()[0]
    for size_posts, size_entries in ((posts, entries), (posts // 4, entries // 4)):
        folder = tempfile.mkdtemp(prefix="backblog-bench-")
        try:
            results.append(measure(Path(folder), size_posts, size_entries, rounds))
        finally:
            if args.keep:
                print(f"corpus kept in {folder}", file=sys.stderr)
            else:
                shutil.rmtree(folder, ignore_errors=True)
    command = "python bench/run.py " + " ".join(argv) if argv else "python bench/run.py"
    table = report(results, rounds, command.strip(), (load_at_start, os.getloadavg()[0]))
    if output is not None:
        output.write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
