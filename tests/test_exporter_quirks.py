"""What real reference managers write, read as the editor meant it.

Each case is a quirk found in the real libraries of the corpus test
(``test_real_corpus.py``: the library and entry are named), reduced to a
synthetic entry.  The expected text follows the house style
(``docs/reference-style.md``) and, where it is silent, NLM's *Citing Medicine*.
"""

from __future__ import annotations

import textwrap

import pytest
from pybtex.database import parse_string
from pybtex.richtext import Text

from backblog.bib_checks import check_bibliography_text
from backblog.style import VancouverStyle
from sitebuilder import PROJECT

STYLE_COPY = (PROJECT / "docs" / "reference-style.md").read_text(encoding="utf-8")


def rendered(bibtex: str) -> str:
    data = parse_string(textwrap.dedent(bibtex), "bibtex")
    entry = next(iter(data.entries.values()))
    text = VancouverStyle().format_entry("1", entry, data).text
    assert isinstance(text, Text)
    return str(text.render_as("text"))


def article(**fields: str) -> str:
    values = {"author": "Testauthor, A.", "title": "Synthetic title", "journal": "Synthetic Journal", "year": "2020"}
    values.update(fields)
    return "@article{s, " + ", ".join(f"{name} = {{{value}}}" for name, value in values.items()) + "}"


@pytest.mark.parametrize(
    ("journal", "printed"),
    [
        # The house style: "A journal written as an abbreviation ... is printed as one, without its periods".
        ("J. Occup. Environ. Med", "J Occup Environ Med"),  # lhsantos_pubmed, pmid16404208
        ("J. Pain", "J Pain"),  # drcjar_ipprf, Torrance2006
        ("Spine (Phila. Pa. 1976)", "Spine (Phila Pa 1976)"),
        # "A full title keeps its own punctuation".
        ("The Lancet. Respiratory Medicine", "The Lancet. Respiratory Medicine"),  # mckeigue_covid, fang_are_2020
        ("Hypertension (Dallas, Tex.: 1979)", "Hypertension (Dallas, Tex.: 1979)"),  # mcguinlu, ference2014
    ],
)
def test_a_journal_field_holding_an_abbreviation_is_printed_as_one(journal: str, printed: str) -> None:
    assert f"`{printed}`" in STYLE_COPY
    assert rendered(article(journal=journal)) == f"Testauthor A. Synthetic title. {printed}. 2020."


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # mckeigue_covid, leelakanok_association_2017: Zotero writes PubMed's date into year.
        ({"year": "2017 Nov - Dec", "volume": "57"}, "2017 Nov-Dec;57."),
        # gisurgonc_zotero, friedM146a: letters before the first page, the second as written.
        ({"volume": "56", "pages": "M146-156"}, "2020;56:M146–156."),
        # mckeigue_covid, leelakanok_association_2017: Elsevier's online pages after the last page.
        ({"volume": "57", "pages": "729-738.e10"}, "2020;57:729–738.e10."),
        # drcjar_ipprf, Myllärniemi2014: JabRef's "no pages".
        ({"volume": "2", "pages": " - "}, "2020;2."),
    ],
)
def test_dates_and_pages_as_exporters_write_them(fields: dict[str, str], expected: str) -> None:
    assert rendered(article(**fields)) == f"Testauthor A. Synthetic title. Synthetic Journal. {expected}"


@pytest.mark.parametrize(
    ("author", "printed"),
    [
        # mckeigue_covid, moons2006: "Harrell Jr, Frank E." (BibTeX wants "Harrell, Jr, Frank E.");
        # the house style: "suffixes kept (Smith AB Jr)".
        ("Testauthor Jr, Frank E.", "Testauthor FE Jr"),
        # martin_library, RN21: EndNote's "et al." typed as a last name, even as "et, a. l.".
        ("Testauthor, A. and Sample, B. and et al.", "Testauthor A, Sample B, et al"),
        ("Testauthor, A. and Sample, B. and et, a. l.", "Testauthor A, Sample B, et al"),
    ],
)
def test_names_as_exporters_write_them(author: str, printed: str) -> None:
    assert rendered(article(author=author)) == f"{printed}. Synthetic title. Synthetic Journal. 2020."


def test_a_title_cut_short_before_its_subtitle_ends_with_one_period() -> None:
    # kamermanpr_who_eml, Simpson2014: "... neuropathy:" (the subtitle lost in the export).
    assert rendered(article(title="Synthetic title:")) == "Testauthor A. Synthetic title. Synthetic Journal. 2020."


@pytest.mark.parametrize("edition", ["'Fourth'", "fourth", "Fourth edition", "4"])
def test_an_edition_written_in_words_or_in_quotes_is_printed_4th_ed(edition: str) -> None:
    # kamermanpr_who_eml, WHO2010: Paperpile writes edition = "'Fourth'".
    bib = (
        f"@techreport{{s, author = {{{{Synthetic Organization}}}}, title = {{Synthetic guidelines}},"
        f" edition = {{{edition}}}, institution = {{Synthetic Organization}}, address = {{Testville}}, year = {{2010}}}}"
    )
    assert rendered(bib) == (
        "Synthetic Organization. Synthetic guidelines. 4th ed. Testville: Synthetic Organization; 2010."
    )


