"""The feeds: what ``backblog.feeds`` relies on in mkdocs-rss-plugin, and what it mends.

Each assumption of the module's docstring is a test named after it, so that
an upgrade of the plugin that breaks one says which. The feeds of the real
site are checked against RSS 2.0 and JSON Feed 1.1 in ``test_validators.py``.
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from mkdocs_rss_plugin.config import RssPluginConfig

from backblog.feeds import RSS_NAME, PostDates, mend_json_feed, mend_rss
from sitebuilder import project_config

DC = "{http://purl.org/dc/elements/1.1/}"
FIRST = "https://example.org/blog/2025/01/15/first/"
SECOND = "https://example.org/blog/2025/03/01/second/"
DATES = {
    FIRST: PostDates(datetime.datetime(2025, 1, 15, tzinfo=datetime.UTC), datetime.datetime(2025, 4, 2, tzinfo=datetime.UTC)),
    SECOND: PostDates(datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)),
}
BUILD_TIME = "Tue, 01 Dec 2026 11:02:07 +0000"


def plugin_rss(editor: str = "Spine IQ") -> str:
    """An updated feed as mkdocs-rss-plugin 1.19 writes it: build times, names as authors, no image."""
    items = "".join(
        f"<item><title>{title}</title><author>Spine IQ</author><link>{link}</link>"
        f"<pubDate>{BUILD_TIME}</pubDate><guid isPermaLink=\"true\">{link}</guid></item>"
        for title, link in (("Second", SECOND), ("First", FIRST))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" ?> <?xml-stylesheet type="text/xsl" href="rss.xsl"?>'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Back Blog</title><description>d</description><link>https://example.org/</link>"
        f"<managingEditor>{editor}</managingEditor><pubDate>{BUILD_TIME}</pubDate>"
        f"<lastBuildDate>{BUILD_TIME}</lastBuildDate>"
        "<image><url>None</url><title>Back Blog</title><link>https://example.org/</link></image>"
        f"{items}</channel></rss>"
    )


def test_rss_name() -> None:
    """The plugin is ``rss``, with the options that name its files."""
    names = [next(iter(p)) if isinstance(p, dict) else p for p in project_config()["plugins"]]
    assert RSS_NAME in names
    config = RssPluginConfig()
    config.load_dict({})
    assert not config.validate()[0]
    assert (config.rss_feed_enabled, config.json_feed_enabled) == (True, True)
    filenames = config.feeds_filenames
    assert (filenames.rss_created, filenames.rss_updated, filenames.json_created, filenames.json_updated) == (
        "feed_rss_created.xml", "feed_rss_updated.xml", "feed_json_created.json", "feed_json_updated.json"
    )


def test_item_link(real_site: Path) -> None:
    """An item's link and url are the post's address, site_url joined with its URL."""
    june = "http://127.0.0.1:8000/blog/2025/06/02/group-exercise-for-low-back-pain-what-the-evidence-says/"
    root = ET.fromstring((real_site / "feed_rss_created.xml").read_bytes())
    assert [item.findtext("link") for item in root.findall("channel/item")] == [june]
    data = json.loads((real_site / "feed_json_created.json").read_text(encoding="utf-8"))
    assert [item["url"] for item in data["items"]] == [june]


def test_the_updated_rss_feed_gets_each_posts_own_dates_and_order() -> None:
    mended = mend_rss(plugin_rss(), DATES, by_update=True)
    assert mended.startswith('<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="rss.xsl"?>')
    channel = ET.fromstring(mended.encode()).find("channel")
    assert channel is not None
    items = channel.findall("item")
    # The first post was updated after the second was published: it comes first.
    assert [(i.findtext("title"), i.findtext("pubDate")) for i in items] == [
        ("First", "Wed, 02 Apr 2025 00:00:00 +0000"),
        ("Second", "Sat, 01 Mar 2025 00:00:00 +0000"),
    ]
    assert channel.findtext("pubDate") == "Wed, 02 Apr 2025 00:00:00 +0000"
    assert channel.findtext("lastBuildDate") == BUILD_TIME  # the build's, as RSS means it
    assert [i.findtext("author") for i in items] == [None, None]
    assert [i.findtext(f"{DC}creator") for i in items] == ["Spine IQ", "Spine IQ"]
    assert channel.find("managingEditor") is None and channel.find("image") is None


def test_the_created_rss_feed_dates_items_by_publication() -> None:
    channel = ET.fromstring(mend_rss(plugin_rss(), DATES, by_update=False).encode()).find("channel")
    assert channel is not None
    assert [i.findtext("pubDate") for i in channel.findall("item")] == [
        "Sat, 01 Mar 2025 00:00:00 +0000", "Wed, 15 Jan 2025 00:00:00 +0000",
    ]


def test_an_editors_e_mail_address_is_kept() -> None:
    channel = ET.fromstring(mend_rss(plugin_rss("editor@example.org (Editor)"), DATES, by_update=False).encode())
    assert channel.findtext("channel/managingEditor") == "editor@example.org (Editor)"


def test_the_json_feed_loses_its_nulls_and_gets_each_posts_own_dates() -> None:
    written = {
        "version": "https://jsonfeed.org/version/1.1", "title": "Back Blog", "icon": None,
        "items": [
            {"id": SECOND, "url": SECOND, "image": None, "date_modified": "2026-12-01T11:02:07+00:00",
             "date_published": "2025-03-01T00:00:00+00:00"},
            {"id": FIRST, "url": FIRST, "image": None, "date_modified": "2026-12-01T11:02:07+00:00",
             "date_published": "2025-01-15T00:00:00+00:00"},
        ],
    }
    mended = json.loads(mend_json_feed(json.dumps(written), DATES, by_update=True))
    assert "icon" not in mended and all("image" not in item for item in mended["items"])
    assert [(i["url"], i["date_modified"]) for i in mended["items"]] == [
        (FIRST, "2025-04-02T00:00:00+00:00"),
        (SECOND, "2025-03-01T00:00:00+00:00"),
    ]


def test_every_page_links_to_the_feeds(real_site: Path) -> None:
    """Readers see where to subscribe (the footer), feed readers find it in the head."""
    from urllib.parse import urljoin

    from bs4 import BeautifulSoup

    pages = sorted(real_site.rglob("index.html"))
    assert len(pages) >= 8
    for page in pages:
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        base = page.parent.relative_to(real_site).as_posix() + "/"
        links = {a.get_text(strip=True): a["href"] for a in html.select("footer .bb-feeds a")}
        assert sorted(links) == ["JSON Feed", "RSS feed"], page
        heads = [link["href"] for link in html.select('head link[rel="alternate"]')]
        for href in [*links.values(), *heads]:
            target = real_site / urljoin(base, href).lstrip("/")
            assert target.is_file(), f"{page.relative_to(real_site)}: {href}"
        assert html.select_one('head link[rel="alternate"][type="application/feed+json"]') is not None
