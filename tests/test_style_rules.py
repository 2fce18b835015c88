"""The independent style checker itself: silent on the house style's examples, and exact on
hand-broken variants of them (each breaks one rule and must be reported as that rule only)."""

from __future__ import annotations

import textwrap

import pytest
from pybtex.database import parse_string

from sitebuilder import PROJECT
from style_rules import RULES, Source, check_reference, elide, leftover_markup, rules_broken

STYLE_COPY = PROJECT / "docs" / "reference-style.md"


def golden_entries(document: str) -> list[str]:
    """The six golden entries of a house-style document (its indented block after "The six golden entries")."""
    block = document.split("The six golden entries", 1)[1].split("The journal abbreviations", 1)[0]
    return [line[4:] for line in block.splitlines() if line.startswith("    ")]


GOLDEN_KEYS = ["qaseem2017", "okeeffe2017", "toomey2015", "okeeffe2020", "tiffreau2007", "cobiac2009"]
GOLDEN = dict(zip(GOLDEN_KEYS, golden_entries(STYLE_COPY.read_text(encoding="utf-8")), strict=True))

# The style document's book and chapter examples, and a report and a web page written
# to its layouts (it gives no example of those), each with a BibTeX entry that holds it.
EXAMPLES = {
    "waddell2004": (
        "Waddell G. The back pain revolution. 2nd ed. Edinburgh: Churchill Livingstone; 2004.",
        "@book{waddell2004, author = {Waddell, Gordon}, title = {The back pain revolution}, edition = {2},"
        " address = {Edinburgh}, publisher = {Churchill Livingstone}, year = {2004}}",
    ),
    "meltzer2002": (
        "Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human solid tumors. In: Vogelstein B,"
        " Kinzler KW, editors. The genetic basis of human cancer. New York: McGraw-Hill; 2002. p. 93–113.",
        "@incollection{meltzer2002, author = {Meltzer, P. S. and Kallioniemi, A. and Trent, J. M.},"
        " title = {Chromosome alterations in human solid tumors}, editor = {Vogelstein, B. and Kinzler, K. W.},"
        " booktitle = {The genetic basis of human cancer}, address = {New York}, publisher = {McGraw-Hill},"
        " year = {2002}, pages = {93--113}}",
    ),
    "who2020": (
        "World Health Organization. Guidelines on physical activity and sedentary behaviour. Geneva: World Health"
        " Organization; 2020. Report No.: WHO/EX/2020.1.",
        "@techreport{who2020, author = {{World Health Organization}},"
        " title = {Guidelines on physical activity and sedentary behaviour}, institution = {World Health Organization},"
        " address = {Geneva}, year = {2020}, number = {WHO/EX/2020.1}}",
    ),
    "spineiq2024": (
        "Spine IQ. Exercise for low back pain [Internet]. London: Spine IQ; 2024 [cited 2025 Jan 15]."
        " Available from: https://example.org/back-pain",
        "@online{spineiq2024, author = {{Spine IQ}}, title = {Exercise for low back pain}, address = {London},"
        " publisher = {Spine IQ}, year = {2024}, urldate = {2025-01-15}, url = {https://example.org/back-pain}}",
    ),
}


def project_source(key: str) -> Source:
    data = parse_string((PROJECT / "bibliography.bib").read_text(encoding="utf-8"), "bibtex")
    return Source.from_entry(data.entries[key])


def bib_source(bibtex: str) -> Source:
    data = parse_string(textwrap.dedent(bibtex), "bibtex")
    return Source.from_entry(next(iter(data.entries.values())))


def example(key: str) -> tuple[str, Source]:
    if key in GOLDEN:
        return GOLDEN[key], project_source(key)
    text, bibtex = EXAMPLES[key]
    return text, bib_source(bibtex)


def test_the_six_golden_entries_are_the_published_list() -> None:
    snapshot = (PROJECT / "tests" / "snapshots" / "june-post-references.txt").read_text(encoding="utf-8")
    assert list(GOLDEN.values()) == snapshot.splitlines()