def test_a_web_page_from_zoteros_misc_takes_its_address_and_site_name() -> None:
    # mckeigue_covid, el-sour_oral_2012: howpublished holds the bare address, journal the site's name.
    bib = (
        "@misc{s, author = {Testauthor, A.}, title = {Synthetic page}, year = {2012}, month = nov,"
        " howpublished = {https://example.org/page}, journal = {Synthetic Site}}"
    )
    assert rendered(bib) == (
        "Testauthor A. Synthetic page [Internet]. Synthetic Site; 2012. Available from: https://example.org/page"
    )


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        # smnhasan_covid_temperature, Yao2020: Mendeley writes every address it has.
        ("/pmc/articles/PMC1/ /pmc/articles/PMC1/?report=abstract https://example.org/pmc/PMC1/", "https://example.org/pmc/PMC1/"),
        # philliphartin_thesis, Nothwehr2013: ... separated by an escaped line break.
        ("10.1000/x$\\backslash$nhttps://example.org/a", "https://example.org/a"),
        # philliphartin_thesis, AlzheimersAssociation2015b: LaTeX escapes in the address.
        ("https://example.org/alzheimers{\\_}disease.asp{\\#}top", "https://example.org/alzheimers_disease.asp#top"),
    ],
)
def test_the_web_address_is_the_one_the_exporter_meant(url: str, linked: str) -> None:
    bib = f"@online{{s, author = {{Testauthor, A.}}, title = {{Synthetic page}}, year = {{2015}}, url = {{{url}}}}}"
    assert rendered(bib) == f"Testauthor A. Synthetic page [Internet]. 2015. Available from: {linked}"


def rendered_as_built(bib: str) -> str:
    """The entry as the build reads it: through the bibliography check's own parse."""
    data = check_bibliography_text(textwrap.dedent(bib)).data
    entry = next(iter(data.entries.values()))
    return str(VancouverStyle().format_entry("1", entry, data).text.render_as("text"))


def problems(bib: str) -> list[tuple[int | None, str, str]]:
    checked = check_bibliography_text(textwrap.dedent(bib))
    return [(p.line, p.severity, p.message) for p in checked.problems]


def test_months_written_out_as_bare_words_are_months() -> None:
    # martin_library, RN34: EndNote writes month = november.
    checked = check_bibliography_text(article(month="x").replace("month = {x}", "month = november"))
    assert checked.problems == []
    assert rendered_as_built(article(volume="1").replace("year = {2020}", "year = {2020}, month = november")) == (
        "Testauthor A. Synthetic title. Synthetic Journal. 2020 Nov;1."
    )


def test_another_bare_word_names_the_entry_and_the_fix() -> None:
    assert problems(article().replace("journal = {Synthetic Journal}", "journal = synthj")) == [
        (1, "error", "entry 's': synthj is written without braces, so BibTeX reads it as a @string the file "
                     "does not define (and the field as empty): write it in braces, {synthj}"),
    ]


def test_an_entry_without_a_key_is_a_note_and_the_rest_is_read() -> None:
    # smnhasan_covid_temperature, line 115: Mendeley's @misc{, ...}.
    bib = "@misc{,\n  title = {Synthetic page},\n}\n" + article()
    checked = check_bibliography_text(bib)
    assert problems(bib) == [
        (1, "note", "this entry has no key, so no page can cite it: give it one, such as @article{smith2020, ...}")
    ]
    assert list(checked.data.entries) == ["s"] and checked.file_errors == []


def test_a_field_no_page_prints_may_be_given_twice() -> None:
    # gisurgonc_zotero, dahya7: Zotero's annote twice (pybtex refuses any field twice).
    bib = article().replace("year = {2020}", "year = {2020}, annote = {one}, annote = {two}")
    assert problems(bib) == []
    assert rendered_as_built(bib) == "Testauthor A. Synthetic title. Synthetic Journal. 2020."
    twice = article().replace("year = {2020}", "year = {2020}, volume = {1}, volume = {2}")
    assert problems(twice) == [(1, "error", "entry 's' has the field 'volume' twice: keep one")]


@pytest.mark.parametrize(
    ("doi", "link"),
    [
        ("10/gf87cc", "https://doi.org/10/gf87cc"),  # mcguinlu_thesis_references, bramer2016: a ShortDOI
        ("\\url{10.5255/ukda-sn-6533-11}", "https://doi.org/10.5255/ukda-sn-6533-11"),  # winterwang_diabetes
    ],
)
def test_short_dois_and_dois_in_a_url_command_are_dois(doi: str, link: str) -> None:
    from backblog.references import format_entry

    bib = article(doi=doi)
    assert problems(bib) == []
    data = parse_string(bib, "bibtex")
    assert [item.url for item in format_entry("s", data.entries["s"]).links] == [link]


def test_a_pubmed_id_too_long_to_be_one_says_so() -> None:
    # philliphartin_thesis, Stern2012a.
    assert problems(article(pmid="1000000221")) == [
        (1, "error", "entry 's': pmid '1000000221' is not a PubMed ID (a number of at most 9 digits): "
                     "check it against the article's PubMed page, or remove it"),
    ]


def test_several_addresses_in_the_url_field_are_a_note() -> None:
    assert problems(article(url="/pmc/articles/PMC1/ https://example.org/pmc/PMC1/")) == [
        (1, "note", "entry 's': url holds 2 addresses; the page links the first web address, "
                    "https://example.org/pmc/PMC1/: keep only that one to make it plain"),
    ]
