"""Reading the blog in a real browser: Debian's Chromium, driven by Playwright.

The real site is built for and served on localhost by ``browser.py`` (a pytest
plugin); each test opens pages in a fresh browser context. Screenshots go to
``artifacts/screenshots/`` for people to look at.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from browser import DESKTOP, JUNE_POST, JUNE_POST_TITLE, PHONE, OpenPage, ServedSite, artifact_dir, missing_tool
from sitebuilder import PROJECT

pytest_plugins = ["browser"]

POSTS_DIR = PROJECT / "docs" / "blog" / "posts"
LATEST_ON_HOME = 5  # hooks/home.py: LATEST_COUNT
JUNE_EXCERPT = "This month we turn to exercise delivered in groups"
JUNE_BODY_HEADING = "Why exercise, and why in a group?"

expect.set_options(timeout=10_000)


def published_posts() -> list[tuple[str, Path]]:
    """``(title, source)`` of every post that is not a draft."""
    posts = []
    for source in sorted(POSTS_DIR.rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}
        if front.get("draft"):
            continue
        title = next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))
        posts.append((title, source))
    return posts


def background_luminance(page: Page) -> float:
    """Relative luminance (0 black … 1 white) of the page's background colour."""
    rgb = page.evaluate(
        "getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)"
    )

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


# --- home page and instant navigation -------------------------------------------------------


def test_home_lists_the_latest_posts_with_excerpts_and_opens_the_june_post(
    open_page: OpenPage, served_site: ServedSite
) -> None:
    page = open_page("")
    listed = page.locator("article .bb-latest-post")
    expect(listed).to_have_count(min(len(published_posts()), LATEST_ON_HOME))
    june = listed.filter(has_text=JUNE_POST_TITLE)
    expect(june).to_have_count(1)
    expect(june).to_contain_text(JUNE_EXCERPT)  # the excerpt, above <!-- more -->
    expect(june).not_to_contain_text(JUNE_BODY_HEADING)  # not the body below it

    # Material's instant navigation swaps the page without reloading it: the
    # marker survives only if it did, which needs the site served at site_url.
    page.evaluate("window.__backblogMarker = 'still here'")
    june.get_by_role("link", name=JUNE_POST_TITLE, exact=True).click()
    page.wait_for_url(served_site.url(JUNE_POST))
    expect(page.locator("article h1")).to_contain_text(JUNE_POST_TITLE)
    expect(page.locator("article")).to_contain_text(JUNE_BODY_HEADING)
    assert page.evaluate("window.__backblogMarker") == "still here", "the post opened by a full reload"


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["group exercise", "Qaseem", "10.7326/M16-2367"])
def test_search_lists_the_june_post(open_page: OpenPage, query: str) -> None:
    page = open_page("")
    page.get_by_role("textbox", name="Search").click()
    # Key presses, as a reader types: fill() does not trigger Material's search.
    page.keyboard.type(query, delay=20)
    results = page.locator(".md-search-result__list > .md-search-result__item")
    expect(results.first).to_be_visible()
    titles = results.locator("article > h1")  # a page's own result, above its sections' results
    expect(titles.filter(has_text=JUNE_POST_TITLE)).to_have_count(1)


# --- citations and their previews ---------------------------------------------------------


def reference_text(page: Page, key: str) -> str:
    return page.locator(f"#ref-{key} .bb-reference__text").inner_text()


def preview_of(page: Page, site: str) -> Locator:
    return page.locator(f"#{site} .bb-preview")


PHONE_OPTIONS = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def test_hovering_a_citation_shows_its_reference_and_the_preview_can_be_hovered(open_page: OpenPage) -> None:
    page = open_page(JUNE_POST)
    expected = reference_text(page, "qaseem2017")
    assert expected.startswith("Qaseem A, Wilt TJ, McLean RM")
    page.locator("#cite-1 a.bb-citation__number").hover()
    preview = preview_of(page, "cite-1")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(expected)
    expect(preview.get_by_role("link", name="doi:10.7326/M16-2367")).to_be_visible()
    expect(preview.get_by_role("link", name="PMID: 28192789")).to_be_visible()
    # The pointer may move onto the preview (WCAG 1.4.13: hoverable) ...
    box = preview.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_timeout(500)
    expect(preview).to_be_visible()
    # ... and Escape closes it where it is (dismissible).
    page.keyboard.press("Escape")
    expect(preview).to_have_count(0)
    # Away from both, it closes.
    page.locator("#cite-1 a.bb-citation__number").hover()
    expect(preview).to_be_visible()
    page.mouse.move(5, 400, steps=5)
    expect(preview).to_have_count(0)