def test_the_book_and_chapter_examples_are_the_style_documents() -> None:
    document = STYLE_COPY.read_text(encoding="utf-8")
    for key in ("waddell2004", "meltzer2002"):
        assert f"`{EXAMPLES[key][0]}`" in document


@pytest.mark.parametrize("key", [*GOLDEN_KEYS, *EXAMPLES])
def test_the_style_documents_examples_break_no_rule(key: str) -> None:
    text, source = example(key)
    assert [str(v) for v in check_reference(text, source)] == []


@pytest.mark.parametrize("key", [*GOLDEN_KEYS, *EXAMPLES])
def test_the_examples_break_no_rule_checked_from_the_text_alone(key: str) -> None:
    text, _source = example(key)
    assert [str(v) for v in check_reference(text)] == []


# (example, what is printed instead, its replacement, BibTeX fields changed, the one rule broken)
VARIANTS = [
    ("toomey2015", "Hurley DA.", "Hurley D A.", {}, "authors.name-form"),
    ("toomey2015", "Hurley DA.", "Hurley D.A.", {}, "authors.name-form"),
    ("qaseem2017", "Wilt TJ", "Wilt Tj", {}, "authors.initials"),
    ("toomey2015", "Hurley DA.", "Hurley D.", {}, "authors.initials"),
    ("tiffreau2007", "Lefevre-Colau MM", "Lefevre MM", {}, "authors.surname"),
    ("okeeffe2017", "O’Keeffe M, Hayes A", "O’Keeffe M; Hayes A", {}, "authors.separator"),
    ("cobiac2009", "Vos T, Barendregt", "Vos T,Barendregt", {}, "authors.separator"),
    ("tiffreau2007", "Revel M, ", "", {}, "authors.count"),
    ("tiffreau2007", "Rannou F.", "Rannou F, et al.", {}, "authors.et-al"),
    ("cobiac2009", "Barendregt JJ. Cost", "Barendregt JJ, Cost", {}, "authors.end"),
    ("cobiac2009", "Barendregt JJ. Cost", "Barendregt JJ Cost", {}, "authors.end"),
    ("okeeffe2017", "meta-analysis. Br", "meta-analysis Br", {}, "title.end"),
    ("okeeffe2017", "meta-analysis. Br", "meta-analysis?. Br", {}, "title.end"),
    ("okeeffe2017", "Br J Sports Med.", "Br. J. Sports Med.", {}, "journal.periods"),
    ("okeeffe2017", "Br J Sports Med.", "British Journal of Sports Medicine.", {}, "journal.source"),
    ("qaseem2017", "2017 Apr 4", "2017 April 4", {}, "date.form"),
    ("qaseem2017", "2017 Apr 4", "2017 Apr 04", {}, "date.form"),
    ("qaseem2017", "2017 Apr 4", "2017 Mar 4", {}, "date.source"),
    ("qaseem2017", "2017 Apr 4", "2017 Apr", {}, "date.source"),
    ("qaseem2017", "4;166(7)", "4; 166(7)", {}, "volume-issue.punctuation"),
    ("qaseem2017", "4;166(7)", "4;166 (7)", {}, "volume-issue.punctuation"),
    ("tiffreau2007", "50(9)", "50(9-10)", {"number": "9-10"}, "volume-issue.range-dash"),
    ("qaseem2017", "166(7)", "166(8)", {}, "volume-issue.source"),
    ("qaseem2017", "(7):514", "(7): 514", {}, "pages.punctuation"),
    ("tiffreau2007", "741–6, 734–40", "741–6,734–40", {}, "pages.punctuation"),
    ("qaseem2017", "514–30", "514-30", {}, "pages.dash"),
    ("qaseem2017", "514–30", "514—30", {}, "pages.dash"),
    ("qaseem2017", "514–30", "514–530", {}, "pages.elision"),
    ("okeeffe2020", "782–9", "782–89", {}, "pages.elision"),
    ("cobiac2009", "e1000110.", "e1000110–e1000110.", {"pages": "e1000110--e1000110"}, "pages.equal-range"),
    ("qaseem2017", "514–30", "514–31", {}, "pages.source"),
    ("toomey2015", "265–86.", "265–86", {}, "end.period"),
    ("okeeffe2017", "O’Keeffe M, Hayes", "O'Keeffe M, Hayes", {}, "typography.apostrophe"),
    ("cobiac2009", "Cost-Effectiveness", "Cost-{E}ffectiveness", {}, "markup.latex"),
    ("cobiac2009", "Physical Activity", "Physical~Activity", {}, "markup.tie-or-dash"),
    ("waddell2004", "2nd ed.", "1st ed.", {"edition": "1"}, "edition.first"),
    ("waddell2004", "2nd ed.", "First edition.", {"edition": "first"}, "edition.first"),
    ("waddell2004", "2nd ed.", "Second ed.", {}, "edition.form"),
    ("waddell2004", "2nd ed.", "2nd edition.", {}, "edition.form"),
    ("waddell2004", "Edinburgh: Churchill", "Edinburgh, Churchill", {}, "book.publication"),
    ("waddell2004", "Livingstone; 2004.", "Livingstone, 2004.", {}, "book.publication"),
    ("meltzer2002", "In: Vogelstein", "In Vogelstein", {}, "chapter.in"),
    ("meltzer2002", "KW, editors.", "KW, editor.", {}, "authors.editor-label"),
    ("meltzer2002", "p. 93–113.", "p.93–113.", {}, "chapter.pages"),
    ("meltzer2002", "2002. p. 93–113.", "2002. 93–113.", {}, "chapter.pages"),
    ("who2020", "Report No.: WHO", "Report No. WHO", {}, "report.number"),
    ("who2020", " Report No.: WHO/EX/2020.1.", "", {}, "report.number"),
    ("who2020", "Geneva: World", "Geneva, World", {}, "report.publication"),
    ("spineiq2024", "pain [Internet].", "pain.", {}, "web.internet"),
    ("spineiq2024", "[cited 2025 Jan 15]", "[cited 15 Jan 2025]", {}, "web.cited"),
    ("spineiq2024", "[cited 2025 Jan 15]", "[cited 2025 Jan 16]", {}, "web.cited"),
    ("spineiq2024", "back-pain", "back-pain.", {}, "web.final-period"),
    ("spineiq2024", "Available from:", "Available at:", {}, "web.available"),
    ("spineiq2024", "Spine IQ; 2024", "Spine IQ 2024", {}, "web.publication"),
]


