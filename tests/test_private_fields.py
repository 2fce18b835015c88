"""Nothing private in an editor's export is published: not a file path, an abstract, a note or a tag.

A real Zotero + Better BibTeX export (``../shared/real-bibliographies/mckeigue_covid.bib``,
whose entries carry ``file = {/mnt/pm/zotero/storage/...}`` and an ``abstract``) is the
bibliography of a whole tiny site; a post cites its entries that hold both, and a
synthetic entry with every private field a reference manager writes.  Every file the
build writes (pages, downloads, feeds, search index, sitemap) is then searched for them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pybtex.database import parse_string

from backblog.bib_checks import check_bibliography_text
from sitebuilder import BLOG_POST, PROJECT, run_build, write_full_project

ZOTERO_EXPORT = PROJECT.parent / "shared" / "real-bibliographies" / "mckeigue_covid.bib"
PRIVATE = {
    "file": "/home/testeditor/Zotero/storage/SECRETPATH/paper.pdf",
    "abstract": "Synthetic abstract words that are the publisher's",
    "annote": "Synthetic private note",
    "annotation": "Synthetic private annotation",
    "keywords": "synthetickeywordone, synthetickeywordtwo",
    "mendeley-tags": "synthetictagone",
    "groups": "syntheticgroupone",
    "owner": "syntheticowner",
    "timestamp": "2031-01-01",
    "comment": "Synthetic private comment",
}
SYNTHETIC = "@article{private2024,\n  author = {Testauthor, A.},\n  title = {Synthetic title},\n" + "".join(
    f"  {name} = {{{value}}},\n" for name, value in PRIVATE.items()
) + "  journal = {J Synth Tests}, year = {2024}, volume = {1}, pages = {1--2},\n}\n"


def zotero_library() -> str:
    if not ZOTERO_EXPORT.is_file():
        if os.environ.get("REQUIRE_SHARED"):
            pytest.fail(f"{ZOTERO_EXPORT} is missing: .ci/run expects ../shared beside the clone")
        pytest.skip(f"{ZOTERO_EXPORT} is not beside this clone")
    return ZOTERO_EXPORT.read_text(encoding="utf-8")


def test_no_file_path_abstract_or_note_of_the_export_is_published(tmp_path: Path) -> None:
    library = zotero_library()
    checked = check_bibliography_text(library)
    failing = {p.key for p in checked.problems if p.key and p.severity != "note"}
    private_keys = [
        key for key, entry in checked.data.entries.items()
        if "file" in entry.fields and "abstract" in entry.fields and key not in failing
    ][:12]
    assert len(private_keys) >= 10
    paths = [str(checked.data.entries[key].fields["file"]).split(";")[0] for key in private_keys]
    cites = "; ".join(f"@{key}" for key in [*private_keys, "private2024"])
    post = BLOG_POST.replace("Body [@alpha2020].", f"Body [{cites}].")
    config = write_full_project(tmp_path, {"2025-01-post.md": post}, library + "\n" + SYNTHETIC)
    assert run_build(config) == ([], None)
    site = tmp_path / "site"
    written = {path: path.read_text(encoding="utf-8", errors="replace") for path in site.rglob("*") if path.is_file()
               and path.suffix in (".html", ".bib", ".ris", ".json", ".xml", ".txt")}
    downloads = [path for path in written if path.suffix in (".bib", ".ris", ".json") and "search" not in path.parts]
    assert {path.suffix for path in downloads} >= {".bib", ".ris", ".json"}
    leaks = sorted(
        f"{path.relative_to(site)}: {secret[:40]}"
        for path, text in written.items()
        for secret in [*PRIVATE.values(), *paths, "zotero/storage", "Abstract removed from this copy"]
        if secret in text
    )
    assert leaks == []
    # The downloads still hold each cited work, read back by pybtex, with bibliographic fields only.
    (post_bib,) = [path for path in downloads if path.name == "references.bib" and "blog" in path.parts]
    exported = parse_string(written[post_bib], "bibtex")
    assert {str(key).lower() for key in exported.entries} == {key.lower() for key in [*private_keys, "private2024"]}
    for entry in exported.entries.values():
        assert not {name.lower() for name in entry.fields} & {*PRIVATE, "file", "abstract"}, entry.key