def tab_to(page: Page, target: Locator, presses: int = 200) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{presses} presses of Tab never reached {target}")


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_the_keyboard_opens_a_preview_tabs_through_its_links_and_escape_closes_it(open_page: OpenPage) -> None:
    page = open_page(JUNE_POST)
    expected = [reference_text(page, key) for key in ("okeeffe2017", "toomey2015", "okeeffe2020")]
    # Tab from the top of the page to the first number of "(2–4)": in reading order.
    tab_to(page, page.locator("#cite-2 a.bb-citation__number").first)
    preview = preview_of(page, "cite-2")
    expect(preview).to_be_visible()
    for text in expected:
        expect(preview).to_contain_text(text)
    # Tab goes on to the range's last number, then into the preview: each
    # reference's number (to its entry) and its DOI and PubMed links.
    page.keyboard.press("Tab")
    assert focused(page) == "4"
    visited = []
    for _ in range(7):
        page.keyboard.press("Tab")
        visited.append(focused(page))
        expect(preview).to_be_visible()
    assert visited == [
        "Reference 2 in the list", "doi:10.1136/bjsports-2015-095410",
        "Reference 3 in the list", "doi:10.1016/j.math.2014.10.013",
        "Reference 4 in the list", "doi:10.1136/bjsports-2019-100780", "PMID: 31630089",
    ]
    # Escape closes it and gives the focus back to the citation (WCAG 1.4.13).
    page.keyboard.press("Escape")
    expect(preview).to_have_count(0)
    assert page.evaluate("document.activeElement.closest('.bb-citation')?.id") == "cite-2"
    # Past the preview's last link, the focus leaves it, and it closes.
    page.keyboard.press("Tab")
    expect(preview).to_be_visible()
    for _ in range(9):
        page.keyboard.press("Tab")
    expect(preview).to_have_count(0)


def test_a_range_previews_the_reference_it_hides(open_page: OpenPage) -> None:
    """In (2–4) reference 3 has no number of its own in the text: the preview gives it one."""
    page = open_page(JUNE_POST)
    page.locator("#cite-2 a.bb-citation__number").first.focus()
    preview = preview_of(page, "cite-2")
    numbers = preview.locator("a.bb-preview__number")
    expect(numbers).to_have_count(3)
    assert [a.get_attribute("href") for a in numbers.all()] == ["#ref-okeeffe2017", "#ref-toomey2015", "#ref-okeeffe2020"]
    expect(numbers.nth(1)).to_have_accessible_name("Reference 3 in the list")
    expect(preview.get_by_role("link", name="doi:10.1016/j.math.2014.10.013")).to_be_visible()
    # The citation's numbers say that they open it.
    expect(page.locator("#cite-2 a.bb-citation__number").first).to_have_attribute("aria-expanded", "true")


def test_a_tap_on_a_phone_shows_the_preview_instead_of_leaving_the_text(open_page: OpenPage) -> None:
    page = open_page(JUNE_POST, **PHONE_OPTIONS)
    number = page.locator("#cite-2 a.bb-citation__number").first
    number.scroll_into_view_if_needed()
    before = (page.url, page.evaluate("scrollY"))
    number.tap()
    preview = preview_of(page, "cite-2")
    expect(preview).to_be_visible()
    expect(preview).to_be_in_viewport()
    page.wait_for_timeout(300)
    assert (page.url, page.evaluate("scrollY")) == before, "the tap left the reader's place"
    box = preview.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # A tap elsewhere closes it; a tap on its close button too.
    page.locator("article h1").tap()
    expect(preview).to_have_count(0)
    number.tap()
    preview.get_by_role("button", name="Close the preview").tap()
    expect(preview).to_have_count(0)


