"""MkDocs hook: check bibliography.bib before mkdocs-bibtex loads it.

Every problem is reported at once, as ``bibliography.bib:LINE: what to do``;
errors stop the build cleanly (no traceback), warnings fail it in strict mode.
The checks live in ``backblog.bibliography``.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from backblog.bibliography import check_bibliography_file, check_study_designs, format_problem
from backblog.references import bib_files
from backblog.settings import settings

log = get_plugin_logger("bibliography")


@event_priority(100)  # before mkdocs-bibtex parses the file (and crashes on it)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        return config
    project = os.path.dirname(config.config_file_path or "") or os.getcwd()
    messages: list[str] = []
    for path in bib_files(plugin.config, config.config_file_path):
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
    if messages:
        raise PluginError("\n".join(messages))
    return config
