"""A build's downloads, unpacked by ``tar`` while MkDocs builds the pages (``tar_writer.py``).

What ``tar`` writes is checked against what this process writes without it
(``MadeOnWrite.copy_file``, MkDocs' own way of writing a generated file), file
by file and byte for byte, for a handful of awkward files and for the whole
real site; GNU tar is Debian's (``.ci/run`` runs on Debian, where it is
essential).
"""

from __future__ import annotations

import os
import stat
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from backblog import tar_writer
from backblog.reference_files import MadeOnWrite
from backblog.tar_writer import TarWriter, tar_program
from sitebuilder import PROJECT, build_real_site, run_builds

# Awkward files: a name past the 100 bytes of a tar header, a name beyond ASCII, an empty
# file, one of several MB in pieces, text beyond the Basic Multilingual Plane.
_LONG = "blog/2025/06/01/" + "a-title-long-enough-to-need-gnu-tar-s-long-name-record-" * 2 + "/references.json"
_FILES: dict[str, list[str]] = {
    "references/okeeffe2017.ris": ["TY  - JOUR\r\n", "AU  - O'Keeffe, M\r\n", "ER  - \r\n"],
    _LONG: ['[{"id": "a"}', ",\n", '{"id": "b"}]\n'],
    "bibliothèque/références.bib": ["@article{müller2020,\n  title = {Ünïcode 😀},\n}\n"],
    "library/empty.bib": [],
    "library/references.bib": [f"@misc{{testauthor{n}, title = {{Synthetic title {n}}}}}\n\n" for n in range(60_000)],
}


def _config(site_dir: Path) -> SimpleNamespace:
    return SimpleNamespace(site_dir=str(site_dir), use_directory_urls=True, plugins=SimpleNamespace(_current_plugin=None))


def _write_all(site_dir: Path, writer: TarWriter | None) -> None:
    """Every file of ``_FILES`` written as a build writes a download, with ``writer`` or in this process."""
    for uri, pieces in _FILES.items():
        file = MadeOnWrite.generated(_config(site_dir), uri, content="")  # type: ignore[arg-type]
        file.make_with(lambda pieces=pieces: iter(pieces))  # type: ignore[arg-type,misc]
        file.writer = writer
        file.copy_file()


def _tree(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Each file's bytes and each file's and folder's permissions, under ``root``."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes() if path.is_file() else None, stat.S_IMODE(path.stat().st_mode))
        for path in root.rglob("*")
    }


def test_this_machine_has_a_tar_that_reads_gnu_archives() -> None:
    assert tar_program() is not None, "install GNU tar (Debian: the essential package tar) or bsdtar"


def test_files_unpacked_by_tar_are_the_files_written_in_process(tmp_path: Path) -> None:
    here, unpacked = tmp_path / "here", tmp_path / "unpacked"
    _write_all(here, None)
    writer = TarWriter.for_build(str(unpacked))
    assert writer is not None
    _write_all(unpacked, writer)
    assert not unpacked.exists()  # nothing is written before tar runs
    writer.finish()
    expected = _tree(here)
    assert expected[_LONG][0] == b'[{"id": "a"},\n{"id": "b"}]\n'
    assert expected["library/empty.bib"] == (b"", 0o666 & ~_umask())
    assert len(expected["library/references.bib"][0] or b"") > 3_000_000
    assert _tree(unpacked) == expected


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_text_that_cannot_be_encoded_fails_as_it_does_in_process(tmp_path: Path) -> None:
    """A lone surrogate: ``open(..., encoding="utf-8")`` refuses it, and so does the writer, at once."""
    writer = TarWriter.for_build(str(tmp_path / "site"))
    assert writer is not None
    with pytest.raises(UnicodeEncodeError):
        writer.add("references.bib", ["@misc{a, title = {\ud800}}"])
    with pytest.raises(UnicodeEncodeError), open(tmp_path / "direct.bib", "w", encoding="utf-8") as file:
        file.write("@misc{a, title = {\ud800}}")
    writer.abandon()