def broken_source(source: Source, changed: dict[str, str]) -> Source:
    return Source(source.type, {**source.fields, **changed}, source.authors, source.editors)


@pytest.mark.parametrize(("key", "old", "new", "changed", "rule"), VARIANTS, ids=lambda v: v if isinstance(v, str) else None)
def test_each_broken_variant_breaks_exactly_its_rule(key: str, old: str, new: str, changed: dict[str, str], rule: str) -> None:
    text, source = example(key)
    assert text.count(old) == 1, (old, text)
    broken = text.replace(old, new)
    assert rule in RULES
    violations = check_reference(broken, broken_source(source, changed))
    assert rules_broken(violations) == [rule], [str(v) for v in violations]


def test_editors_in_place_of_authors_take_editor_or_editors() -> None:
    source = bib_source(
        "@book{ed, editor = {Waddell, Gordon}, title = {The back pain revolution}, address = {Edinburgh},"
        " publisher = {Churchill Livingstone}, year = {2004}}"
    )
    good = "Waddell G, editor. The back pain revolution. Edinburgh: Churchill Livingstone; 2004."
    assert check_reference(good, source) == []
    for bad in (good.replace(", editor.", "."), good.replace("editor.", "editors.")):
        assert rules_broken(check_reference(bad, source)) == ["authors.editor-label"], bad


