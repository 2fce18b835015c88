"""Outside validators over the built site: the Nu HTML Checker, RSS 2.0, JSON Feed 1.1, biber.

- HTML: the Nu HTML Checker (npm ``vnu-jar``, pinned in ``package.json``), run
  with Debian's Java over every page. It reports no error but those it reports
  on a bare Material for MkDocs 9.8 blog too, listed in :data:`BARE_MATERIAL_ERRORS`.
- RSS: the rules of the RSS 2.0 specification (https://www.rssboard.org/rss-specification),
  written out below, over every RSS feed. (The W3C feed validator checks the
  same and more, but it is no package we may ship or install: it is checked by
  hand, see the closing notes of issue 14.)
- JSON Feed: the JSON Feed 1.1 schema of npm ``jsonfeed-schema`` (in
  ``node_modules``, not copied here), by PyPI ``jsonschema``, over every JSON feed.
- BibTeX: biber's data-model check (``biber --tool --validate-datamodel``,
  Debian's ``biber``) over the downloads, as biblatex users will read them.

In CI (``CI=true``) a missing validator fails its test; elsewhere it is skipped
with the command that installs it.
"""

from __future__ import annotations

import email.utils
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import missing_tool, node_package_file

# What the Nu HTML Checker finds on every page of a bare Material 9.8 blog, and
# so on ours: (message, a piece of the markup it points at).
BARE_MATERIAL_ERRORS = [
    # Material's drawer and search toggles are checkboxes with autocomplete="off"
    # (partials/header.html, base.html), which HTML allows on text inputs only.
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
        "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
        "or “week”.",
        'type="checkbox"',
    ),
    # The table of contents' title is a label for the hidden __toc checkbox.
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        'for="__toc"',
    ),
]
RFC_822_RE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2,4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|[A-IK-Z]|[+-]\d{4})"
)
# RSS 2.0: "email address for person responsible for ...", as in its example
# "geo@herald.com (George Matesky)".
RSS_EMAIL_RE = re.compile(r"[^@\s()]+@[^@\s()]+\.[^@\s()]+(?: \([^()]*\))?")
RSS_CHANNEL_REQUIRED = ["title", "link", "description"]
RSS_CHANNEL_OPTIONAL = [
    "language", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate", "category",
    "generator", "docs", "cloud", "ttl", "image", "rating", "textInput", "skipHours", "skipDays",
]
RSS_ITEM_ELEMENTS = ["title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"]


def java() -> str:
    found = shutil.which("java")
    if found is None:
        missing_tool("Java not found, which the Nu HTML Checker needs: apt-get install default-jre-headless")
    assert found is not None
    return found


# --- the Nu HTML Checker -------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    page: str
    kind: str
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.message}\n    {' '.join(self.extract.split())[:160]}"


