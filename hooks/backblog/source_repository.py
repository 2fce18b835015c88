"""Where the site's source is: the repository readers report corrections to.

The About page promises a link to it. Its address is the site's
``repo_url`` (``mkdocs.yml``) if one is set, else the repository GitHub
Actions builds the site from: every workflow run has ``GITHUB_SERVER_URL``
and ``GITHUB_REPOSITORY`` in its environment, so the deployed site links to
the repository it was deployed from without anyone writing it down. A local
preview without either says "source repository" without a link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MARKER = "<!-- source-repository -->"
_GITHUB_REPOSITORY_RE = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def repository_url(repo_url: str | None, environ: Mapping[str, str]) -> str | None:
    """The repository's address, if the configuration or GitHub's environment gives it."""
    if repo_url:
        return repo_url
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = environ.get("GITHUB_REPOSITORY", "")
    if server.startswith("https://") and _GITHUB_REPOSITORY_RE.fullmatch(repository):
        return f"{server}/{repository}"
    return None


def repository_markdown(url: str | None, text: str = "source repository") -> str:
    """What :data:`MARKER` becomes: a link to the repository, or its name alone."""
    return f"[{text}](<{url}>)" if url else text