def test_six_names_then_et_al_for_seven_or_more() -> None:
    names = " and ".join(f"Author{n}, A." for n in "ABCDEFG")
    source = bib_source(f"@article{{x, author = {{{names}}}, title = {{A title}}, journal = {{J Test}}, year = {{2020}}}}")
    listed = ", ".join(f"Author{n} A" for n in "ABCDEF")
    assert check_reference(f"{listed}, et al. A title. J Test. 2020.", source) == []
    assert rules_broken(check_reference(f"{listed}. A title. J Test. 2020.", source)) == ["authors.et-al"]
    assert rules_broken(check_reference(f"{listed}, AuthorG A. A title. J Test. 2020.", source)) == ["authors.count"]


def test_hyphenated_and_all_capital_given_names() -> None:
    source = bib_source("@article{x, author = {Guan, Wei-jie and Smith, ANN}, title = {T}, journal = {J}, year = {2020}}")
    assert check_reference("Guan WJ, Smith A. T. J. 2020.", source) == []
    assert rules_broken(check_reference("Guan Wj, Smith A. T. J. 2020.", source)) == ["authors.initials"]
    assert rules_broken(check_reference("Guan W, Smith A. T. J. 2020.", source)) == ["authors.initials"]


def test_particles_suffixes_and_group_authors() -> None:
    source = bib_source(
        "@article{x, author = {van Tulder, M. W. and Smith, Jr, A. B. and {Cochrane Back Review Group, Oslo}},"
        " title = {T}, journal = {J}, year = {2020}}"
    )
    assert check_reference("van Tulder MW, Smith AB Jr, Cochrane Back Review Group, Oslo. T. J. 2020.", source) == []
    assert rules_broken(check_reference("van Tulder MW, Smith Jr AB, Cochrane Back Review Group, Oslo. T. J. 2020.", source)) == [
        "authors.name-form"
    ]
    assert rules_broken(check_reference("Tulder MW, Smith AB Jr, Cochrane Back Review Group, Oslo. T. J. 2020.", source)) == [
        "authors.surname"
    ]


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [("514", "530", "30"), ("782", "789", "9"), ("1127", "1128", "8"), ("1199", "1205", "205"),
     ("93", "113", "113"), ("99", "101", "101"), ("S12", "S18", "S18"), ("iii", "v", "v"), ("d3590", "d3590", "")],
)
def test_elision_follows_the_style_documents_examples(first: str, last: str, shown: str) -> None:
    assert elide(first, last) == shown


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Smith A. A title\\. J. 2020.", "markup.latex"),
        ("Smith A. A {title}. J. 2020.", "markup.latex"),
        ("Smith A. A $t$ title. J. 2020.", "markup.latex"),
        ("Smith A. A title. None. 2020.", "markup.none"),
        ("Smith A. A title. J. 2020;None.", "markup.none"),
        ("Smith A. A title. J. 2020;1:10--9.", "markup.tie-or-dash"),
        ("Smith A. A  title. J. 2020.", "markup.whitespace"),
        ("Smith A. A title.. J. 2020.", "punctuation.doubled"),
        ("Smith A. A title. J,, 2020.", "punctuation.doubled"),
        ("Smith A. A title. J. 2020;;1.", "punctuation.doubled"),
        ("Smith A. A title . J. 2020.", "punctuation.doubled"),
        ("Smith A. A title , J. 2020.", "punctuation.doubled"),
        ("Smith A. A title. . J. 2020.", "punctuation.doubled"),
        ("Smith A. A title., J. 2020.", "punctuation.doubled"),
        (". Smith A. A title. J. 2020.", "punctuation.orphaned"),
        ("Smith A. A title (). J. 2020.", "punctuation.orphaned"),
        ("Smith A. A title []. J. 2020.", "punctuation.orphaned"),
        ("Smith A. A title:. J. 2020.", "punctuation.orphaned"),
        ("Smith A. A title. J. 2020;1:", "punctuation.orphaned"),
        ("Smith A. A (title. J. 2020.", "punctuation.unbalanced"),
        ("Smith A. A title]. J. 2020.", "punctuation.unbalanced"),
    ],
)
def test_leftover_markup_names_the_one_leftover(text: str, rule: str) -> None:
    assert rules_broken(leftover_markup(text)) == [rule]


