"""The layouts the project's house style adds for every kind of work editors export.

Each example is printed in ``docs/reference-style.md`` (the project's copy of
the house style, "More layouts"): NLM's own examples from *Citing Medicine*
and its sample references, in the house typography, and made-up ones where
the layout is a house rule.  Each test formats the example's entry and
compares the text with the document's.
"""

from __future__ import annotations

import textwrap

import pytest
from pybtex.database import parse_string
from pybtex.richtext import Text

from backblog import model
from backblog.reader import read_reference
from backblog.style import VancouverStyle, format_reference
from sitebuilder import PROJECT

STYLE_COPY = (PROJECT / "docs" / "reference-style.md").read_text(encoding="utf-8")


def rendered(bibtex: str) -> str:
    data = parse_string(textwrap.dedent(bibtex), "bibtex")
    entry = next(iter(data.entries.values()))
    text = VancouverStyle().format_entry("1", entry, data).text
    assert isinstance(text, Text)
    return str(text.render_as("text"))


EXAMPLES = {
    "newspaper": (r"""
        @article{tynan2002,
          author = {Tynan, T.}, entrysubtype = {newspaper},
          title = {Medical improvements lower homicide rate: study sees drop in assault rate},
          journaltitle = {The Washington Post}, date = {2002-08-12}, chapter = {A}, pages = {2},
        }""", "Tynan T. Medical improvements lower homicide rate: study sees drop in assault rate. The Washington Post. 2002 Aug 12;Sect. A:2."),
    "preprint": (r"""
        @article{alvarez2017,
          author = {Alvarez, R.},
          title = {Near optimal neural network estimator for spectral x-ray photon counting data with pileup},
          eprint = {1702.01006v1}, eprinttype = {arxiv}, year = {2017}, urldate = {2017-02-09},
          url = {https://arxiv.org/abs/1702.01006},
        }""", "Alvarez R. Near optimal neural network estimator for spectral x-ray photon counting data with pileup. arXiv:1702.01006v1 [Preprint]. 2017 [cited 2017 Feb 9]. Available from: https://arxiv.org/abs/1702.01006"),
    "conference paper": (r"""
        @inproceedings{christensen2002,
          author = {Christensen, S. and Oppacher, F.},
          title = {An analysis of Koza's computational effort statistic for genetic programming},
          editor = {Foster, J. A. and Lutton, E. and Miller, J. and Ryan, C. and Tettamanzi, A. G.},
          booktitle = {Genetic programming},
          eventtitle = {EuroGP 2002: Proceedings of the 5th European Conference on Genetic Programming},
          eventdate = {2002-04-03/2002-04-05}, venue = {Kinsdale, Ireland},
          location = {Berlin}, publisher = {Springer}, year = {2002}, pages = {182--191},
        }""", "Christensen S, Oppacher F. An analysis of Koza’s computational effort statistic for genetic programming. In: Foster JA, Lutton E, Miller J, Ryan C, Tettamanzi AG, editors. Genetic programming. EuroGP 2002: Proceedings of the 5th European Conference on Genetic Programming; 2002 Apr 3-5; Kinsdale, Ireland. Berlin: Springer; 2002. p. 182–91."),
    "proceedings": (r"""
        @proceedings{harnden2002,
          editor = {Harnden, P. and Joffe, J. K. and Jones, W. G.},
          title = {Germ cell tumours V}, eventtitle = {Proceedings of the 5th Germ Cell Tumour Conference},
          eventdate = {2001-09-13/2001-09-15}, venue = {Leeds, UK},
          address = {New York}, publisher = {Springer}, year = {2002},
        }""", "Harnden P, Joffe JK, Jones WG, editors. Germ cell tumours V. Proceedings of the 5th Germ Cell Tumour Conference; 2001 Sep 13-15; Leeds, UK. New York: Springer; 2002."),
    "book with authors and an editor": (r"""
        @book{breedlove2001,
          author = {Breedlove, G. K. and Schorfheide, A. M.}, editor = {Wieczorek, R. R.},
          title = {Adolescent pregnancy}, edition = {2},
          address = {White Plains (NY)}, publisher = {March of Dimes Education Services}, year = {2001},
        }""", "Breedlove GK, Schorfheide AM. Adolescent pregnancy. 2nd ed. Wieczorek RR, editor. White Plains (NY): March of Dimes Education Services; 2001."),
    "thesis": (r"""
        @phdthesis{borkowski2002,
          author = {Borkowski, M. M.},
          title = {Infant sleep and feeding: a telephone survey of Hispanic Americans},
          school = {Central Michigan University}, address = {Mount Pleasant (MI)}, year = {2002},
        }""", "Borkowski MM. Infant sleep and feeding: a telephone survey of Hispanic Americans [dissertation]. Mount Pleasant (MI): Central Michigan University; 2002."),
    "software": (r"""
        @software{hayes2013,
          author = {Hayes, Bruce and Tesar, Bruce and Zurow, Kie},
          title = {OTSoft: Optimality Theory Software}, version = {2.3.2}, date = {2013-01-14},
          urldate = {2015-02-14}, url = {https://linguistics.ucla.edu/people/hayes/otsoft/},
        }""", "Hayes B, Tesar B, Zurow K. OTSoft: Optimality Theory Software. Version 2.3.2 [software]. 2013 Jan 14 [cited 2015 Feb 14]. Available from: https://linguistics.ucla.edu/people/hayes/otsoft/"),
    "dataset": (r"""
        @dataset{kraemer2015,
          author = {Kraemer, Moritz U. G. and Sinka, Marianne E. and Duda, Kirsten A. and Mylne, Adrian and Shearer, Freya M. and Brady, Oliver J. and Messina, Jane P.},
          title = {The global compendium of Aedes aegypti and Ae. albopictus occurrence},
          date = {2015-06-30}, urldate = {2015-10-23}, publisher = {Dryad Digital Repository},
          url = {https://datadryad.org/stash/dataset/doi:10.5061/dryad.47v3c},
        }""", "Kraemer MUG, Sinka ME, Duda KA, Mylne A, Shearer FM, Brady OJ, et al. The global compendium of Aedes aegypti and Ae. albopictus occurrence [dataset]. 2015 Jun 30 [cited 2015 Oct 23]. Dryad Digital Repository. Available from: https://datadryad.org/stash/dataset/doi:10.5061/dryad.47v3c"),
    "standard": (r"""
        @standard{iso4,
          author = {{International Organization for Standardization}},
          title = {Information and documentation - rules for the abbreviation of title words and titles of publications},
          location = {Geneva (Switzerland)}, organization = {The Organization}, year = {1997}, number = {ISO 4:1997},
        }""", "International Organization for Standardization. Information and documentation - rules for the abbreviation of title words and titles of publications. Geneva (Switzerland): The Organization; 1997. Standard No.: ISO 4:1997."),
    "unpublished manuscript": (r"""
        @unpublished{synthetic2024,
          author = {Testauthor, A.}, title = {Synthetic title of a manuscript},
          institution = {Synthetic University}, address = {Testville}, year = {2024},
        }""", "Testauthor A. Synthetic title of a manuscript [unpublished manuscript]. Testville: Synthetic University; 2024."),
    "any other work": (r"""
        @video{synthetic2024,
          author = {Testauthor, A.}, title = {Synthetic title of a film},
          publisher = {Synthetic Studios}, address = {Testville}, year = {2024},
        }""", "Testauthor A. Synthetic title of a film. Testville: Synthetic Studios; 2024."),
}


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_each_layout_prints_its_example_from_the_house_style(kind: str) -> None:
    bibtex, expected = EXAMPLES[kind]
    assert f"`{expected}`" in STYLE_COPY, f"the house style's example for {kind} changed"
    assert rendered(bibtex) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("volume = {16}, number = {3-4}, pages = {149--167}", "2004;16(3–4):149–67."),
        ("volume = {22}, number = {10}, pages = {1151--1168; discussion 1149--1150}", "2000;22(10):1151–68; discussion 1149–50."),
        ("volume = {381}, pages = {d3590-d3590}", "2019;381:d3590."),
        ("volume = {34}, pages = {bmjqs-2025-019084}", "2025;34:bmjqs-2025-019084."),
    ],
)
def test_journal_article_details_as_nlm_prints_them(fields: str, expected: str) -> None:
    year = {"149": "2004", "1151": "2000", "d35": "2019", "bmj": "2025"}
    first_page = fields.split("pages = {", 1)[1]
    which = next(value for prefix, value in year.items() if first_page.startswith(prefix))
    text = rendered(f"@article{{s, title = {{Synthetic title}}, journal = {{J Synth Tests}}, year = {{{which}}}, {fields}}}")
    assert text == f"Synthetic title. J Synth Tests. {expected}"


