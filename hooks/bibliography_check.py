"""MkDocs hook: check bibliography.bib, then hand its entries to mkdocs-bibtex.

Every problem is reported at once, as ``bibliography.bib:LINE: what to do``;
errors stop the build cleanly (no traceback), warnings fail it in strict mode.
The checks live in ``backblog.bibliography``.

The check parses the file (once per change of it, ``serve`` included); the
parsed entries become mkdocs-bibtex's registry (:class:`VancouverRegistry`),
and the plugin is told, through its own "files unchanged since I loaded
them" time stamp, that it has nothing to load: the file is parsed once, not
twice (a second of a 5000-entry build, and a second copy in memory).
"""

from __future__ import annotations

import os
import time

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from pybtex.database import BibliographyData

from backblog.bibliography import (
    BibProblem,
    CheckedBibliography,
    check_bibliography_file,
    check_study_designs,
    format_problem,
)
from backblog.references import VancouverRegistry, bib_files, bibliography_sources, reference_cache_dir
from backblog.settings import settings
from backblog.site_paths import project_dir

log = get_plugin_logger("bibliography")


@event_priority(100)  # before mkdocs-bibtex would parse the file (and crash on it)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        return config
    project = project_dir(config)
    messages: list[str] = []
    loaded: list[tuple[str, CheckedBibliography]] = []
    paths = bib_files(plugin.config, config.config_file_path)
    for path in paths:
        shown = os.path.relpath(path, project).replace(os.sep, "/")
        if not os.path.exists(path):
            messages.append(f"{shown}: file not found: create it or correct bib_file in mkdocs.yml")
            continue
        checked = check_bibliography_file(path)
        messages.extend(format_problem(shown, problem) for problem in checked.errors)
        designs = check_study_designs(checked, settings(config).study_designs)
        messages.extend(format_problem(shown, problem) for problem in designs)
        for problem in checked.warnings:
            log.warning(format_problem(shown, problem))
        loaded.append((shown, checked))
    messages.extend(_duplicates_across_files(loaded))
    if messages:
        raise PluginError("\n".join(messages))
    sources = bibliography_sources(paths)
    registry = plugin.registry
    if not (isinstance(registry, VancouverRegistry) and registry.sources == sources):
        plugin.registry = VancouverRegistry(
            _merged([checked.data for _, checked in loaded if checked.data is not None]),
            sources,
            footnote_format=plugin.config.footnote_format,
            cache_dir=reference_cache_dir(project),
        )
    # mkdocs-bibtex reloads only files modified at or after this time: none
    # (a file's time may be ahead of the clock: a copy, a coarse file system).
    plugin.last_configured = max([time.time(), *(os.stat(path).st_mtime + 1 for path in paths)])
    return config


def _merged(datasets: list[BibliographyData]) -> BibliographyData:
    """One file's entries as parsed; several files' entries together, as mkdocs-bibtex merges them."""
    if len(datasets) == 1:
        return datasets[0]
    return BibliographyData(entries={key: entry for data in datasets for key, entry in data.entries.items()})


def _duplicates_across_files(loaded: list[tuple[str, CheckedBibliography]]) -> list[str]:
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

