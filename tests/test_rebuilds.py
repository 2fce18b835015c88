"""The caches across ``mkdocs serve`` rebuilds are correct: builds in one process, edits between.

Each test builds one tiny site several times in one process, keeping plugin
objects and hook modules as ``serve`` does (``run_builds``), and edits
``bibliography.bib`` or a page between builds.  The registry's cache key is the
file's (path, ``st_mtime_ns``) and mkdocs-bibtex compares the modification
time with the clock, so every edit sets a later modification time explicitly:
two writes within one tick of a coarse file-system clock would otherwise look
unchanged.  The last tests check the formatted-entry caches of
``backblog.references`` directly: in memory across bibliography loads, and on
disk across processes.  Correctness only: nothing here is timed.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import Entry, parse_string

from backblog import reference_cache, references
from sitebuilder import SYNTHETIC_BIB, build_config, citations, reference_texts, run_builds, tiny_config, write_tree

ALPHA = "Testauthor A, Sample B. Synthetic title one. J Synth Tests. 2020;1(2):10–9."
ALPHA_EDITED = "Testauthor A, Sample B. Synthetic title edited. J Synth Tests. 2020;1(2):10–9."
BETA = "Testauthor C. Synthetic title two. Journal of Synthetic Tests. 2021;2:20–9."
GAMMA = "Testauthor D. Synthetic title three. Journal of Synthetic Tests. 2022;3:30–9."
DELTA = "Testauthor E. Synthetic title four. Journal of Synthetic Tests. 2023;4:40–9."

PAGES = {
    "index.md": "# Home\n",
    "both.md": "# Both\n\nAlpha [@alpha2020]. Beta [@beta2021].\n",
    "group.md": "# Group\n\nGroup [@gamma2022; @alpha2020]. Alpha again [@alpha2020].\n",
    "other.md": "# Other\n\nBeta [@beta2021].\n\nDelta [@delta2023].\n",
}
CITING_PAGES = ("both.md", "group.md", "other.md")


def write_site(root: Path) -> Path:
    write_tree(root / "docs", PAGES)
    (root / "bibliography.bib").write_text(textwrap.dedent(SYNTHETIC_BIB), encoding="utf-8")
    return build_config(root, tiny_config())


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``path``, then give the file a later modification time."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = max(before + 1_000_000_000, path.stat().st_mtime_ns)
    os.utime(path, ns=(later, later))


def page(site_dir: Path, name: str) -> BeautifulSoup:
    stem = name.removesuffix(".md")
    path = site_dir / ("index.html" if stem == "index" else f"{stem}/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def html_files(site_dir: Path) -> dict[str, bytes]:
    return {path.relative_to(site_dir).as_posix(): path.read_bytes() for path in site_dir.rglob("*.html")}


def test_an_edited_entry_changes_on_every_page_citing_it_and_nothing_else(tmp_path: Path) -> None:
    bib = tmp_path / "bibliography.bib"
    sites = [tmp_path / "site-1", tmp_path / "site-2"]
    results = run_builds(
        write_site(tmp_path), sites, between=lambda _: edit(bib, "Synthetic title one", "Synthetic title edited")
    )
    assert results == [([], None), ([], None)]
    assert {name: reference_texts(page(sites[0], name)) for name in CITING_PAGES} == {
        "both.md": [ALPHA, BETA],
        "group.md": [GAMMA, ALPHA],
        "other.md": [BETA, DELTA],
    }
    assert {name: reference_texts(page(sites[1], name)) for name in CITING_PAGES} == {
        "both.md": [ALPHA_EDITED, BETA],
        "group.md": [GAMMA, ALPHA_EDITED],
        "other.md": [BETA, DELTA],
    }
    # Nothing else: the other pages are byte for byte the same, and the pages
    # citing the entry differ only by its title (as text and as URL-encoded
    # in any machine-readable copy).
    old, new = html_files(sites[0]), html_files(sites[1])
    assert sorted(old) == sorted(new)
    changed = sorted(name for name in old if old[name] != new[name])
    assert changed == ["both/index.html", "group/index.html"]
    for name in changed:
        expected = old[name].replace(b"Synthetic title one", b"Synthetic title edited")
        expected = expected.replace(b"Synthetic+title+one", b"Synthetic+title+edited")
        assert new[name] == expected, name


def test_a_renamed_key_is_reported_as_unknown_on_the_next_build(tmp_path: Path) -> None:
    bib = tmp_path / "bibliography.bib"
    results = run_builds(
        write_site(tmp_path),
        [tmp_path / "site-1", tmp_path / "site-2"],
        between=lambda _: edit(bib, "@article{delta2023,", "@article{delta-renamed-2023,"),
    )
    assert results[0] == ([], None)
    warnings, error = results[1]
    assert warnings == [
        "citations: docs/other.md:5: unknown citation key 'delta2023': "
        "did you mean 'beta2021' or 'delta-renamed-2023'?"
    ]
    assert error is not None and "strict" in error


def test_a_post_edited_between_rebuilds_is_numbered_afresh(tmp_path: Path) -> None:
    post = tmp_path / "docs" / "both.md"
    sites = [tmp_path / "site-1", tmp_path / "site-2", tmp_path / "site-3"]
    edits = [
        # Gamma now cited first, alpha again in a group, beta no longer cited.
        ("Alpha [@alpha2020]. Beta [@beta2021].", "Gamma [@gamma2022]. Pair [@delta2023; @alpha2020]. Alpha [@alpha2020]."),
        # Back to what it was: the first numbering returns, nothing left over.
        ("Gamma [@gamma2022]. Pair [@delta2023; @alpha2020]. Alpha [@alpha2020].", "Alpha [@alpha2020]. Beta [@beta2021]."),
    ]
    results = run_builds(write_site(tmp_path), sites, between=lambda n: edit(post, *edits[n]))
    assert results == [([], None)] * 3
    numbered = [(citations(page(site, "both.md")), reference_texts(page(site, "both.md"))) for site in sites]
    assert numbered == [
        (["(1)", "(2)"], [ALPHA, BETA]),
        (["(1)", "(2,3)", "(3)"], [GAMMA, DELTA, ALPHA]),
        (["(1)", "(2)"], [ALPHA, BETA]),
    ]
    links = [a["href"] for a in page(sites[1], "both.md").select("article .bb-citation a")]
    assert links == ["#ref-gamma2022", "#ref-delta2023", "#ref-alpha2020", "#ref-alpha2020"]
    # The other pages are not affected by the edit.
    assert reference_texts(page(sites[1], "group.md")) == [GAMMA, ALPHA]


# --- The formatted-entry caches of backblog.references ---------------------


def load(bib: str, memory: references.FormattedCache, cache_dir: Path | None = None) -> references.Bibliography:
    """A bibliography as a build loads it; ``memory`` is what the process kept from builds before."""
    return references.Bibliography(parse_string(textwrap.dedent(bib), "bibtex"), {}, cache_dir=cache_dir, memory=memory)


def count_formatting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys formatted from now on (not taken from a cache)."""
    formatted: list[str] = []
    real_format = references.format_entry

    def counting_format(key: str, entry: Entry, entries: object = None) -> references.FormattedReference:
        formatted.append(key)
        return real_format(key, entry, entries)  # type: ignore[arg-type]

    monkeypatch.setattr(references, "format_entry", counting_format)
    return formatted


