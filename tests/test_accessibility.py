"""Accessibility: axe-core, the newest release from npm, over the served site in Chromium.

axe-core is pinned in ``package.json`` (``npm ci --ignore-scripts``) and its
``axe.min.js`` is put into each page as it is audited. Zero violations at
WCAG 2.2 AA (axe tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) on the pages
readers and editors use, in the light and the dark scheme, at desktop and phone
width, and while a post is being read (a citation's preview open, search
results shown, a copy confirmed). Stock Material 9.8 fails seven rules; the
fixes are ours, in ``overrides/`` (templates), ``docs/assets/stylesheets/`` and
``docs/assets/javascripts/reading.js``, not disabled rules.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser import DESKTOP, JUNE_POST, PHONE, OpenPage, ServedSite, node_package_file
from sitebuilder import PROJECT

pytest_plugins = ["browser"]

AUDITED_PAGES = {
    "home page": ("", "docs/index.md"),
    "June post": (JUNE_POST, "docs/blog/posts/2025-06-group-exercise-low-back-pain.md"),
    "tags page": ("tags/", "docs/tags.md"),
    "reference library": ("library/", "docs/library.md"),
    "editors' guide": ("writing-a-post/", "docs/writing-a-post.md"),
}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Of the seven rules stock Material fails, aria-dialog-name, landmark-unique and
# region are axe "best-practice" rules outside the WCAG tags: audited as well, so
# that our fixes of them stay fixed. (color-contrast, link-in-text-block,
# link-name and aria-progressbar-name are WCAG rules.) target-size (WCAG 2.5.8)
# is a WCAG 2.2 rule; axe leaves out links inside text, which our own test of
# the citations' size covers (tests/test_browser.py).
STOCK_MATERIAL_BEST_PRACTICES = ["aria-dialog-name", "landmark-unique", "region"]
# A rule may be left out only with a reason a reviewer accepts: rule id -> reason.
EXCLUDED_RULES: dict[str, str] = {}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_22_AA},
    "rules": {
        **{rule: {"enabled": True} for rule in STOCK_MATERIAL_BEST_PRACTICES},
        **{rule: {"enabled": False} for rule in EXCLUDED_RULES},
    },
    "resultTypes": ["violations"],
}
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}


@functools.cache
def axe_script() -> str:
    return node_package_file("axe-core/axe.min.js").read_text(encoding="utf-8")


def test_axe_core_is_the_version_package_json_pins() -> None:
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    installed = json.loads(node_package_file("axe-core/package.json").read_text(encoding="utf-8"))["version"]
    assert installed == pinned, f"node_modules has axe-core {installed}, package.json pins {pinned}: run npm ci"


def violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now, one text per rule with its elements."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_script())
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for violation in result["violations"]:
        lines = [f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"]
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"        {summary[:400]}")
        found.append("\n".join(lines))
    return found


def assert_no_violations(page: Page, where: str) -> None:
    found = violations(page)
    if found:
        print(f"axe-core on {where}:\n" + "\n".join(found))
    assert found == [], f"{len(found)} rule(s) violated on {where}:\n" + "\n".join(found)


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(AUDITED_PAGES))
def test_no_wcag_22_aa_violations(
    open_page: OpenPage, served_site: ServedSite, name: str, scheme: str, device: str
) -> None:
    path, source = AUDITED_PAGES[name]
    if not (served_site.root / path / "index.html").exists():
        pytest.fail(f"the {name} is missing: no page at /{path} (its source would be {source})", pytrace=False)
    page = open_page(path, color_scheme=scheme, **DEVICES[device])
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, f"the {name} (/{path}, {scheme} scheme, {device})")


def open_a_preview(page: Page, device: str) -> None:
    """The preview of "(2–4)": opened by keyboard focus on a desktop, by a tap on a phone."""
    number = page.locator("#cite-2 a.bb-citation__number").first
    if device == "phone":
        number.scroll_into_view_if_needed()
        number.tap()
    else:
        number.focus()
    expect(page.locator("#cite-2 .bb-preview")).to_be_visible()


@pytest.mark.parametrize("device", list(DEVICES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_violations_while_a_post_is_read(open_page: OpenPage, scheme: str, device: str) -> None:
    page = open_page(JUNE_POST, color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"], **DEVICES[device])
    page.wait_for_load_state("networkidle")

    open_a_preview(page, device)
    assert_no_violations(page, f"the June post with a citation's preview open ({scheme}, {device})")
    page.keyboard.press("Escape")
    expect(page.locator(".bb-preview")).to_have_count(0)

    if device == "phone":  # the header's search button opens the search field
        page.locator(".md-header label.md-header__button[for='__search']").tap()
    page.get_by_role("textbox", name="Search").click()
    page.keyboard.type("Qaseem", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert_no_violations(page, f"the June post with search results shown ({scheme}, {device})")
    page.keyboard.press("Escape")

    page.locator("article pre").first.get_by_role("button", name="Copy to clipboard").click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
    assert_no_violations(page, f"the June post with 'Copied to clipboard' shown ({scheme}, {device})")


def test_citations_and_back_links_tell_screen_readers_where_they_go(open_page: OpenPage) -> None:
    page = open_page(JUNE_POST)
    # The accessibility tree, as a screen reader gets it: each number of a
    # citation is a link named after its reference, not just "2".
    named = []
    for citation in page.locator("article .bb-citation").all():
        snapshot = citation.aria_snapshot()
        names = re.findall(r'link "([^"]+)"', snapshot)
        numbers = re.findall(r"\d+", citation.inner_text())
        assert names, snapshot
        for name in names:
            match = re.fullmatch(r"Reference (\d+): .+ et al\., \d{4}|Reference (\d+): .+, \d{4}", name)
            assert match, f"citation link named {name!r}"
            assert (match[1] or match[2]) in numbers, (name, numbers)
        named += names
    assert "Reference 2: O’Keeffe M et al., 2017" in named
    expect(page.get_by_role("link", name="Reference 1: Qaseem A et al., 2017")).to_have_count(1)

    # Every back link says where it goes.
    back_links = page.locator("article a.bb-backref")
    expect(back_links).to_have_count(6)
    for index in range(6):
        expect(back_links.nth(index)).to_have_accessible_name(re.compile(r"^Back to where reference \d+ is cited"))
    expect(page.get_by_role("link", name="Back to where reference 5 is cited")).to_have_attribute(
        "href", re.compile(r"#cite-3$")
    )

    # Both are in the tab order.
    for link in page.locator("article .bb-citation__number, article a.bb-backref").all():
        assert link.evaluate("element => element.tabIndex") == 0


def test_template_overrides_are_remade_when_material_changes() -> None:
    """Our template overrides are edited copies of Material's: re-copy them on an upgrade."""
    version = importlib.metadata.version("mkdocs-material")
    stale = []
    for template in sorted((PROJECT / "overrides").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        copied = re.search(r"Copied from Material for MkDocs (\S+) \(([^)]+)\)", text)
        if copied and copied[1] != version:
            stale.append(f"{template.relative_to(PROJECT)}: a copy of {copied[2]} from Material {copied[1]}")
    assert stale == [], (
        f"Material is now {version}: copy each template again from Material's templates/ "
        "and make the change its header describes:\n" + "\n".join(stale)
    )
