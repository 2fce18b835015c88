"""The blog's feeds as RSS 2.0 and JSON Feed 1.1 define them.

mkdocs-rss-plugin (1.19) writes an RSS and a JSON feed of the posts by
creation, and another pair by update; what it writes breaks both formats, and
this module mends the four files once the plugin has written them (the
hook's ``on_post_build`` runs after the plugin's). The one module that reads
the plugin; what it relies on is tested by name in ``tests/test_feeds.py``:

1. ``RSS_NAME``: the plugin is ``rss`` in ``config.plugins``; its options
   ``rss_feed_enabled``, ``json_feed_enabled`` and ``feeds_filenames``
   (``rss_created``, ``rss_updated``, ``json_created``, ``json_updated``) name
   the files in ``site_dir``.
2. ``pages_to_filter``: the pages it has read. It empties that list only in
   ``on_startup``, so under ``mkdocs serve`` every rebuild added each post once
   more to the feeds; :func:`forget_earlier_builds` empties it in ``on_config``.
3. ``ITEM_LINK``: an item's ``<link>`` (RSS) and ``url`` (JSON) is the post's
   address, ``site_url`` joined with its URL: that is how an item is matched
   with its post's dates.

What is mended, by the letter of each format:

- RSS ``managingEditor`` and an item's ``author`` must be e-mail addresses; the
  plugin writes the site's author and the post's author names ("Spine IQ").
  The channel's goes (there is no address to give); an item's name becomes
  ``dc:creator`` (Dublin Core, the element RSS 2.0 feeds use for names).
- RSS ``<image>`` needs a ``url`` of a GIF, JPEG or PNG image; without a
  configured image the plugin writes ``<url>None</url>``: the image goes.
- JSON Feed wants a value to be a string (a URL for ``icon`` and ``image``) or
  absent; the plugin writes ``null``: every ``null`` goes.
- The feeds by update stamp a post never updated with the build time, so every
  deploy would tell subscribers that every post changed: an item's date there
  is the post's ``date.updated``, else its ``date.created``, and the items are
  in that order, newest first. The channel's ``pubDate`` (RSS: "the
  publication date for the content in the channel") is the newest item's date;
  ``lastBuildDate`` stays the build's.
"""

from __future__ import annotations

import datetime
import email.utils
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.dom import minidom

from mkdocs.config.defaults import MkDocsConfig

RSS_NAME = "rss"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def forget_earlier_builds(config: MkDocsConfig) -> None:
    """A build's feeds hold its own posts only, also in the second build of ``serve``."""
    plugin = config.plugins.get(RSS_NAME)
    if plugin is not None and isinstance(getattr(plugin, "pages_to_filter", None), list):
        plugin.pages_to_filter = []


@dataclass(frozen=True)
class PostDates:
    """When a post was published and, if ever, last updated."""

    created: datetime.datetime
    updated: datetime.datetime | None = None

    @property
    def last_change(self) -> datetime.datetime:
        return self.updated or self.created