def test_entries_are_formatted_again_only_when_their_content_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    memory: references.FormattedCache = {}
    formatted = count_formatting(monkeypatch)
    first = load(SYNTHETIC_BIB, memory)
    assert [first.reference(key).text for key in ("alpha2020", "beta2021")] == [ALPHA, BETA]
    # A new load of the edited bibliography, as after an edit under `serve`:
    # only the edited entry is formatted again, and it shows its new text.
    second = load(SYNTHETIC_BIB.replace("Synthetic title one", "Synthetic title edited"), memory)
    assert [second.reference(key).text for key in ("alpha2020", "beta2021")] == [ALPHA_EDITED, BETA]
    assert formatted == ["alpha2020", "beta2021", "alpha2020"]


def test_the_disk_cache_serves_a_new_process_and_never_a_changed_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / ".cache" / "backblog"
    current = cache / f"references-{reference_cache.FORMAT_FINGERPRINT}.jsonl"
    written = load(SYNTHETIC_BIB, {}, cache)
    expected = {key: written.reference(key) for key in written.keys}
    written.save_cache()  # as the build does at its end (on_post_build)
    (cache / "references-0000000000000000.jsonl").write_text("{}\n", encoding="utf-8")  # another version's
    with current.open("a", encoding="utf-8") as file:
        file.write('{"digest": "a line cut sh\n')  # skipped when read

    # A new process: nothing in memory, every entry from the disk, none formatted.
    formatted = count_formatting(monkeypatch)
    read = load(SYNTHETIC_BIB, {}, cache)
    assert {key: read.reference(key) for key in read.keys} == expected
    assert formatted == []
    assert sorted(cache.iterdir()) == [current]

    # Another new process, the bibliography edited: the edited entry is
    # formatted afresh, the others still come from the disk.
    edited = load(SYNTHETIC_BIB.replace("Synthetic title one", "Synthetic title edited"), {}, cache)
    assert edited.reference("alpha2020").text == ALPHA_EDITED
    assert edited.reference("beta2021") == expected["beta2021"]
    assert formatted == ["alpha2020"]