@pytest.mark.parametrize(
    ("given", "initials"),
    [("Wei-jie", "WJ"), ("ANN", "A"), ("T. J.", "TJ"), ("TJ", "TJ"), ("D. S. C.", "DSC"), ("DSC", "DSC"),
     ("Marie-Martine", "MM"), ("jean", "J")],
)
def test_given_names_give_capital_initials(given: str, initials: str) -> None:
    assert rendered(f"@article{{s, author = {{Testauthor, {given}}}, title = {{T}}, journal = {{J}}, year = {{2020}}}}") == (
        f"Testauthor {initials}. T. J. 2020."
    )


@pytest.mark.parametrize("edition", ["First edition", "1st ed.", "first", "1", "1st edn"])
def test_a_first_edition_is_not_printed(edition: str) -> None:
    text = rendered(f"@book{{s, title = {{Synthetic book}}, edition = {{{edition}}}, publisher = {{P}}, year = {{2020}}}}")
    assert text == "Synthetic book. P; 2020."


def test_a_chapter_takes_its_book_editors_publisher_and_year_from_its_crossref() -> None:
    bib = r"""
        @incollection{chapter, author = {Testauthor, A.}, title = {Synthetic chapter}, crossref = {book}, pages = {93--113}}
        @book{book, editor = {Testeditor, B. and Sample, C.}, title = {Synthetic book}, subtitle = {a subtitle},
              publisher = {Synthetic Press}, location = {Testville}, year = {2002}}
    """
    assert rendered(bib) == (
        "Testauthor A. Synthetic chapter. In: Testeditor B, Sample C, editors. Synthetic book: a subtitle. "
        "Testville: Synthetic Press; 2002. p. 93–113."
    )