@pytest.mark.parametrize(
    "text",
    [
        "Smith A. Wait for it... A title. J. 2020.",
        "Feingold KR. A chapter. In: Feingold KR, Anawalt B, et al., editors. Endotext. Dartmouth: MDText.com, Inc.; 2000.",
        "Why Optim() Is out of Date [Internet]. R-bloggers; 2016. Available from: https://example.org/a..b",
        "Deutsche Welle (www.dw.com). A page [Internet]. Available from: https://www.dw.com/en/a-1",
        "Smith A. None of the above: a trial. J. 2020.",
        "Smith A. A title. Addison-Wesley Publishing Co., Inc.; 1974.",
    ],
)
def test_leftover_markup_spares_what_is_written_so(text: str) -> None:
    assert leftover_markup(text) == []


# Citing Medicine's own examples of layouts the house style leaves to it (chapters 5 and 3,
# and its software form), in the house typography: the checker must accept them.
NLM_EXAMPLES = [
    (
        "Borkowski MM. Infant sleep and feeding: a telephone survey of Hispanic Americans [dissertation]."
        " Mount Pleasant (MI): Central Michigan University; 2002.",
        "@phdthesis{b, author = {Borkowski, Mary M.}, title = {Infant sleep and feeding: a telephone survey of"
        " Hispanic Americans}, school = {Central Michigan University}, address = {Mount Pleasant (MI)}, year = {2002}}",
    ),
    (
        "Christensen S, Oppacher F. An analysis of Koza’s computational effort statistic for genetic programming."
        " In: Foster JA, Lutton E, Miller J, Ryan C, Tettamanzi AG, editors. Genetic programming. EuroGP 2002:"
        " Proceedings of the 5th European Conference on Genetic Programming; 2002 Apr 3-5; Kinsdale, Ireland."
        " Berlin: Springer; 2002. p. 182–91.",
        "@inproceedings{c, author = {Christensen, S. and Oppacher, F.}, title = {An analysis of Koza's computational"
        " effort statistic for genetic programming}, editor = {Foster, J. A. and Lutton, E. and Miller, J. and"
        " Ryan, C. and Tettamanzi, A. G.}, booktitle = {Genetic programming. EuroGP 2002: Proceedings of the 5th"
        " European Conference on Genetic Programming}, address = {Berlin}, publisher = {Springer}, year = {2002},"
        " pages = {182--191}}",
    ),
    (
        "R Core Team. R: a language and environment for statistical computing [Internet]. Vienna: R Foundation for"
        " Statistical Computing; 2019. Available from: https://www.R-project.org/",
        "@manual{r, author = {{R Core Team}}, title = {R: a language and environment for statistical computing},"
        " organization = {R Foundation for Statistical Computing}, address = {Vienna}, year = {2019},"
        " url = {https://www.R-project.org/}}",
    ),
]


@pytest.mark.parametrize(("text", "bibtex"), NLM_EXAMPLES)
def test_citing_medicines_layouts_for_other_types_break_no_rule(text: str, bibtex: str) -> None:
    assert [str(v) for v in check_reference(text, bib_source(bibtex))] == []


def test_a_thesis_without_its_designation_and_a_paper_without_in() -> None:
    thesis_text, thesis_bib = NLM_EXAMPLES[0]
    paper_text, paper_bib = NLM_EXAMPLES[1]
    thesis = check_reference(thesis_text.replace(" [dissertation]", ""), bib_source(thesis_bib))
    assert rules_broken(thesis) == ["thesis.designation"]
    paper = check_reference(paper_text.replace(" In: ", " "), bib_source(paper_bib))
    assert "conference.in" in rules_broken(paper)


# The project's own layouts ("More layouts" in docs/reference-style.md), on synthetic entries.
ARTICLE_BIB = (
    "@article{a, author = {Testauthor, A.}, title = {Synthetic title}, journal = {%s}, year = {2020},"
    " volume = {8}, number = {4}, pages = {%s}}"
)


