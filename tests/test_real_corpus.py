"""Issue 13, item 6: whole real exported libraries build, list every entry, and print in the house style.

One tiny site per library (``real_corpus.build_library``): its bibliography is the
library byte for byte, its one page cites every entry that can be cited.  The
house style is checked by ``style_rules``, written from REFERENCE-STYLE.md and
never from the style's code.  The five shared libraries live beside the clone
(``../shared``); where they are absent (GitHub's runners) their tests are
skipped, unless ``REQUIRE_SHARED`` is set (``.ci/run``), which makes that a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from real_corpus import (
    ADDED_LIBRARIES,
    FIXTURES,
    SAMPLE_SIZE,
    CorpusBuild,
    Library,
    build_library,
    expected_anchor,
    libraries,
    read_text,
    sample,
)
from style_rules import RULES, Source, Violation, check_reference, leftover_markup

#: Texts that reproduce broken source data faithfully, where no style could print
#: better without inventing data: (library, key) → {rule: why}.  Each must still
#: occur (a stale quirk fails the test), so the list only ever shrinks.
SOURCE_QUIRKS: dict[tuple[str, str], dict[str, str]] = {
    **{
        ("mcguinlu_thesis_references", key): {
            "punctuation.unbalanced": "volume = {1)}: the end of a 'Suppl 1)' cut off in the export",
        }
        for key in ("gustafson2012", "mielke2011", "mukherjee2013")
    },
    ("philliphartin_thesis", "ref46"): {
        "markup.latex": "title = {... asc{\\{}{\\_}{\\}}papers ...}: braces escaped into the title, printed as written",
    },
    ("philliphartin_thesis", "ref33"): {
        "markup.latex": "title = {... 96.3 {\\{}{\\%}{\\}} of ...}: braces escaped into the title, printed as written",
    },
    ("drcjar_ipprf", "Myllärniemi2014"): {
        "markup.latex": "title = {... in the \\{USA\\} }: braces escaped into the title, printed as written",
    },
    ("mckeigue_covid", "vogel_antibody_2020"): {
        "volume-issue.source": "volume = {doi:10.1126/science.abc3831}: a DOI in the volume",
    },
    ("philliphartin_thesis", "Light2011"): {
        "punctuation.unbalanced": "journal = {Electrical and Computer Engineering ( {\\ldots}}: cut short in the export",
    },
    ("drcjar_ipprf", "Dubaissi2018"): {
        "punctuation.doubled": "title = {... on the , javax.xml.bind.JAXBElement@461bc6e7, skin surface.}: import garbage",
    },
    ("drcjar_ipprf", "Ash2018"): {
        "punctuation.doubled": "title = {... and the , javax.xml.bind.JAXBElement@24470b74, promoter ...}: import garbage",
    },
    ("drcjar_ipprf", "Tossavainen1997"): {
        rule: "author = {Tossavainen, A, reporter}: BibTeX reads 'A' as a suffix and 'reporter' as the given name"
        for rule in ("authors.name-form", "authors.initials")
    },
    ("drcjar_ipprf", "Hennekens1987"): {
        "book.publication": "publisher = {Boston: Little Brown and Company, 1987}: place and year in the publisher",
    },
    ("drcjar_ipprf", "Rosenman2012"): {
        "pages.elision": "pages = {1024; author reply 1025--1024; author reply 1026}: a falling range in the export",
    },
    ("gisurgonc_zotero", "edwardsS1550"): {
        "pages.elision": "pages = {S1550--7289(25)00059--0}: the article's PII in the pages",
    },
    ("winterwang_diabetes", "pregibon1980goodness"): {
        "pages.elision": "pages = {15--14}: a falling range in the export",
    },
}


def stale_quirks(library: str, keys: set[str], rules: set[str], seen: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """Quirks of ``library`` among ``keys`` and ``rules`` that no longer occur."""
    return {
        (name, key, rule)
        for (name, key), quirks in SOURCE_QUIRKS.items()
        for rule in quirks
        if name == library and key in keys and rule in rules
    } - seen


@pytest.fixture(scope="module", params=libraries(), ids=lambda library: library.name)
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> CorpusBuild:
    """One library built once, for all the tests of this module that read it."""
    library: Library = request.param
    if not library.available:
        if library.shared and os.environ.get("REQUIRE_SHARED"):
            pytest.fail(f"{library.path} is missing: .ci/run expects ../shared beside the clone")
        pytest.skip(f"{library.path} is not beside this clone: the shared libraries are not checked here")
    return build_library(library, tmp_path_factory.mktemp(library.name))


def summary(found: dict[str, list[str]], limit: int = 3) -> str:
    """Violations grouped by rule, most frequent first, with a few examples each."""
    lines = []
    for rule, examples in sorted(found.items(), key=lambda item: -len(item[1])):
        lines.append(f"{rule}: {len(examples)}")
        lines.extend(f"    {example}" for example in examples[:limit])
    return "\n".join(lines)


def without_quirks(library: str, key: str, violations: list[Violation], seen: set[tuple[str, str, str]]) -> list[Violation]:
    quirks = SOURCE_QUIRKS.get((library, key), {})
    for violation in violations:
        if violation.rule in quirks:
            seen.add((library, key, violation.rule))
    return [v for v in violations if v.rule not in quirks]


def test_every_entry_the_build_refuses_lacks_what_its_message_says(corpus: CorpusBuild) -> None:
    """Cited entries are checked strictly: an entry without the journal, year or publisher its
    type needs, or with an identifier that is not one, stops the build with ``file:line: fix``.
    Each such refusal must be borne out by the library itself, read by pybtex."""
    wrong = [r for r in corpus.rejected if not (r.kind and r.confirmed)]
    assert (wrong, corpus.unplaced) == ([], []), (
        f"{len(wrong)} of {len(corpus.rejected)} refusals not borne out by the library:\n"
        + "\n".join(f"  [{r.key}] {r.message[:220]}" for r in wrong[:12])
        + "".join(f"\n  (no entry) {m[:220]}" for m in corpus.unplaced[:6])
    )


def test_the_rest_of_the_library_builds_strictly_without_warnings(corpus: CorpusBuild) -> None:
    """The same library, byte for byte, with a page citing every entry the build did not refuse."""
    problems = (corpus.error or "").splitlines() + corpus.warnings
    kinds = Counter(re.sub(r"'[^']*'|\d+", "…", line) for line in problems)
    assert corpus.error is None and corpus.warnings == [], (
        f"{len(problems)} messages ({corpus.entries.total} entries, {len(corpus.cited)} cited):\n"
        + "\n".join(f"{count} × {kind[:200]}" for kind, count in kinds.most_common(12))
    )


def test_every_cited_entry_is_listed_once_in_citation_order(corpus: CorpusBuild) -> None:
    expected = [expected_anchor(key) for key in corpus.cited]
    listed = [anchor for anchor, _text in corpus.listed]
    missing = [key for key in corpus.cited if expected_anchor(key) not in set(listed)]
    repeated = [anchor for anchor, count in Counter(listed).items() if count > 1]
    assert listed == expected, (
        f"{len(listed)} listed of {len(expected)} cited; missing {len(missing)}: {missing[:10]}; "
        f"listed more than once: {repeated[:10]}" + (f"; the build aborted: {corpus.error[:300]}" if corpus.error else "")
    )


def test_no_listed_text_has_leftover_markup(corpus: CorpusBuild) -> None:
    by_anchor = {expected_anchor(key): key for key in corpus.cited}
    found: dict[str, list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for anchor, text in corpus.listed:
        violations = leftover_markup(text)
        for violation in without_quirks(corpus.library.name, by_anchor.get(anchor, ""), violations, seen):
            found.setdefault(violation.rule, []).append(f"[{by_anchor.get(anchor)}] {text}")
    listed = {by_anchor[anchor] for anchor, _text in corpus.listed if anchor in by_anchor}
    markup_rules = {rule for rule in RULES if rule.startswith(("markup.", "punctuation."))}
    stale = stale_quirks(corpus.library.name, listed, markup_rules, seen)
    assert (found, stale) == ({}, set()), summary(found) + (
        f"\nquirks no longer seen (remove them from SOURCE_QUIRKS): {sorted(stale)}" if stale else ""
    )


def test_a_sample_of_the_listed_texts_obeys_the_house_style(corpus: CorpusBuild) -> None:
    texts = corpus.listed_texts
    cited = {expected_anchor(key): key for key in corpus.cited}
    entries = {raw.key: raw for raw in corpus.entries.cited()}
    sampled = sample(corpus.cited)
    assert len(sampled) >= min(SAMPLE_SIZE, len(corpus.cited))
    found: dict[str, list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    unlisted = [key for key in sampled if expected_anchor(key) not in texts]
    for key in sampled:
        anchor = expected_anchor(key)
        if anchor not in texts:
            continue
        assert cited[anchor] == key
        raw = entries[key]
        assert raw.entry is not None
        violations = check_reference(texts[anchor], Source.from_entry(raw.entry))
        for violation in without_quirks(corpus.library.name, key, violations, seen):
            found.setdefault(violation.rule, []).append(f"[{key}: {violation.message}] {texts[anchor]}")
    listed = {key for key in sampled if expected_anchor(key) in texts}
    stale = stale_quirks(corpus.library.name, listed, set(RULES), seen)
    assert (unlisted, found, stale) == ([], {}, set()), (
        f"{len(unlisted)} of the {len(sampled)} sampled entries not listed: {unlisted[:10]}\n"
        f"{len({m.split(':', 1)[0] for ms in found.values() for m in ms})} listed entries break a rule:\n"
        + summary(found)
        + (f"\nquirks no longer seen (remove them from SOURCE_QUIRKS): {sorted(stale)}" if stale else "")
    )


def test_only_duplicated_unreadable_and_refused_entries_are_left_uncited(corpus: CorpusBuild) -> None:
    """No key is left out for its characters: every key the library has can be cited as written."""
    entries = corpus.entries
    assert entries.uncitable_keys() == []
    duplicated = {key.lower() for key in entries.duplicated_keys()}
    refused = {rejection.key for rejection in corpus.rejected}
    left_out = [raw for raw in entries.entries if raw.key not in set(corpus.cited)]
    assert all(
        raw.entry is None or not raw.key or raw.key.lower() in duplicated or raw.key in refused for raw in left_out
    )
    assert len(corpus.cited) == entries.total - len(left_out)


# --- the added fixtures -----------------------------------------------------------------


def strip_fields_module() -> ModuleType:
    path = FIXTURES / "strip_fields.py"
    spec = importlib.util.spec_from_file_location("strip_fields", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("strip_fields", module)
    spec.loader.exec_module(module)
    return module


def sources_table() -> dict[str, dict[str, str]]:
    """The fixtures' SOURCES.md table, by file name."""
    lines = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("| file |"))
    header = [cell.strip() for cell in lines[header_at].strip("|").split("|")]
    rows = {}
    for line in lines[header_at + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = dict(zip(header, cells, strict=True))
    return rows


@pytest.mark.parametrize("name", ADDED_LIBRARIES)
def test_each_added_library_keeps_only_bibliographic_fields(name: str) -> None:
    strip_fields = strip_fields_module()
    text = read_text(FIXTURES / f"{name}.bib")
    assert strip_fields.leftovers(text) == {}
    assert strip_fields.strip(text)[0] == text  # stripping again changes nothing


@pytest.mark.parametrize("name", ADDED_LIBRARIES)
def test_each_added_library_is_documented_with_its_origin_and_size(name: str) -> None:
    row = sources_table()[f"{name}.bib"]
    assert re.fullmatch(r"[0-9a-f]{40}", row["commit"]) and re.fullmatch(r"[0-9a-f]{40}", row["blob"])
    assert row["repository"] and row["path"] and row["exporter (evidence)"]
    assert int(row["entries"]) == strip_fields_module().entry_count(read_text(FIXTURES / f"{name}.bib"))


def test_the_added_libraries_include_mendeley_jabref_and_biblatex_exports() -> None:
    exporters = " ".join(ADDED_LIBRARIES.values())
    for wanted in ("Mendeley", "JabRef", "Better BibLaTeX"):
        assert wanted in exporters
    assert {path.stem for path in Path(FIXTURES).glob("*.bib")} == set(ADDED_LIBRARIES)


def test_the_harness_passes_the_projects_own_bibliography(tmp_path: Path) -> None:
    """The harness itself, on a library the site already prints in the house style."""
    from real_corpus import PROJECT

    built = build_library(Library("project", PROJECT / "bibliography.bib", "hand-written", False), tmp_path)
    assert (built.error, built.warnings) == (None, [])
    assert [anchor for anchor, _text in built.listed] == [expected_anchor(key) for key in built.cited]
    assert len(built.cited) == built.entries.total >= 6
    entries = {raw.key: raw for raw in built.entries.cited()}
    for key in built.cited:
        text = built.listed_texts[expected_anchor(key)]
        raw = entries[key]
        assert raw.entry is not None
        assert leftover_markup(text) == []
        assert [str(v) for v in check_reference(text, Source.from_entry(raw.entry))] == [], text