@pytest.mark.parametrize("device", ["desktop-click", "phone-tap"])
def test_a_citation_leads_to_its_entry_and_the_back_link_returns(open_page: OpenPage, device: str) -> None:
    page = open_page(JUNE_POST, **(PHONE_OPTIONS if device == "phone-tap" else {}))
    citation = page.locator("#cite-3")  # "(5)": Tiffreau
    entry = page.locator("#ref-tiffreau2007")
    back = page.locator("li.bb-references__item", has=entry).locator("a.bb-backref")
    expect(back).to_have_count(1)

    def follow(link: Locator) -> None:
        # Scrolled into view and followed at once: the reader's tap mid-scroll
        # that Material 9.8 alone loses (docs/assets/javascripts/reading.js).
        link.scroll_into_view_if_needed()
        if device == "phone-tap":
            link.tap()
        else:
            link.click()

    if device == "phone-tap":
        # A tap previews the reference; the preview's number leads to the list.
        follow(citation.locator("a.bb-citation__number"))
        follow(preview_of(page, "cite-3").locator("a.bb-preview__number"))
    else:
        follow(citation.locator("a.bb-citation__number"))
    assert_in_view_below_the_header(page, entry)
    assert page.url.endswith("#ref-tiffreau2007")
    expect(citation).not_to_be_in_viewport()

    # The entry's back link returns to the spot that cites it.
    follow(back)
    assert_in_view_below_the_header(page, citation)
    assert page.url.endswith("#cite-3")
    expect(entry).not_to_be_in_viewport()


def assert_in_view_below_the_header(page: Page, target: Locator) -> None:
    """In view, below the sticky header and clear of Material's "Back to top" button."""
    expect(target).to_be_in_viewport()
    page.wait_for_timeout(300)  # "Back to top" shows once the scroll has settled
    box = target.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box is not None and header is not None
    assert box["y"] >= header["y"] + header["height"] - 1, f"under the header: {box}, header {header}"
    button = page.locator(".md-top")
    if button.is_visible():
        top = button.bounding_box()
        assert top is not None
        assert box["y"] >= top["y"] + top["height"] - 1, f"under 'Back to top': {box}, button {top}"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_in_the_library_leads_to_the_entry_clear_of_the_header_and_back_to_top(open_page: OpenPage, device: str) -> None:
    page = open_page(JUNE_POST, **(PHONE_OPTIONS if device == "phone" else {}))
    link = page.locator("#ref-okeeffe2020 a.bb-reference__library")
    link.scroll_into_view_if_needed()
    if device == "phone":
        link.tap()
    else:
        link.click()
    page.wait_for_url(re.compile(r".*/library/#ref-okeeffe2020$"))
    assert_in_view_below_the_header(page, page.locator("#ref-okeeffe2020"))
    # Scrolled up a little, as a reader looking around does: "Back to top"
    # appears, over the text, but the entry is still below it.
    if device == "desktop":
        page.mouse.wheel(0, -120)
    else:
        page.evaluate("scrollBy(0, -120)")
    page.wait_for_timeout(400)
    assert_in_view_below_the_header(page, page.locator("#ref-okeeffe2020"))


TARGETS = "article .bb-citation a.bb-citation__number, article a.bb-backref, article .bb-preview a, article .bb-preview button"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_citation_numbers_back_links_and_the_preview_are_targets_of_24_by_24_px(open_page: OpenPage, device: str) -> None:
    """WCAG 2.5.8 (target size, minimum): 24 x 24 CSS pixels, none covering another."""
    page = open_page(JUNE_POST, **(PHONE_OPTIONS if device == "phone" else {}))
    page.locator("#cite-2 a.bb-citation__number").first.focus()
    expect(preview_of(page, "cite-2")).to_be_visible()
    boxes = page.locator(TARGETS).evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect(); "
        "return {text: el.textContent.trim().slice(0, 30), preview: !!el.closest('.bb-preview'), "
        "x: r.x, y: r.y, w: r.width, h: r.height}; })"
    )
    # Five numbers in the text ((1), (2–4), (5), (6)), six back links, and the
    # preview of (2–4): three numbers, four DOI and PubMed links, its close button.
    assert len(boxes) == 5 + 6 + 8, boxes
    small = [b for b in boxes if b["w"] < 24 - 0.01 or b["h"] < 24 - 0.01]
    assert small == [], small
    # Within the text, and within the preview (which lies over the text), no
    # target covers another.
    for layer in ([b for b in boxes if not b["preview"]], [b for b in boxes if b["preview"]]):
        for i, a in enumerate(layer):
            for b in layer[i + 1:]:
                overlap_x = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
                overlap_y = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
                assert overlap_x <= 0.5 or overlap_y <= 0.5, f"targets overlap: {a} {b}"


# --- colour scheme ----------------------------------------------------------------------------