@pytest.mark.parametrize(
    ("journal", "printed", "rules"),
    [
        ("The Lancet. Respiratory Medicine", "The Lancet. Respiratory Medicine", []),  # a full title, as stored
        ("Hypertension (Dallas, Tex.: 1979)", "Hypertension (Dallas, Tex.: 1979)", []),
        ("J. Synth. Tests", "J Synth Tests", []),  # an abbreviation, without its periods
        ("J. Synth. Tests", "J. Synth. Tests", ["journal.periods"]),
        ("J. Pain", "J Pain", []),
        ("J. Pain", "J. Pain", ["journal.periods"]),
    ],
)
def test_only_an_abbreviated_journal_loses_its_periods(journal: str, printed: str, rules: list[str]) -> None:
    text = f"Testauthor A. Synthetic title. {printed}. 2020;8(4):21–32."
    assert rules_broken(check_reference(text, bib_source(ARTICLE_BIB % (journal, "21--32")))) == rules


def test_a_discussion_after_the_pages_follows_a_semicolon() -> None:
    source = bib_source(ARTICLE_BIB % ("Synthetic Journal", "1151-1168; discussion 1149-50"))
    text = "Testauthor A. Synthetic title. Synthetic Journal. 2020;8(4):1151–68; discussion 1149–50."
    assert rules_broken(check_reference(text, source)) == []
    assert rules_broken(check_reference(text.replace("; discussion", ", discussion"), source)) == ["pages.punctuation"]


def test_letters_before_a_page_keep_the_second_page_as_written() -> None:
    source = bib_source(ARTICLE_BIB % ("Synthetic Journal", "M146-156"))
    assert rules_broken(check_reference("Testauthor A. Synthetic title. Synthetic Journal. 2020;8(4):M146–156.", source)) == []
    source = bib_source(ARTICLE_BIB % ("Synthetic Journal", "M146-M156"))
    assert rules_broken(check_reference("Testauthor A. Synthetic title. Synthetic Journal. 2020;8(4):M146–56.", source)) == [
        "pages.elision"
    ]


PREPRINT_BIB = (
    "@article{p, author = {Testauthor, A.}, title = {Synthetic preprint}, journal = {medRxiv}, date = {2020-04-01},"
    " urldate = {2020-04-03}, url = {https://example.org/preprint}}"
)
PREPRINT = (
    "Testauthor A. Synthetic preprint. medRxiv [Preprint]. 2020 Apr 1 [cited 2020 Apr 3]."
    " Available from: https://example.org/preprint"
)


@pytest.mark.parametrize(
    ("old", "new", "rules"),
    [
        ("", "", []),
        (" [Preprint]", "", ["preprint.layout"]),
        ("medRxiv", "bioRxiv", ["journal.source"]),
        (" [cited 2020 Apr 3]", "", ["web.cited"]),
        ("2020 Apr 1", "2020 April 1", ["date.form"]),
    ],
)
def test_a_preprint_reads_server_preprint_date_cited_available(old: str, new: str, rules: list[str]) -> None:
    assert rules_broken(check_reference(PREPRINT.replace(old, new) if old else PREPRINT, bib_source(PREPRINT_BIB))) == rules


BOOK_BIB = (
    "@book{b, author = {Testauthor, A.}, editor = {Sample, B.}, title = {Synthetic book}, edition = {2},"
    " address = {Testville}, publisher = {Test Press}, year = {2020}, series = {Synthetic Series}}"
)


def test_a_book_names_its_editors_before_the_place_and_its_series_last() -> None:
    text = "Testauthor A. Synthetic book. 2nd ed. Sample B, editor. Testville: Test Press; 2020. (Synthetic Series)."
    assert rules_broken(check_reference(text, bib_source(BOOK_BIB))) == []
    assert rules_broken(check_reference(text.replace(" (Synthetic Series).", " Synthetic Series."), bib_source(BOOK_BIB))) == [
        "book.publication"
    ]