def as_utc(value: datetime.date | datetime.datetime) -> datetime.datetime:
    """A front-matter date as a time: midnight UTC for a day, as the plugin reads one; UTC for a naive time."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def rfc822(value: datetime.datetime) -> str:
    """A date as RSS 2.0 wants it (RFC 822, with a four-digit year): ``Mon, 02 Jun 2025 00:00:00 +0000``."""
    return email.utils.format_datetime(value.astimezone(datetime.UTC))


def _texts(parent: minidom.Element, name: str) -> list[minidom.Element]:
    return [node for node in parent.childNodes if isinstance(node, minidom.Element) and node.tagName == name]


def _text(element: minidom.Element) -> str:
    return "".join(node.data for node in element.childNodes if isinstance(node, minidom.Text)).strip()


def _set_text(document: minidom.Document, element: minidom.Element, text: str) -> None:
    for node in list(element.childNodes):
        element.removeChild(node)
    element.appendChild(document.createTextNode(text))


def mend_rss(text: str, dates: Mapping[str, PostDates], by_update: bool) -> str:
    """An RSS 2.0 feed of mkdocs-rss-plugin, mended (see the module's docstring)."""
    document = minidom.parseString(text.encode("utf-8"))
    rss = document.documentElement
    assert rss is not None, "an XML document has a root element"
    if not rss.getAttribute("xmlns:dc"):
        rss.setAttribute("xmlns:dc", DC_NAMESPACE)
    (channel,) = _texts(rss, "channel")
    for name in ("managingEditor", "webMaster"):
        for element in _texts(channel, name):
            if "@" not in _text(element):
                channel.removeChild(element)
    for image in _texts(channel, "image"):
        urls = [_text(url) for url in _texts(image, "url")]
        if not urls or not urls[0].startswith(("http://", "https://")):
            channel.removeChild(image)
    items = _texts(channel, "item")
    newest: list[datetime.datetime] = []
    for item in items:
        for author in _texts(item, "author"):
            if "@" not in _text(author):
                creator = document.createElement("dc:creator")
                creator.appendChild(document.createTextNode(_text(author)))
                item.replaceChild(creator, author)
        links = [_text(link) for link in _texts(item, "link")]
        post = dates.get(links[0]) if links else None
        if post is None:
            continue
        when = post.last_change if by_update else post.created
        newest.append(when)
        for pub_date in _texts(item, "pubDate"):
            _set_text(document, pub_date, rfc822(when))
    if by_update:
        def changed(item: minidom.Element) -> datetime.datetime:
            links = [_text(link) for link in _texts(item, "link")]
            post = dates.get(links[0]) if links else None
            return post.last_change if post else datetime.datetime.min.replace(tzinfo=datetime.UTC)

        for item in items:
            channel.removeChild(item)
        for item in sorted(items, key=changed, reverse=True):
            channel.appendChild(item)
    if newest:
        for pub_date in _texts(channel, "pubDate"):
            _set_text(document, pub_date, rfc822(max(newest)))
    return str(document.toxml(encoding="UTF-8").decode("utf-8")) + "\n"


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value if item is not None]
    return value


def mend_json_feed(text: str, dates: Mapping[str, PostDates], by_update: bool) -> str:
    """A JSON Feed 1.1 of mkdocs-rss-plugin, mended (see the module's docstring)."""
    feed = _without_nulls(json.loads(text))
    for item in feed.get("items", []):
        post = dates.get(item.get("url", ""))
        if post is None:
            continue
        item["date_published"] = post.created.isoformat()
        item["date_modified"] = post.last_change.isoformat()
    if by_update:
        feed["items"] = sorted(feed.get("items", []), key=lambda item: item.get("date_modified", ""), reverse=True)
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def feed_files(config: MkDocsConfig) -> list[tuple[Path, str, bool]]:
    """The feeds the plugin wrote: ``(path, "rss" or "json", by update)``; none without the plugin."""
    plugin = config.plugins.get(RSS_NAME)
    if plugin is None or not plugin.config.enabled:
        return []
    names = plugin.config.feeds_filenames
    site = Path(config.site_dir)
    found = []
    if plugin.config.rss_feed_enabled:
        found += [(site / names.rss_created, "rss", False), (site / names.rss_updated, "rss", True)]
    if plugin.config.json_feed_enabled:
        found += [(site / names.json_created, "json", False), (site / names.json_updated, "json", True)]
    return [(path, kind, by_update) for path, kind, by_update in found if path.exists()]


def mend_feeds(config: MkDocsConfig, dates: Mapping[str, PostDates]) -> None:
    """Mend every feed the plugin wrote; ``dates``: post address -> its dates."""
    for path, kind, by_update in feed_files(config):
        text = path.read_text(encoding="utf-8")
        mended = mend_rss(text, dates, by_update) if kind == "rss" else mend_json_feed(text, dates, by_update)
        path.write_text(mended, encoding="utf-8")
