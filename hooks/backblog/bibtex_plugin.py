"""The one module that touches mkdocs-bibtex's plugin object (mkdocs-bibtex 4.4.0).

mkdocs-bibtex holds the bibliography: its plugin object keeps a
``ReferenceRegistry`` for the whole ``serve`` process.  We hand it a
registry of ours wrapping the :class:`~backblog.references.Bibliography` our
check has parsed, so that the file is parsed once, and we never let its own
formatting reach a page.  What this relies on, each assumption tested by
name in ``tests/test_adapters.py``:

1. ``PLUGIN_NAME``: the plugin is listed as ``bibtex``; its options ``bib_file``
   (a path relative to mkdocs.yml) or ``bib_dir`` (every ``*.bib`` under it).
2. ``SKIPS_LOADING``: its ``on_config`` loads nothing when every file is
   older than its ``last_configured`` time stamp.
3. ``REGISTRY_ATTRIBUTE``: it keeps the registry as ``registry`` and calls
   only the four methods of ``ReferenceRegistry`` on it.
4. ``LEAVES_CITATIONS``: with our registry and inline citations off, its
   ``on_page_markdown`` leaves every ``[@...]`` as written.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import Citation, CitationBlock, InlineReference
from mkdocs_bibtex.registry import ReferenceRegistry
from mkdocs_bibtex.utils import get_path_relative_to_mkdocs_yaml

from .references import Bibliography

PLUGIN_NAME = "bibtex"


def bibtex_plugin(config: MkDocsConfig) -> Any:
    """The plugin object, or a message naming the fix."""
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise PluginError(
            f"mkdocs.yml: the '{PLUGIN_NAME}' plugin (mkdocs-bibtex) must be listed under plugins: "
            "it holds bibliography.bib for the citations"
        )
    return plugin


def bibliography_files(config: MkDocsConfig) -> list[str]:
    """The files mkdocs-bibtex reads: ``bib_file``, or every ``*.bib`` under ``bib_dir``."""
    options = bibtex_plugin(config).config
    if options.bib_file:
        if "://" in options.bib_file:
            raise PluginError(
                f"mkdocs.yml: bib_file '{options.bib_file}' is an address: keep the bibliography in "
                "the repository (bib_file: bibliography.bib), so that every build reads the same file"
            )
        return [get_path_relative_to_mkdocs_yaml(options.bib_file, config)]
    folder = get_path_relative_to_mkdocs_yaml(options.bib_dir, config)
    return sorted(str(path) for path in Path(folder).rglob("*.bib"))


def hand_over(config: MkDocsConfig, bibliography: Bibliography) -> None:
    """Make ``bibliography`` the plugin's registry, so that it parses nothing itself."""
    plugin = bibtex_plugin(config)
    registry = plugin.registry
    if not (isinstance(registry, VancouverRegistry) and registry.bibliography is bibliography):
        plugin.registry = VancouverRegistry(bibliography, plugin.config.footnote_format)
    # It reloads only files modified at or after this time: none (a file's
    # time may be ahead of the clock: a copy, a coarse file system).
    stamps = [os.stat(path).st_mtime + 1 for path in bibliography.sources]
    plugin.last_configured = max([time.time(), *stamps])


def held_bibliography(config: MkDocsConfig) -> Bibliography | None:
    """The bibliography the plugin holds from an earlier build of this process, if ours."""
    registry = bibtex_plugin(config).registry
    return registry.bibliography if isinstance(registry, VancouverRegistry) else None


class VancouverRegistry(ReferenceRegistry):
    """mkdocs-bibtex's registry, holding our :class:`Bibliography`.

    The plugin still calls ``inline_text`` on each ``[...]`` it finds with its
    regular expressions (code included); we hand the text back unchanged, so
    that our Markdown extension, which sees no code, does the citing.
    """

    def __init__(self, bibliography: Bibliography, footnote_format: str) -> None:
        # No super().__init__(): that would parse the files again.
        self.bibliography = bibliography
        self.bib_data = bibliography.data
        self.footnote_format = footnote_format

    def validate_citation_blocks(self, citation_blocks: list[CitationBlock]) -> None:
        """Nothing to do: citations are checked where code has been set aside."""

    def validate_inline_references(self, inline_references: list[InlineReference]) -> set[InlineReference]:
        """Inline ``@key`` citations are switched off in ``mkdocs.yml``."""
        return set()

    def inline_text(self, citation_block: CitationBlock) -> str:
        """Leave ``[@...]`` in the Markdown for our extension to cite."""
        return str(citation_block)

    def reference_text(self, citation: Citation | InlineReference) -> str:
        """Nothing: the plugin's own list commands are disabled in mkdocs.yml, and
        unknown keys are reported, with page and line, by our extension."""
        return ""