def nu_messages(site: Path) -> list[Message]:
    """Every message of the Nu HTML Checker on the site's pages."""
    jar = node_package_file("vnu-jar/build/dist/vnu.jar")
    run = subprocess.run(
        [java(), "-jar", str(jar), "--format", "json", "--skip-non-html", str(site)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    report = json.loads(run.stderr)  # vnu writes its JSON report to stderr
    return [
        Message(
            page=Path(urlsplit(m.get("url", "")).path).relative_to(site).as_posix(),
            kind=m["type"] + (f" ({m['subType']})" if m.get("subType") else ""),
            message=m["message"],
            extract=m.get("extract", ""),
        )
        for m in report["messages"]
    ]


def is_bare_material(message: Message) -> bool:
    return any(message.message == text and part in message.extract for text, part in BARE_MATERIAL_ERRORS)


@pytest.fixture(scope="module")
def nu_report(real_site: Path) -> list[Message]:
    """The checker's messages on the real site, once for the module (the JVM takes seconds to start)."""
    return nu_messages(real_site)


def test_the_nu_html_checker_finds_nothing_a_bare_material_blog_does_not(nu_report: list[Message]) -> None:
    messages = nu_report
    pages = {m.page for m in messages}
    assert len(pages) >= 8, f"the checker saw too few pages: {sorted(pages)}"
    ours = [m for m in messages if not is_bare_material(m)]
    assert ours == [], f"{len(ours)} message(s) of the Nu HTML Checker:\n" + "\n".join(map(str, ours))


def test_the_bare_material_list_holds_only_what_is_still_found(nu_report: list[Message]) -> None:
    """Each allowed error is one the checker still reports: the list shrinks as Material is fixed."""
    messages = nu_report
    for text, part in BARE_MATERIAL_ERRORS:
        assert any(m.message == text and part in m.extract for m in messages), (text, part)


def test_the_vnu_jar_is_the_version_package_json_pins() -> None:
    pinned = json.loads((Path(__file__).parent.parent / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    installed = json.loads(node_package_file("vnu-jar/package.json").read_text(encoding="utf-8"))["version"]
    assert installed == pinned["vnu-jar"]


# --- RSS 2.0 ---------------------------------------------------------------------------


def rss_problems(text: str, feed_url: str) -> list[str]:
    """What breaks the RSS 2.0 specification in a feed (empty: none)."""
    problems: list[str] = []
    root = ET.fromstring(text.encode("utf-8"))  # well-formed, namespaces declared
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f'the root is <{root.tag} version="{root.get("version")}">, not <rss version="2.0">']
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} <channel> elements, not one"]
    channel = channels[0]

    def check_date(element: ET.Element, where: str) -> None:
        value = (element.text or "").strip()
        if not RFC_822_RE.fullmatch(value) or email.utils.parsedate_to_datetime(value) is None:
            problems.append(f"{where}: {value!r} is not an RFC 822 date-time")

    def check_url(value: str, where: str) -> None:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"{where}: {value!r} is not a full URL")

    for name in RSS_CHANNEL_REQUIRED:
        found = channel.findall(name)
        if len(found) != 1 or not (found[0].text or "").strip():
            problems.append(f"channel: <{name}> is required once, with text ({len(found)} found)")
    for element in channel:
        name = element.tag
        if name.startswith("{") or name == "item":
            continue
        if name not in RSS_CHANNEL_REQUIRED + RSS_CHANNEL_OPTIONAL:
            problems.append(f"channel: <{name}> is not an RSS 2.0 element (use a namespace)")
        elif name in ("managingEditor", "webMaster") and not RSS_EMAIL_RE.fullmatch((element.text or "").strip()):
            problems.append(f"channel: <{name}>{element.text}</{name}> is not an e-mail address")
        elif name in ("pubDate", "lastBuildDate"):
            check_date(element, f"channel <{name}>")
        elif name == "ttl" and not (element.text or "").strip().isdigit():
            problems.append(f"channel: <ttl>{element.text}</ttl> is not a number of minutes")
        elif name == "image":
            for part in ("url", "title", "link"):
                if not (element.findtext(part) or "").strip():
                    problems.append(f"channel <image>: <{part}> is required")
            url = (element.findtext("url") or "").strip()
            check_url(url, "channel <image><url>")
            if not url.lower().endswith((".gif", ".jpg", ".jpeg", ".png")):
                problems.append(f"channel <image>: {url!r} is not a GIF, JPEG or PNG image")
    check_url(channel.findtext("link") or "", "channel <link>")
    selves = [
        link.get("href") for link in channel.findall("{http://www.w3.org/2005/Atom}link") if link.get("rel") == "self"
    ]
    if selves and selves != [feed_url]:
        problems.append(f"channel: atom:link rel=self {selves} is not where the feed is, {feed_url}")
    for number, item in enumerate(channel.findall("item"), start=1):
        where = f"item {number}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: needs a <title> or a <description>")
        for element in item:
            name = element.tag
            if name.startswith("{"):
                continue
            if name not in RSS_ITEM_ELEMENTS:
                problems.append(f"{where}: <{name}> is not an RSS 2.0 item element")
            elif name == "author" and not RSS_EMAIL_RE.fullmatch((element.text or "").strip()):
                problems.append(f"{where}: <author>{element.text}</author> is not an e-mail address")
            elif name == "pubDate":
                check_date(element, f"{where} <pubDate>")
            elif name == "link":
                check_url((element.text or "").strip(), f"{where} <link>")
            elif name == "guid" and element.get("isPermaLink", "true") == "true":
                check_url((element.text or "").strip(), f"{where} <guid> (a permalink)")
            elif name == "source" and not element.get("url"):
                problems.append(f"{where}: <source> needs a url attribute")
            elif name == "enclosure" and not all(element.get(a) for a in ("url", "length", "type")):
                problems.append(f"{where}: <enclosure> needs url, length and type")
    return problems


def feeds(site: Path, suffix: str) -> list[Path]:
    found = sorted(site.glob(f"feed_*{suffix}"))
    assert len(found) == 2, f"the site has {len(found)} *{suffix} feeds: {found}"
    return found


def test_the_rss_rules_catch_what_the_plugin_wrote_before() -> None:
    """The checker itself, on what mkdocs-rss-plugin 1.19 writes unmended."""
    written = (
        '<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        "<channel><title>Back Blog</title><description>d</description><link>https://example.org/</link>"
        "<managingEditor>Spine IQ</managingEditor><pubDate>Tue, 01 Dec 2026 11:02:07 -0000</pubDate>"
        "<image><url>None</url><title>Back Blog</title><link>https://example.org/</link></image>"
        "<item><title>t</title><author>Spine IQ</author><link>https://example.org/p/</link>"
        "<pubDate>Mon, 02 Jun 2025 00:00:00 +0000</pubDate><guid isPermaLink=\"true\">https://example.org/p/</guid>"
        "</item></channel></rss>"
    )
    assert rss_problems(written, "https://example.org/feed.xml") == [
        "channel: <managingEditor>Spine IQ</managingEditor> is not an e-mail address",
        "channel <image><url>: 'None' is not a full URL",
        "channel <image>: 'None' is not a GIF, JPEG or PNG image",
        "item 1: <author>Spine IQ</author> is not an e-mail address",
    ]