def test_a_rebuild_reads_from_the_disk_only_what_memory_lacks_and_compacting_keeps_every_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / ".cache" / "backblog"
    memory: references.FormattedCache = {}
    written = load(SYNTHETIC_BIB, memory, cache)
    expected = {key: written.reference(key) for key in written.keys}
    written.save_cache()
    rebuilt: list[object] = []
    real_rebuild = reference_cache._rebuild

    def counting_rebuild(kind: object, data: object) -> object:
        if kind is references.FormattedReference:
            rebuilt.append(data)
        return real_rebuild(kind, data)

    monkeypatch.setattr(reference_cache, "_rebuild", counting_rebuild)
    # A serve rebuild: every entry is in memory already, none is rebuilt from its line.
    again = load(SYNTHETIC_BIB, memory, cache)
    assert {key: again.reference(key) for key in again.keys} == expected and rebuilt == []
    # A file grown past twice the bibliography is compacted: with every current entry,
    # those in memory too, so a new process still finds them all.
    current = cache / f"references-{reference_cache.FORMAT_FINGERPRINT}.jsonl"
    line = current.read_text(encoding="utf-8").splitlines()[0]
    current.write_text("\n".join([line] * 600 + current.read_text(encoding="utf-8").splitlines()) + "\n")
    load(SYNTHETIC_BIB, memory, cache)
    formatted = count_formatting(monkeypatch)
    fresh = load(SYNTHETIC_BIB, {}, cache)
    assert {key: fresh.reference(key) for key in fresh.keys} == expected and formatted == []
    assert len(current.read_text(encoding="utf-8").splitlines()) == len(expected)


def test_a_build_keeps_formatted_entries_on_disk_for_the_next_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = write_site(tmp_path)
    [(warnings, error)] = run_builds(config_file, [tmp_path / "site-1"])
    assert (warnings, error) == ([], None)
    (cache_file,) = (tmp_path / ".cache" / "backblog").iterdir()
    assert len(cache_file.read_text(encoding="utf-8").splitlines()) == 4  # the four cited entries

    # A new process (run_builds loads the hook afresh): nothing in memory;
    # the entries come from the disk, and the pages are the same.
    formatted = count_formatting(monkeypatch)
    [(warnings, error)] = run_builds(config_file, [tmp_path / "site-2"])
    assert (warnings, error) == ([], None)
    assert formatted == []
    assert html_files(tmp_path / "site-2") == html_files(tmp_path / "site-1")


def test_mkdocs_bibtex_is_handed_the_checked_parse_and_never_parses_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mkdocs_bibtex.registry

    def no_second_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("mkdocs-bibtex parsed bibliography.bib a second time")

    monkeypatch.setattr(mkdocs_bibtex.registry, "parse_file", no_second_parse)
    config_file = write_site(tmp_path)
    bib = tmp_path / "bibliography.bib"
    results = run_builds(
        config_file,
        [tmp_path / "site-1", tmp_path / "site-2"],
        between=lambda _: edit(bib, "Synthetic title one", "Synthetic title edited"),
    )
    assert results == [([], None), ([], None)]
    assert reference_texts(page(tmp_path / "site-2", "both.md"))[0] == ALPHA_EDITED


def test_a_cached_entry_is_written_as_dataclasses_asdict_has_it() -> None:
    """The cache's JSON lines, written without ``asdict``'s deep copy, hold what ``asdict``
    gives (tuples as JSON arrays), for every readable entry of the real exported libraries."""
    import dataclasses
    import json

    from backblog.bib_checks import check_bibliography_text
    from real_corpus import libraries, read_text

    checked_entries = 0
    for library in libraries():
        if not library.available:
            continue
        checked = check_bibliography_text(read_text(library.path))
        bibliography = references.Bibliography(checked.data, {})
        for key in bibliography.keys:
            if key.lower() in {k.lower() for k in checked.unreadable}:
                continue
            formatted = bibliography.reference(key)
            line = json.loads(reference_cache.ReferenceCache._line("d", formatted))
            assert line == {"digest": "d", "reference": json.loads(json.dumps(dataclasses.asdict(formatted)))}
            checked_entries += 1
    assert checked_entries > 500


def test_under_serve_the_disk_cache_is_read_once_and_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve`` keeps every formatted entry in memory: the disk is read by its first build
    only, and an entry formatted later still goes to the disk for the next process."""
    bib = tmp_path / "bibliography.bib"
    loads: list[int] = []
    real_load = reference_cache.ReferenceCache.load

    def counting_load(self: reference_cache.ReferenceCache, *args: object, **kwargs: object) -> object:
        loads.append(1)
        return real_load(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reference_cache.ReferenceCache, "load", counting_load)
    sites = [tmp_path / "site-1", tmp_path / "site-2"]
    results = run_builds(
        write_site(tmp_path), sites, between=lambda _: edit(bib, "Synthetic title one", "Synthetic title edited"),
        command="serve",
    )
    assert results == [([], None), ([], None)]
    assert loads == [1]
    (cache_file,) = (tmp_path / ".cache" / "backblog").iterdir()
    assert "Synthetic title edited" in cache_file.read_text(encoding="utf-8")
    assert reference_texts(page(sites[1], "both.md")) == [ALPHA_EDITED, BETA]
