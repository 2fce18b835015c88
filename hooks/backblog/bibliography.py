"""The bibliography files: checked, parsed once, and merged into one :class:`Bibliography`.

Every problem of every file is reported at once, as ``bibliography.bib:LINE:
what to do``; errors stop the build cleanly (no traceback), warnings fail it
in strict mode.  The checks live in ``bib_checks``.  The check parses each
file (once per change of it, ``serve`` included), and the parse is the
bibliography: mkdocs-bibtex, which holds it, parses nothing itself.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from pybtex.database import BibliographyData

from .bib_checks import BibProblem, CheckedBibliography, check_bibliography_file, check_study_designs, format_problem
from .bibtex_plugin import bibliography_files, held_bibliography
from .references import Bibliography
from .settings import settings
from .site_paths import is_inside, project_dir

if TYPE_CHECKING:
    from .build import Caches

log = get_plugin_logger("bibliography")


def reference_cache_dir(project: str) -> str:
    """Where builds keep formatted entries on disk: ``.cache/backblog`` beside
    ``mkdocs.yml`` (ignored by git; CI may keep it between runs)."""
    return os.path.join(project, ".cache", "backblog")


def bibliography_sources(paths: list[str]) -> dict[str, int]:
    """The bibliography files and their modification times: what a parse is valid for."""
    return {os.path.abspath(path): os.stat(path).st_mtime_ns for path in paths}


def check_files(config: MkDocsConfig, caches: Caches) -> tuple[list[tuple[str, CheckedBibliography]], list[str]]:
    """Each bibliography file checked (path as shown, result), and every error message."""
    project = project_dir(config)
    messages: list[str] = []
    loaded: list[tuple[str, CheckedBibliography]] = []
    for path in bibliography_files(config):
        shown = os.path.relpath(path, project).replace(os.sep, "/")
        if not os.path.isfile(path):
            what = "is a folder, not a file" if os.path.isdir(path) else "file not found"
            messages.append(f"{shown}: {what}: create it or correct bib_file in mkdocs.yml")
            continue
        if not is_inside(path, project):
            messages.append(
                f"{shown}: is a link to {os.path.realpath(path)}, outside the project: the build reads "
                "only the project's own files; copy the bibliography into the project instead"
            )
            continue
        checked = check_bibliography_file(path, caches.checked)
        messages.extend(format_problem(shown, problem) for problem in checked.errors)
        designs = check_study_designs(checked, settings(config).study_designs)
        messages.extend(format_problem(shown, problem) for problem in designs)
        loaded.append((shown, checked))
    messages.extend(duplicates_across_files(loaded))
    return loaded, messages


def load_bibliography(config: MkDocsConfig, caches: Caches) -> Bibliography:
    """The checked bibliography of this build, or a :class:`PluginError` listing every problem."""
    loaded, messages = check_files(config, caches)
    if messages:
        raise PluginError("\n".join(messages))
    for shown, checked in loaded:
        for problem in checked.warnings:
            log.warning(format_problem(shown, problem))
    sources = bibliography_sources(bibliography_files(config))
    held = held_bibliography(config)
    if held is not None and held.sources == sources:
        return held
    return Bibliography(
        merged([checked.data for _, checked in loaded if checked.data is not None]),
        sources,
        cache_dir=reference_cache_dir(project_dir(config)),
        memory=caches.formatted,
    )


def merged(datasets: list[BibliographyData]) -> BibliographyData:
    """One file's entries as parsed; several files' entries together, as mkdocs-bibtex merges them."""
    if len(datasets) == 1:
        return datasets[0]
    return BibliographyData(entries={key: entry for data in datasets for key, entry in data.entries.items()})


def duplicates_across_files(loaded: list[tuple[str, CheckedBibliography]]) -> list[str]:
    """A key in two bibliography files (``bib_dir``): mkdocs-bibtex would keep one silently."""
    messages = []
    first: dict[str, tuple[str, str, int | None]] = {}
    for shown, checked in loaded:
        for key, line in checked.lines.items():
            folded = key.lower()
            if folded in first:
                other_shown, other_key, other_line = first[folded]
                where = f"{other_shown}:{other_line}" if other_line else other_shown
                messages.append(format_problem(shown, BibProblem(line, (
                    f"duplicate key '{key}': {where} already has key '{other_key}' "
                    "(keys are compared regardless of case); delete the copy or give one entry another key"
                ))))
            else:
                first[folded] = (shown, key, line)
    return messages