def test_every_rss_feed_follows_rss_2_0(real_site: Path) -> None:
    for path in feeds(real_site, ".xml"):
        text = path.read_text(encoding="utf-8")
        assert rss_problems(text, "http://127.0.0.1:8000/" + path.name) == [], path.name
        items = ET.fromstring(text.encode("utf-8")).findall("channel/item")
        assert items, f"{path.name} has no items"
        # The author's name, as Dublin Core's creator (RSS's author is an e-mail address).
        assert [item.findtext("{http://purl.org/dc/elements/1.1/}creator") for item in items] == ["Spine IQ"] * len(items)


def test_the_updated_feeds_date_a_post_never_updated_by_its_publication(real_site: Path) -> None:
    """A deploy must not tell subscribers that every post changed."""
    june = "blog/2025/06/02/group-exercise-for-low-back-pain-what-the-evidence-says/"
    for name in ("feed_rss_created.xml", "feed_rss_updated.xml"):
        root = ET.fromstring((real_site / name).read_bytes())
        (item,) = [i for i in root.findall("channel/item") if (i.findtext("link") or "").endswith(june)]
        assert item.findtext("pubDate") == "Mon, 02 Jun 2025 00:00:00 +0000", name
        assert root.findtext("channel/pubDate") == "Mon, 02 Jun 2025 00:00:00 +0000", name
    for name in ("feed_json_created.json", "feed_json_updated.json"):
        data = json.loads((real_site / name).read_text(encoding="utf-8"))
        (item,) = [i for i in data["items"] if i["url"].endswith(june)]
        assert item["date_published"] == item["date_modified"] == "2025-06-02T00:00:00+00:00", name


# --- JSON Feed 1.1 --------------------------------------------------------------------------


def test_every_json_feed_follows_the_json_feed_1_1_schema(real_site: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(node_package_file("jsonfeed-schema/schema-v1.1.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    for path in feeds(real_site, ".json"):
        feed = json.loads(path.read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(feed)]
        assert errors == [], f"{path.name}:\n" + "\n".join(errors)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        # "uri" formats are checked by jsonschema only with extra packages: the addresses here.
        for url in [feed["home_page_url"], feed["feed_url"], *(i["url"] for i in feed["items"])]:
            assert urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc, url


def test_the_json_feed_schema_rejects_what_the_plugin_wrote_before() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(node_package_file("jsonfeed-schema/schema-v1.1.json").read_text(encoding="utf-8"))
    written = {
        "version": "https://jsonfeed.org/version/1.1", "title": "Back Blog", "icon": None,
        "items": [{"id": "https://example.org/p/", "image": None, "content_html": "x"}],
    }
    errors = sorted("/".join(map(str, e.absolute_path)) for e in jsonschema.Draft7Validator(schema).iter_errors(written))
    assert errors == ["icon", "items/0/image"]


# --- biber ------------------------------------------------------------------------------------


def biber_warnings(path: Path, tmp_path: Path) -> list[str]:
    biber = shutil.which("biber")
    if biber is None:
        missing_tool("biber not found, which checks the .bib downloads: apt-get install biber")
    assert biber is not None
    run = subprocess.run(
        [biber, "--tool", "--validate-datamodel", f"--output-file={tmp_path / 'out.bib'}", str(path)],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return [line for line in run.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]


def test_the_bibtex_downloads_are_valid_for_biber(real_site: Path, tmp_path: Path) -> None:
    # Every cited reference once (the library's file), then every post's own
    # reference ("Cite this post", biblatex @online) in one file.
    library = real_site / "library" / "references.bib"
    posts = tmp_path / "posts.bib"
    posts.write_text("\n".join(p.read_text(encoding="utf-8") for p in sorted(real_site.rglob("post-reference.bib"))))
    assert posts.read_text(encoding="utf-8").count("@online{") >= 1
    for path in (library, posts):
        assert biber_warnings(path, tmp_path) == [], path.name
    # Each reference's own file is its entry in the library's file.
    entries = [entry.strip() for entry in library.read_text(encoding="utf-8").split("\n\n")]
    singles = sorted((real_site / "references").glob("*.bib"))
    assert len(singles) == len(entries) == 6
    for single in singles:
        assert single.read_text(encoding="utf-8").strip() in entries, single.name


def test_biber_rejects_what_cite_this_post_wrote_before(tmp_path: Path) -> None:
    """The check itself: biblatex's @online has no journaltitle and no publisher."""
    old = tmp_path / "old.bib"
    old.write_text(
        "@online{backblog-2025-06-02-group-exercise,\n  author = {{Spine IQ}},\n  title = {{Group exercise}},\n"
        "  journaltitle = {Back Blog},\n  publisher = {Spine IQ},\n  date = {2025-06-02},\n  url = {https://example.org/},\n}\n",
        encoding="utf-8",
    )
    warnings = biber_warnings(old, tmp_path)
    assert [w.split("): ", 1)[1] for w in warnings] == [
        "Invalid field 'journaltitle' for entrytype 'online'",
        "Invalid field 'publisher' for entrytype 'online'",
    ]
