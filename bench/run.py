"""The Back Blog's build benchmark (``make bench``): what the site's features cost at scale.

Generates a synthetic corpus (``bench/corpus.py``) in a temporary folder and
builds it four ways, alternating, for several rounds, each build a fresh
``python -m mkdocs build --strict`` process whose wall time and peak memory
(``bench/peak_rss.py``: the child's own ``ru_maxrss``) are measured:

(a) the project as it is: mkdocs-bibtex, our hooks, posts citing ``[@key]``;
(b) the floor of issue 6: the same pages with every citation and reference
    list already written out as plain Markdown, mkdocs-bibtex and our citation
    hooks off (our templates and page heads kept);
(c) stock mkdocs-bibtex: its default options and style, none of our hooks;
(d) a plain Material blog: the same posts with numbers and reference lists
    typed by hand, no hooks, no mkdocs-bibtex, no overrides, no library page.

It then measures what an editor waits for under a preview server
(``bench/serve_latency.py``): from writing a file to the served page showing
the change, for ``make serve`` on (a) and ``mkdocs serve`` on (d); and the
cold and warm cost of loading the bibliography (``bench/probes.py
bibliography``).  All of it at 1000 posts with 5000 entries and at 300 posts
with 2000 entries (with ``--posts N``: N and a quarter of N).  Medians are
reported, as a Markdown table written to ``bench/RESULTS.md`` with the machine
it was measured on.

Usage: ``python bench/run.py [--posts N] [--entries N] [--rounds N] [--edits N]
[--quick] [--output FILE]``.  ``--quick`` is a smoke run on a tiny corpus that
writes no file unless ``--output`` is given.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
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

from corpus import (  # noqa: E402 (needs the path above)
    BIB_FILE,
    CITED_DOCS,
    RECORD_FILE,
    VARIANTS,
    Corpus,
    generate,
    write_floor,
    write_plain,
)

DEFAULT_POSTS = 1000
DEFAULT_ENTRIES = 5000
# The second size, as issue 15 measures it (about six years of the series).
SMALL_POSTS = 300
SMALL_ENTRIES = 2000
QUICK_POSTS = 24
QUICK_ENTRIES = 120
# Where the hooks keep formatted entries on disk, if they do (relative to mkdocs.yml).
DISK_CACHE = Path(".cache") / "backblog"
WARM = "a, warm disk cache"
TARGET_TIME_RATIO = 1.30  # (a)/(d), issue 15
TARGET_MEMORY_RATIO = 1.3
PLAIN = "d"
# Save to served page, median seconds: a post at 300 and at 1000 posts; an entry at 300.
TARGET_POST_SERVED = {300: 1.0, 1000: 2.0}
TARGET_ENTRY_SERVED = 2.0
TARGET_DEPENDENTS = 5.0
EDIT_KINDS = {
    "post": ("a post's body", "its page", "the search index"),
    "intro": ("a post's introduction", "its page", "the blog index"),
    "entry": ("an entry 5 posts cite", "a citing post", "the library"),
}
BIB_STEPS = ("check", "format", "cold", "warm", "disk write", "disk read")


@dataclass
class Measured:
    """One corpus size: every measurement taken on it."""

    corpus: Corpus
    builds: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """variant -> [(wall seconds, peak RSS MB)], one per round."""
    served: dict[str, dict[str, list[list[float]]]] = field(default_factory=dict)
    """server -> edit kind -> [[seconds to the page, seconds to the dependent page]], one per edit."""
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

    Through ``peak_rss.py``, so that the memory is the command's own and not
    this process's (see there).  A failing child (a warning in strict mode)
    stops the run.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as folder:
        rss_file = Path(folder) / "rss"
        launcher = [sys.executable, str(BENCH / "peak_rss.py"), str(rss_file), *command]
        child = subprocess.run(launcher, cwd=cwd, env=_environment(), stdout=out, stderr=err, check=False)
        returncode = child.returncode
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
        peak_kib = int(rss_file.read_text(encoding="utf-8")) if rss_file.exists() else 0
    if returncode != 0:
        tail = "\n".join(stderr.splitlines()[-30:])
        raise SystemExit(f"{' '.join(command)} failed ({returncode}):\n{tail}")
    return elapsed, peak_kib / 1024, stdout


def build_once(corpus: Corpus, variant: str) -> tuple[float, float]:
    # The last build's files are written out first: each build is charged with its own writes only.
    os.sync()
    command = [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "--config-file", str(corpus.config(variant)), "--site-dir", str(corpus.site_dir(variant)),
    ]
    elapsed, memory, _ = _run_child(command, corpus.root)
    return elapsed, memory


def _probe(corpus: Corpus, *arguments: str) -> dict[str, float]:
    _, _, stdout = _run_child([sys.executable, str(BENCH / "probes.py"), *arguments], corpus.root)
    return json.loads(stdout.strip().splitlines()[-1])


def _cited_by(corpus: Corpus) -> dict[str, list[str]]:
    """Entry key -> the posts (source files) citing it."""
    found: dict[str, list[str]] = {}
    for path in sorted((corpus.root / CITED_DOCS / "blog" / "posts").glob("*.md")):
        for key in dict.fromkeys(re.findall(r"@([\w:.-]+)", path.read_text(encoding="utf-8"))):
            found.setdefault(key, []).append(path.relative_to(corpus.root / CITED_DOCS).as_posix())
    return found


def serve_latency(corpus: Corpus, variant: str, server: str, kinds: str, edits: int) -> dict[str, list[list[float]]]:
    """Save to served page under a preview server (``bench/serve_latency.py``)."""
    record = json.loads((corpus.root / RECORD_FILE).read_text(encoding="utf-8"))
    urls = {uri: page["url"] for uri, page in record.items()}
    newest = corpus.post(0).relative_to(corpus.root / CITED_DOCS).as_posix()
    cited = _cited_by(corpus)
    # An entry that 5 posts cite (else the nearest number): what one edit of it re-renders.
    key = min(cited, key=lambda k: (abs(len(cited[k]) - 5), k))
    docs = corpus.root / ("docs-plain" if variant == PLAIN else CITED_DOCS)
    library = next(url for uri, url in urls.items() if not uri.startswith("blog/") and "library" in uri)
    arguments = [
        str(corpus.config(variant)), "--post", str(docs / newest), "--post-url", urls[newest],
        "--index-url", "blog/", "--bib", str(corpus.root / BIB_FILE), "--key", key,
        "--cited-url", urls[cited[key][0]], "--library-url", library,
        "--server", server, "--kinds", kinds, "--edits", str(edits),
    ]
    _, _, stdout = _run_child([sys.executable, str(BENCH / "serve_latency.py"), *arguments], corpus.root)
    return dict(json.loads(stdout.strip().splitlines()[-1]))


def measure(root: Path, posts: int, entries: int, rounds: int, edits: int, log: bool = True) -> Measured:
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
    write_plain(corpus)
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
    for variant, server, kinds in (("a", "tools", "post,intro,entry"), (PLAIN, "mkdocs", "post")):
        measured.served[server] = serve_latency(corpus, variant, server, kinds, edits)
        for kind, times in measured.served[server].items():
            shown = ", ".join(f"{t[0]:.2f}/{t[-1]:.2f} s" for t in times)
            say(f"  {server} serve ({variant}), {kind} edited: {shown}")
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


def _median_of(times: list[list[float]], which: int) -> float:
    return statistics.median(t[which] for t in times)


def _met(value: float, target: float) -> str:
    return "met" if value <= target else "missed"


def report(results: list[Measured], rounds: int, edits: int, command: str, load: tuple[float, float]) -> str:
    lines = [
        "# Build benchmark",
        "",
        f"Measured with `{command}` (`make bench` runs `python bench/run.py`). Each build is a fresh",
        "`python -m mkdocs build --strict` process; times are wall-clock seconds, memory is the",
        f"build process's peak resident set size; each figure is the median of {rounds} round(s), the",
        "variants built alternately, the disk synced before each build (so that one build's writes are",
        "not charged to the next). The corpus is synthetic (`bench/corpus.py`): every post cites",
        "8 times (7 references: single citations, a group of three, a pair, a repeat), entries are",
        "articles, books, chapters, reports and web pages with LaTeX accents.",
        "",
        "- (a) the project as it is: mkdocs-bibtex + our hooks, posts citing `[@key]`",
        "- (b) the floor of issue 6: the same pages with citations and reference lists typed out as",
        "  Markdown, without mkdocs-bibtex and our citation hooks (our templates and page heads kept)",
        "- (c) stock mkdocs-bibtex: its default options and `plain` style (footnotes), none of our hooks",
        "- (d) a plain Material blog: the same posts, numbers and reference lists typed by hand; no hooks,",
        "  no mkdocs-bibtex, no theme overrides, no library page",
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
        "| corpus | pages | citations | variant | time (s) | peak memory (MB) | time / (d) | memory / (d) |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for m in results:
        base_time, base_memory = m.median_time(PLAIN), m.median_memory(PLAIN)
        labels = {**VARIANTS, WARM: "the project, formatted entries already on disk"}
        for variant, label in labels.items():
            if variant not in m.builds:
                continue
            t, mem = m.median_time(variant), m.median_memory(variant)
            lines.append(
                f"| {_size(m)} | {m.pages} | {m.corpus.citations} | ({variant}) {label} | {t:.2f} | {mem:.0f} "
                f"| {t / base_time:.3f} | {mem / base_memory:.3f} |"
            )
    lines += [
        "",
        "## Save to served page (seconds)",
        "",
        "From writing the file to the page, fetched over HTTP every 20 ms, holding the change; then to",
        "the page that shows it elsewhere. `make serve` (`tools/serve.py`) on (a), `mkdocs serve` on (d);",
        f"median of {edits} edit(s) each, the next edit once the last one's pages were all shown.",
        "",
        "| corpus | server | edited | page | seconds | shown elsewhere | seconds |",
        "|---|---|---|---|---:|---|---:|",
    ]
    for m in results:
        for server, kinds in m.served.items():
            name = "make serve (a)" if server == "tools" else "mkdocs serve (d)"
            for kind, times in kinds.items():
                what, page, elsewhere = EDIT_KINDS[kind]
                lines.append(
                    f"| {_size(m)} | {name} | {what} | {page} | {_median_of(times, 0):.2f} | {elsewhere} "
                    f"| {_median_of(times, -1):.2f} |"
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
    lines += ["", "## Targets (issue 15)", ""]
    for m in results:
        time_ratio = m.median_time("a") / m.median_time(PLAIN)
        memory_ratio = m.median_memory("a") / m.median_memory(PLAIN)
        lines.append(
            f"- {_size(m)}: full build (a)/(d) time {time_ratio:.3f} (target ≤ {TARGET_TIME_RATIO:.2f}: "
            f"{_met(time_ratio, TARGET_TIME_RATIO)}), peak memory {memory_ratio:.3f} "
            f"(target ≤ {TARGET_MEMORY_RATIO:.1f}: {_met(memory_ratio, TARGET_MEMORY_RATIO)})."
        )
        if WARM in m.builds:
            lines.append(
                f"- {_size(m)}: the same with `.cache/backblog` from the build before (as the workflows "
                f"and an editor's machine build): time {m.median_time(WARM) / m.median_time(PLAIN):.3f}, "
                f"peak memory {m.median_memory(WARM) / m.median_memory(PLAIN):.3f}."
            )
        served = m.served.get("tools", {})
        target = TARGET_POST_SERVED.get(m.corpus.posts)
        if "post" in served and target is not None:
            value = _median_of(served["post"], 0)
            lines.append(f"- {_size(m)}: a post edited, its page served in {value:.2f} s "
                         f"(target ≤ {target:.1f}: {_met(value, target)}).")
        if "entry" in served and m.corpus.posts == SMALL_POSTS:
            value = _median_of(served["entry"], 0)
            lines.append(f"- {_size(m)}: an entry edited, a citing post served in {value:.2f} s "
                         f"(target ≤ {TARGET_ENTRY_SERVED:.1f}: {_met(value, TARGET_ENTRY_SERVED)}).")
        if served:
            slowest = max(_median_of(times, -1) for times in served.values())
            lines.append(f"- {_size(m)}: the pages that show an edit elsewhere followed within {slowest:.2f} s "
                         f"(target ≤ {TARGET_DEPENDENTS:.0f}: {_met(slowest, TARGET_DEPENDENTS)}).")
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
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind under the preview servers (default 3)")
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
    custom = args.posts or args.entries or args.quick
    second = (posts // 4, entries // 4) if custom else (SMALL_POSTS, SMALL_ENTRIES)
    for size_posts, size_entries in ((posts, entries), second):
        folder = tempfile.mkdtemp(prefix="backblog-bench-")
        try:
            results.append(measure(Path(folder), size_posts, size_entries, rounds, args.edits))
        finally:
            if args.keep:
                print(f"corpus kept in {folder}", file=sys.stderr)
            else:
                shutil.rmtree(folder, ignore_errors=True)
    command = "python bench/run.py " + " ".join(argv) if argv else "python bench/run.py"
    table = report(results, rounds, args.edits, command.strip(), (load_at_start, os.getloadavg()[0]))
    if output is not None:
        output.write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
