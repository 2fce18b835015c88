"""A build is never published with the preview address by accident.

``site_url`` (mkdocs.yml) is ``SITE_URL`` when that is set, else the preview
address ``http://127.0.0.1:8000/`` that ``mkdocs serve`` and the tests use.
Every canonical link, feed, JSON-LD block and citation tag carries it, so:

- ``mkdocs gh-deploy`` stops, with one message, when it is a loopback address;
- ``mkdocs build`` says in one line that the site it writes is a local preview
  (``make build`` refuses earlier, unless ``SITE_URL`` is given);
- ``mkdocs serve`` is left alone: it serves at its own address on purpose.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("site_address")


def is_preview_address(url: str | None) -> bool:
    """True when ``url`` is empty or names this machine (loopback, localhost, 0.0.0.0)."""
    host = urlsplit(url or "").hostname
    if not host:
        return True
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_published_address(config: MkDocsConfig, command: str | None) -> None:
    """Stop ``gh-deploy`` with a preview ``site_url``; say that a ``build`` with one is a preview."""
    if not is_preview_address(config.site_url):
        return
    shown = config.site_url or "(none)"
    if command == "gh-deploy":
        raise PluginError(
            f"site_url is {shown}, a preview address: set SITE_URL to the address the site is "
            "published at before deploying (SITE_URL=https://example.org/back-blog/ mkdocs gh-deploy)"
        )
    if command == "build":
        log.info(
            f"site_url is {shown}: this build is a local preview (its canonical links, feeds, JSON-LD "
            "and citation tags point there); to publish, build with SITE_URL set to the published address"
        )