def test_xdata_fields_are_shared_as_they_are() -> None:
    bib = r"""
        @article{a, author = {Testauthor, A.}, title = {Synthetic title}, xdata = {journal}, year = {2020}}
        @xdata{journal, journaltitle = {Journal of Synthetic Tests}, shortjournal = {J. Synth. Tests}}
    """
    assert rendered(bib) == "Testauthor A. Synthetic title. J Synth Tests. 2020."


def test_every_exported_type_is_read_into_a_csl_type() -> None:
    kinds = {
        "article": model.ARTICLE, "book": model.BOOK, "incollection": model.CHAPTER, "inproceedings": model.PAPER,
        "conference": model.PAPER, "proceedings": model.BOOK, "report": model.REPORT, "techreport": model.REPORT,
        "phdthesis": model.THESIS, "mastersthesis": model.THESIS, "thesis": model.THESIS, "manual": model.SOFTWARE,
        "software": model.SOFTWARE, "dataset": model.DATASET, "online": model.WEBPAGE, "electronic": model.WEBPAGE,
        "standard": model.STANDARD, "unpublished": model.MANUSCRIPT, "patent": model.DOCUMENT, "misc": model.DOCUMENT,
    }
    for bibtex_type, csl_type in kinds.items():
        entry = next(iter(parse_string(f"@{bibtex_type}{{s, title = {{T}}}}", "bibtex").entries.values()))
        assert read_reference(entry).type == csl_type, bibtex_type
    misc = "@misc{s, title = {T}, howpublished = {\\url{https://example.org/a}}}"
    reference = read_reference(next(iter(parse_string(misc, "bibtex").entries.values())))
    assert (reference.type, reference.url) == (model.WEBPAGE, "https://example.org/a")
    assert str(format_reference(reference).render_as("text")) == "T [Internet]. Available from: https://example.org/a"