def test_the_palette_toggle_switches_the_scheme_and_the_choice_survives_a_reload(open_page: OpenPage) -> None:
    page = open_page(JUNE_POST, color_scheme="light")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light = background_luminance(page)

    page.get_by_title("Switch to dark mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    dark = background_luminance(page)
    assert dark < 0.1 < 0.8 < light, (light, dark)
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert background_luminance(page) == dark

    page.get_by_title("Switch to light mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert background_luminance(page) == light


# --- phone and desktop widths -----------------------------------------------------------------

OVERFLOW_SCRIPT = """
() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll("article *")) {
    // Code blocks and tables scroll inside themselves, not the page.
    if (element.closest("pre, .md-typeset__scrollwrap")) continue;
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 1) wide.push(element.outerHTML.slice(0, 120));
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}
"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
@pytest.mark.parametrize("path", ["", JUNE_POST, "library/"], ids=["home", "june-post", "library"])
def test_nothing_scrolls_sideways(open_page: OpenPage, path: str, viewport: dict[str, int]) -> None:
    page = open_page(path, viewport=viewport)
    found = page.evaluate(OVERFLOW_SCRIPT)
    assert found["scrollWidth"] <= found["width"], found
    assert found["wide"] == [], found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_the_reference_list_wraps(open_page: OpenPage, viewport: dict[str, int]) -> None:
    page = open_page(JUNE_POST, viewport=viewport)
    references = page.locator("article ol.bb-references")
    expect(references).to_be_visible()
    measured = references.evaluate(
        """list => ({
          width: document.documentElement.clientWidth,
          listOverflow: list.scrollWidth - list.clientWidth,
          items: [...list.querySelectorAll(":scope > li")].map(li => ({
            right: li.getBoundingClientRect().right,
            lines: li.querySelector(".bb-reference__text").getClientRects().length,
          })),
        })"""
    )
    assert len(measured["items"]) == 6
    assert measured["listOverflow"] <= 0, measured
    assert all(item["right"] <= measured["width"] for item in measured["items"]), measured
    # Every entry is longer than a line at either width: each must wrap.
    assert all(item["lines"] > 1 for item in measured["items"]), measured


# --- "Cite this post" -------------------------------------------------------------------------


def test_the_copy_buttons_of_cite_this_post_put_the_right_text_on_the_clipboard(
    open_page: OpenPage, served_site: ServedSite
) -> None:
    page = open_page(JUNE_POST, permissions=["clipboard-read", "clipboard-write"])
    section = page.locator("section.bb-cite-post#cite-this-post")
    assert section.count() == 1, "the June post has no <section class='bb-cite-post' id='cite-this-post'>"
    expect(section.get_by_role("heading", name="Cite this post")).to_be_visible()
    blocks = section.locator("pre > code")
    expect(blocks).to_have_count(2)
    # A copy button copies the element its data-clipboard-target names: "#<id of its pre> > code".
    ids = section.locator("pre").evaluate_all("blocks => blocks.map(pre => pre.id)")
    assert len(set(ids)) == len(ids), f"the code blocks share an id, each copy button copies the first one: {ids}"

    copied = []
    for index in range(2):
        code = blocks.nth(index)
        page.evaluate("navigator.clipboard.writeText('')")
        # Material's copy button (content.code.copy): named by its title.
        button = section.locator("pre").nth(index).get_by_role("button", name="Copy to clipboard")
        button.click()
        expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
        text = page.evaluate("navigator.clipboard.readText()")
        assert text.rstrip("\n") == code.inner_text().rstrip("\n")
        copied.append(text)

    reference, bibtex = copied
    post_url = served_site.url(JUNE_POST)
    assert JUNE_POST_TITLE in reference and post_url in reference, reference
    assert bibtex.startswith("@online{"), bibtex
    assert JUNE_POST_TITLE in bibtex and post_url in bibtex, bibtex


# --- RSS --------------------------------------------------------------------------------------


def test_the_rss_feed_is_linked_from_the_head_and_has_one_item_per_post(
    open_page: OpenPage, served_site: ServedSite
) -> None:
    page = open_page(JUNE_POST)
    feeds = page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    assert feeds.count() >= 1, "no RSS feed linked from the page head"
    posts = published_posts()
    for href in feeds.evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        response = page.request.get(urljoin(page.url, href))
        assert response.ok, f"{href}: HTTP {response.status}"
        root = ET.fromstring(response.body())
        assert root.tag == "rss", f"{href}: not an RSS document: <{root.tag}>"
        items = root.findall("./channel/item")
        assert len(items) == len(posts), f"{href}: {len(items)} items for {len(posts)} posts"
        assert sorted(item.findtext("title", "") for item in items) == sorted(title for title, _ in posts)
        for item in items:
            assert (item.findtext("link") or "").startswith(served_site.base_url + "blog/"), item.findtext("link")


# --- screenshots ------------------------------------------------------------------------------

DEVICES = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}
Colour = tuple[int, int, int]


def css_colour(page: Page, selector: str) -> Colour:
    """The background colour an element shows: its own, else the first of its ancestors'."""
    values = page.locator(selector).first.evaluate(
        """el => {
          for (; el; el = el.parentElement) {
            const c = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
            if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
          }
          return [255, 255, 255];
        }"""
    )
    return (round(values[0]), round(values[1]), round(values[2]))


def close(a: Colour, b: Colour, tolerance: int = 10) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def dominant(image: Any) -> Colour:
    """The colour most pixels of an image have (its background, where text is a minority)."""
    _count, colour = max(image.convert("RGB").getcolors(maxcolors=1 << 24))
    return (colour[0], colour[1], colour[2])


def region(image: Any, box: dict[str, float], scale: float) -> Any:
    return image.crop((
        round(box["x"] * scale), round(box["y"] * scale),
        round((box["x"] + box["width"]) * scale), round((box["y"] + box["height"]) * scale),
    ))


def show_scene(page: Page, scene: str, device: str, site: ServedSite) -> str | None:
    """Put the page in the state to photograph; the selector of what must show in it, if any."""
    if scene in ("home", "search"):
        page.goto(site.url(""))
    elif scene in ("june-post", "preview"):
        page.goto(site.url(JUNE_POST))
    else:
        page.goto(site.url("library/"))
    page.wait_for_load_state("networkidle")
    if scene == "preview":
        number = page.locator("#cite-2 a.bb-citation__number").first
        # The citation a third of the way down: the preview opens below it.
        number.evaluate("el => scrollTo(0, scrollY + el.getBoundingClientRect().top - innerHeight / 3)")
        if device == "phone":
            number.tap()
        else:
            number.focus()
        return "#cite-2 .bb-preview"
    if scene == "library-filter":
        field = page.get_by_label("Find in the library")
        field.scroll_into_view_if_needed()
        field.click()
        page.keyboard.type("O'Keeffe", delay=20)
        expect(page.locator(".bb-library-filter__status")).to_have_text("Showing 2 of 6 references")
        page.evaluate("document.querySelector('.bb-library-filter').scrollIntoView({block: 'center'})")
        return "form.bb-library-filter"
    if scene == "search":
        opener = page.locator(".md-header label.md-header__button[for='__search']")
        if device == "phone":
            opener.tap()
            expect(page.locator("#__search")).to_be_checked()
            page.get_by_role("textbox", name="Search").focus()
        else:
            page.get_by_role("textbox", name="Search").click()
        page.keyboard.type("O'Keeffe", delay=20)
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        return ".md-search__scrollwrap"
    return None


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_screenshots_for_people_to_look_at(open_page: OpenPage, served_site: ServedSite, device: str, scheme: str) -> None:
    """Pictures of the pages and of the preview, the library's filter and a search for
    O'Keeffe, in ``artifacts/screenshots/``; each is checked to show what it is of."""
    try:
        from PIL import Image
    except ImportError:
        missing_tool("Pillow is not installed, which reads the screenshots: add pillow to requirements/dev.in")
    options = DEVICES[device]
    viewport, scale = options["viewport"], options.get("device_scale_factor", 1)
    page = open_page(None, color_scheme=scheme, **options)
    folder = artifact_dir("screenshots")
    for scene in ("home", "june-post", "preview", "library-filter", "search"):
        shown = show_scene(page, scene, device, served_site)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
        page.wait_for_timeout(200)
        file = folder / f"{scene}-{device}-{scheme}.png"
        page.screenshot(path=str(file))
        image = Image.open(file)
        where = f"{file.name}"
        assert image.size == (viewport["width"] * scale, viewport["height"] * scale), where
        if shown is None:
            # The page itself: its background, in the scheme asked for.
            background = css_colour(page, "body")
            assert close(dominant(image), background), (where, dominant(image), background)
            assert (sum(background) / 3 > 200) if scheme == "light" else (sum(background) / 3 < 60), where
            continue
        target = page.locator(shown)
        expect(target).to_be_in_viewport(ratio=0.5)
        box = target.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5, (where, box)
        part = region(image, {**box, "height": min(box["height"], viewport["height"] - box["y"])}, scale)
        # What must show is there: its own background, and text on it.
        assert close(dominant(part), css_colour(page, shown)), (where, dominant(part), css_colour(page, shown))
        assert len(part.convert("RGB").getcolors(maxcolors=1 << 24)) > 50, f"{where}: no text in {shown}"
