"""The reference library page in Chromium: all of it without JavaScript, a filter and sorting with it.

Without JavaScript the page is every reference, in sections by study design
(the form is hidden: it would do nothing). With it, readers filter by study
design and by words (typed as on a keyboard: "O'Keeffe" finds "O’Keeffe"),
sort by first author or year, and hear how many references are shown.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser import PHONE, OpenPage

pytest_plugins = ["browser"]

expect.set_options(timeout=10_000)

SECTIONS = ["Clinical practice guideline", "Systematic review", "Rapid review", "Randomised controlled trial", "Modelling study"]
BY_DESIGN = ["qaseem2017", "tiffreau2007", "okeeffe2017", "toomey2015", "okeeffe2020", "cobiac2009"]


def shown(page: Page) -> list[str]:
    """The keys of the entries a reader sees, in the order shown."""
    return page.locator(".bb-library__item").evaluate_all(
        "items => items.filter(li => li.offsetParent !== null)"
        ".map(li => li.querySelector('.bb-reference').id.replace('ref-', ''))"
    )


def headings(page: Page) -> list[str]:
    return page.locator("article h2").evaluate_all(
        "hs => hs.filter(h => h.offsetParent !== null).map(h => h.textContent.replace('¶', '').trim())"
    )


def test_without_javascript_the_library_is_every_reference_by_design(open_page: OpenPage) -> None:
    page = open_page("library/", java_script_enabled=False)
    assert shown(page) == BY_DESIGN
    assert headings(page) == SECTIONS
    expect(page.locator("form.bb-library-filter")).to_be_hidden()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_library_filters_by_design_and_words_and_sorts_by_year_or_author(open_page: OpenPage, device: str) -> None:
    page = open_page("library/", **({"viewport": PHONE, "is_mobile": True, "has_touch": True} if device == "phone" else {}))
    form = page.get_by_role("search", name="Filter the library")
    expect(form).to_be_visible()
    status = form.get_by_role("status")
    expect(status).to_have_text("Showing all 6 references")
    assert shown(page) == BY_DESIGN

    field = form.get_by_label("Find in the library")
    for query in ("O'Keeffe", "keeffe", "Sullivan", "bjsports"):
        field.fill("")
        field.press_sequentially(query, delay=20)  # typed, as a reader types
        expect(status).to_have_text("Showing 2 of 6 references")
        assert shown(page) == ["okeeffe2017", "okeeffe2020"], query
    # The sections of the entries shown, and only those.
    assert headings(page) == ["Systematic review", "Randomised controlled trial"]

    field.fill("")
    form.get_by_label("Study design").select_option("Clinical practice guideline")
    assert shown(page) == ["qaseem2017", "tiffreau2007"]
    expect(status).to_have_text("Showing 2 of 6 references")
    assert headings(page) == ["Clinical practice guideline"]

    form.get_by_label("Study design").select_option("")
    form.get_by_label("Sort by").select_option("newest")
    assert shown(page) == ["okeeffe2020", "okeeffe2017", "qaseem2017", "toomey2015", "cobiac2009", "tiffreau2007"]
    assert headings(page) == []  # one list, each entry with its study design badge
    form.get_by_label("Sort by").select_option("oldest")
    assert shown(page) == ["tiffreau2007", "cobiac2009", "toomey2015", "okeeffe2017", "qaseem2017", "okeeffe2020"]
    form.get_by_label("Sort by").select_option("author")
    assert shown(page) == ["cobiac2009", "okeeffe2017", "okeeffe2020", "qaseem2017", "tiffreau2007", "toomey2015"]
    # Sorted and filtered at once.
    field.fill("osteoarthritis")
    assert shown(page) == ["tiffreau2007", "toomey2015"]

    form.get_by_role("button", name="Clear").click()
    expect(status).to_have_text("Showing all 6 references")
    assert shown(page) == BY_DESIGN
    assert headings(page) == SECTIONS


def test_the_library_filter_is_reached_and_used_with_the_keyboard(open_page: OpenPage) -> None:
    page = open_page("library/")
    field = page.get_by_label("Find in the library")
    for _ in range(60):
        page.keyboard.press("Tab")
        if field.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the library's filter")
    page.keyboard.type("Tiffreau", delay=20)
    page.keyboard.press("Enter")  # the form's submit: it filters, it does not leave the page
    assert shown(page) == ["tiffreau2007"]
    assert page.url.endswith("/library/")