def test_each_folder_comes_before_its_files_so_that_a_folder_made_meanwhile_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs makes a post's folder to write its page while tar unpacks the post's downloads.
    GNU tar, finding the folder missing, then finding it made by someone else, gives up on the
    file; with the folder in the archive before the file, it does not. Mutation check: without
    the folders, the same race fails (it did 5 times in 5 here)."""

    def race(site: Path) -> None:
        writer = TarWriter.for_build(str(site))
        assert writer is not None
        names = [f"blog/{n // 100}/{n}/post-reference.bib" for n in range(1500)]
        for name in names:
            writer.add(name, ["@misc{testauthor, title = {Synthetic title}}\n"])
        writer.start()
        for name in names:  # as MkDocs makes the folders of its pages, meanwhile
            os.makedirs(site / os.path.dirname(name), exist_ok=True)
        writer.finish()
        assert len(list(site.rglob("*.bib"))) == 1500

    race(tmp_path / "with-folders")
    writer = TarWriter(str(tmp_path / "unused"), "tar")
    writer.add("a/b/c.bib", ["x"])
    writer.add("a/d.bib", ["y"])
    assert writer._archive is not None
    writer._archive.write(bytes(2 * tarfile.BLOCKSIZE))  # the end of the archive, as start() writes it
    writer._archive.seek(0)
    with tarfile.open(fileobj=writer._archive, mode="r") as archive:
        assert [(m.name, m.isdir()) for m in archive] == [("a", True), ("a/b", True), ("a/b/c.bib", False), ("a/d.bib", False)]
    writer.abandon()
    monkeypatch.setattr(TarWriter, "_add_folders", lambda self, archive, folder: None)
    failures = 0
    for trial in range(3):
        try:
            race(tmp_path / f"without-{trial}")
        except PluginError as error:
            assert "Cannot open: No such file or directory" in str(error)
            failures += 1
    assert failures > 0


def test_a_file_tar_cannot_write_fails_the_build_with_tar_s_message(tmp_path: Path) -> None:
    """A name longer than a file system takes (255 bytes on ext4), as one a disk full or a
    folder not writable would give: the build fails, naming tar's message; the other file is
    written."""
    site = tmp_path / "site"
    writer = TarWriter.for_build(str(site))
    assert writer is not None
    writer.add("posts/x/" + "x" * 300 + ".bib", ["@misc{a}\n"])
    writer.add("posts/y/references.bib", ["@misc{b}\n"])
    with pytest.raises(PluginError) as raised:
        writer.finish()
    message = str(raised.value)
    assert message.startswith(f"{site}: tar could not write the site's 2 download files: ")
    assert "posts/x/xxx" in message and "File name too long" in message
    assert message.endswith("Check that the folder can be written and the disk has room, then build again.")
    assert (site / "posts" / "y" / "references.bib").read_text(encoding="utf-8") == "@misc{b}\n"


def test_a_tar_that_is_neither_gnu_tar_nor_bsdtar_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BusyBox's tar, say, which may not take the options: the files are written in this process."""
    fake = tmp_path / "bin" / "tar"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'tar (busybox) 1.36.1'\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    tar_program.cache_clear()
    try:
        assert tar_program() is None
        assert TarWriter.for_build(str(tmp_path / "site")) is None
        monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
        tar_program.cache_clear()
        assert tar_program() is None
    finally:
        tar_program.cache_clear()


def test_the_real_site_built_through_tar_is_the_site_written_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte for byte, every file, built twice in one process (as ``mkdocs build`` does once);
    then the same site with no tar to use, written by MkDocs' way. The feeds differ in their
    build dates only."""
    unpacked: list[int] = []
    finish = TarWriter.finish

    def counted(self: TarWriter) -> None:
        unpacked.append(self._files)
        finish(self)

    monkeypatch.setattr(TarWriter, "finish", counted)
    sites = [tmp_path / "tar", tmp_path / "tar-again"]
    assert [error for _, error in run_builds(PROJECT / "mkdocs.yml", sites)] == [None, None]
    monkeypatch.setattr(tar_writer, "tar_program", lambda: None)
    here = tmp_path / "here"
    assert build_real_site(here) == []
    written = sorted(path.relative_to(here).as_posix() for path in here.rglob("*") if path.is_file())
    assert len(written) > 50
    downloads = [name for name in written if name.endswith((".bib", ".ris", "/references.json"))]
    assert unpacked == [len(downloads), len(downloads)]
    for site in sites:
        assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()) == written
        differ = [name for name in written if (site / name).read_bytes() != (here / name).read_bytes()]
        assert set(differ) <= {"feed_rss_created.xml", "feed_rss_updated.xml"}, differ
