"""The bibliography files: checked, parsed once, and merged into one :class:`Bibliography`.

Every problem of every file is found at once, as ``bibliography.bib:LINE:
what to do``.  A file that cannot be read stops the build cleanly (no
traceback); an entry's problems stop it only if a page cites the entry (an
exported library may hold hundreds no post cites), errors at once, warnings
in strict mode.  The checks live in ``bib_checks``.  The check parses each
file (once per change of it, ``serve`` included), and the parse is the
bibliography: mkdocs-bibtex, which holds it, parses nothing itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from pybtex.database import BibliographyData

from .bib_checks import check_bibliography_file, check_study_designs
from .bib_parse import BibProblem, CheckedBibliography, format_problem
from .bibtex_plugin import bibliography_files, held_bibliography
from .references import Bibliography
from .settings import settings
from .site_paths import is_inside, project_dir

if TYPE_CHECKING:
    from .build import Caches


def reference_cache_dir(project: str) -> str:
    """Where builds keep formatted entries on disk: ``.cache/backblog`` beside
    ``mkdocs.yml`` (ignored by git; CI may keep it between runs)."""
    return os.path.join(project, ".cache", "backblog")


def bibliography_sources(paths: list[str]) -> dict[str, int]:
    """The bibliography files and their modification times: what a parse is valid for."""
    return {os.path.abspath(path): os.stat(path).st_mtime_ns for path in paths}


@dataclass
class LoadedFiles:
    """The bibliography files of a build: each checked (its path as messages show it)."""

    files: list[tuple[str, CheckedBibliography]] = field(default_factory=list)
    #: What stops every build: a file missing, unreadable, or linked from outside.
    file_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[tuple[str, BibProblem]]:
        return [(shown, problem) for shown, checked in self.files for problem in checked.problems]

    def cited_problems(self, cited: set[str]) -> tuple[list[str], list[str]]:
        """The errors and warnings of the entries ``cited`` (lower-cased keys), as messages."""
        found = [(shown, p) for shown, checked in self.files for p in checked.problems_of(cited)]
        errors = [format_problem(shown, p) for shown, p in found if p.is_error]
        warnings = [format_problem(shown, p) for shown, p in found if p.severity == "warning"]
        return errors, warnings

    def unreadable(self) -> dict[str, str]:
        """Lower-cased key -> where and why an entry could not be read."""
        return {
            key: format_problem(shown, problem)
            for shown, checked in self.files
            for key, problem in checked.unreadable.items()
        }


def check_files(config: MkDocsConfig, caches: Caches) -> LoadedFiles:
    """Each bibliography file checked; every problem belongs to the file or to an entry."""
    project = project_dir(config)
    loaded = LoadedFiles()
    designs = settings(config).study_designs
    for path in bibliography_files(config):
        shown = os.path.relpath(path, project).replace(os.sep, "/")
        if not os.path.isfile(path):
            what = "is a folder, not a file" if os.path.isdir(path) else "file not found"
            loaded.file_errors.append(f"{shown}: {what}: create it or correct bib_file in mkdocs.yml")
            continue
        if not is_inside(path, project):
            loaded.file_errors.append(
                f"{shown}: is a link to {os.path.realpath(path)}, outside the project: the build reads "
                "only the project's own files; copy the bibliography into the project instead"
            )
            continue
        checked = check_bibliography_file(path, caches.checked, caches.entries)
        loaded.file_errors.extend(format_problem(shown, problem) for problem in checked.file_errors)
        study_designs = check_study_designs(checked, designs)
        if study_designs:
            checked = replace(checked, problems=sorted(checked.problems + study_designs, key=lambda p: p.line or 0))
        loaded.files.append((shown, checked))
    loaded.files = duplicates_across_files(loaded.files)
    return loaded


def load_bibliography(config: MkDocsConfig, caches: Caches) -> tuple[Bibliography, LoadedFiles]:
    """The bibliography of this build, or a :class:`PluginError` for a file that cannot be read.

    Entries' own problems do not stop the build here: only those of entries a
    page cites do, once every page is known (:meth:`LoadedFiles.cited_problems`).
    """
    loaded = check_files(config, caches)
    if loaded.file_errors:
        raise PluginError("\n".join(loaded.file_errors))
    sources = bibliography_sources(bibliography_files(config))
    held = held_bibliography(config)
    if held is not None and held.sources == sources:
        return held, loaded
    bibliography = Bibliography(
        merged([checked.data for _, checked in loaded.files]),
        sources,
        cache_dir=reference_cache_dir(project_dir(config)),
        memory=caches.formatted,
        # Under serve, what the disk holds is in memory since the first build: a second read
        # of 5,000 lines would only find it again (0.3 s of an edited entry's follow-up).
        read_disk=not (caches.serving and caches.formatted),
    )
    bibliography.unreadable = loaded.unreadable()
    return bibliography, loaded


def merged(datasets: list[BibliographyData]) -> BibliographyData:
    """One file's entries as parsed; several files' entries together, as mkdocs-bibtex merges them."""
    if len(datasets) == 1:
        return datasets[0]
    return BibliographyData(entries={key: entry for data in datasets for key, entry in data.entries.items()})


def duplicates_across_files(
    files: list[tuple[str, CheckedBibliography]],
) -> list[tuple[str, CheckedBibliography]]:
    """A key in two bibliography files (``bib_dir``), which mkdocs-bibtex would keep one of
    silently: a problem of the key, in the second file."""
    first: dict[str, tuple[str, str, int | None]] = {}
    checked_files = []
    for shown, checked in files:
        found = []
        for key, line in checked.lines.items():
            folded = key.lower()
            if folded in first:
                other_shown, other_key, other_line = first[folded]
                where = f"{other_shown}:{other_line}" if other_line else other_shown
                found.append(BibProblem(line, (
                    f"duplicate key '{key}': {where} already has key '{other_key}' "
                    "(keys are compared regardless of case); delete the copy or give one entry another key"
                ), key=key))
            else:
                first[folded] = (shown, key, line)
        checked_files.append((shown, replace(checked, problems=checked.problems + found) if found else checked))
    return checked_files
