"""A synthetic Back Blog for the build benchmark: posts, a bibliography, three configurations.

Everything is obviously synthetic (``Testauthor``, "Synthetic title ...") and
generated from a seed, so two runs build the same corpus.  One corpus is
written three ways, into one folder:

- ``mkdocs-a.yml``: the project as it is (``mkdocs.yml`` with only paths
  changed: the blog, the hooks, mkdocs-bibtex), posts citing ``[@key]``;
- ``mkdocs-b.yml``: the floor.  One build of (a) with ``record_hook.py``
  records each page's Markdown as our hooks left it (the "Cite this post" box,
  the reference library page) and the page heads they wrote; (b) is that
  Markdown with every citation and reference list written out as plain
  Markdown by the project's own code (``citation_label``,
  ``Bibliography``), the download files copied as static files, the
  heads given back by ``floor_hook.py``, and mkdocs-bibtex and our citation
  hooks turned off;
- ``mkdocs-c.yml``: stock mkdocs-bibtex (its default options and pybtex's
  ``plain`` style, footnotes numbered in citation order), none of our hooks.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
if str(PROJECT / "hooks") not in sys.path:
    sys.path.insert(0, str(PROJECT / "hooks"))

from pybtex.database import parse_file  # noqa: E402

from backblog.cite_syntax import parse_citation_group  # noqa: E402 (needs the path above)
from backblog.numbering import CiteOrder, citation_label  # noqa: E402
from backblog.reference_files import reference_file_links  # noqa: E402
from backblog.references import Bibliography, reference_anchor  # noqa: E402

SITE_URL = "http://127.0.0.1:8000/"
CITED_DOCS = "docs-cited"
WRITTEN_DOCS = "docs-written"
BIB_FILE = "bibliography.bib"
VARIANTS = {
    "a": "project (mkdocs-bibtex + our hooks)",
    "b": "floor (citations written out by hand)",
    "c": "stock mkdocs-bibtex (plain style, footnotes)",
    "d": "plain Material blog (numbers and lists typed by hand)",
}
PLAIN_DOCS = "docs-plain"
# The project's one hook file cites: (b) keeps none of it.
KEPT_HOOKS: tuple[str, ...] = ()
FLOOR_HEADS = "floor-heads.json"
RECORD_FILE = "record.json"

# Accented names and words, in the LaTeX that reference managers export.
SURNAMES = [
    "Testauthor", "M{\\\"u}ller-Testauthor", "Test{\\'e}lain", "Fran\\c{c}ois-Testauthor",
    "{\\O}stergaard-Test", "Testsson", "Nov{\\'a}kov{\\'a}-Test", "Testauthor-{\\v{S}}imi{\\'c}",
    "O'Testauthor", "Test{\\aa}sen", "Da Testa", "Testauthor-Gonz{\\'a}lez",
]
GIVEN = ["A.", "B. J.", "C.", "D.-E.", "{\\'E}.", "F. G.", "H.", "J.-M.", "K.", "L. M."]
TITLE_WORDS = [
    "exercise", "education", "low back pain", "neck pain", "manual therapy", "imaging",
    "self-management", "physiotherapy", "chiropractic care", "a randomised trial",
    "a systematic review", "primary care", "sciatica", "pain science", "cost-effectiveness",
    "r{\\'e}sum{\\'e} of evidence", "na{\\\"i}ve comparisons", "{\\em in vivo} loading",
]
JOURNALS = [
    ("Journal of Synthetic Spine Research", "J Synth Spine Res"),
    ("Synthetic Physiotherapy Quarterly", "Synth Physiother Q"),
    ("Annals of Synthetic Medicine", "Ann Synth Med"),
    ("Revue Synth{\\'e}tique de Rachis", "Rev Synth Rachis"),
]
PUBLISHERS = ["Synthetic Press", "Testauthor {\\&} Sons", "Editions Synth{\\'e}tiques"]
PLACES = ["Testville", "Z{\\\"u}rich", "S{\\~a}o Testo"]
BODY_WORDS = [
    "synthetic", "clinicians", "patients", "evidence", "trial", "review", "pain", "back", "neck",
    "exercise", "group", "education", "care", "practice", "outcome", "function", "disability", "week",
    "session", "programme", "dose", "benefit", "risk", "guideline", "primary", "chronic", "acute",
    "recovery", "movement", "load", "advice", "cost",
]


@dataclass(frozen=True)
class Corpus:
    """A generated corpus: its folder and the configuration of each variant."""

    root: Path
    posts: int
    entries: int
    citations: int
    cited_entries: int

    def config(self, variant: str) -> Path:
        return self.root / f"mkdocs-{variant}.yml"

    def site_dir(self, variant: str) -> Path:
        return self.root / f"site-{variant}"

    @property
    def bib_file(self) -> Path:
        return self.root / BIB_FILE

    def post(self, index: int) -> Path:
        return self.root / CITED_DOCS / "blog" / "posts" / post_name(index)


def post_created(index: int) -> datetime.date:
    return datetime.date(2025, 6, 1) - datetime.timedelta(days=3 * index)


def post_name(index: int) -> str:
    """``YYYY-MM-words.md``, the year and month of its date, as hooks/posts.py requires of a post."""
    return f"{post_created(index):%Y-%m}-synthetic-post-{index:05d}.md"


def entry_key(index: int, year: int) -> str:
    """Keys both mkdocs-bibtex (``[\\w-]+``) and our syntax read."""
    return f"testauthor{year}x{index:05d}"


# --- Bibliography -------------------------------------------------------------


def _authors(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return "{Synthetic Guidelines Committee of the Test Society}"
    count = rng.choice([1, 2, 3, 4, 5, 6, 8])
    return " and ".join(f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(count))


def _title(rng: random.Random, index: int) -> str:
    words = rng.sample(TITLE_WORDS, 3)
    return f"Synthetic title {index}: {words[0]} and {words[1]} in {words[2]}"


def bib_entry(index: int, rng: random.Random, study_designs: list[str]) -> tuple[str, str]:
    """One entry of a mixed type: (key, BibTeX).  Only fields both styles format;
    most articles have a study design (the library's sections)."""
    year = 1990 + index % 35
    key = entry_key(index, year)
    kind = rng.choices(["article", "book", "incollection", "techreport", "misc"], [55, 12, 12, 11, 10])[0]
    fields: list[tuple[str, str]] = [("author", _authors(rng)), ("title", _title(rng, index))]
    first = rng.randint(1, 900)
    if kind == "article":
        journal, short = rng.choice(JOURNALS)
        fields += [
            ("journal", journal), ("shortjournal", short), ("year", str(year)),
            ("volume", str(rng.randint(1, 60))), ("number", str(rng.randint(1, 12))),
            ("pages", f"{first}--{first + rng.randint(3, 40)}"),
            ("doi", f"10.0000/synthetic.{index}"),
        ]
        if rng.random() < 0.4:
            fields.append(("pmid", str(10000000 + index)))
        if study_designs and rng.random() < 0.8:
            fields.append(("studydesign", rng.choice(study_designs)))
    elif kind == "book":
        fields += [("address", rng.choice(PLACES)), ("publisher", rng.choice(PUBLISHERS)), ("year", str(year))]
        if rng.random() < 0.3:
            fields.append(("edition", "2nd"))
    elif kind == "incollection":
        fields += [
            ("editor", _authors(rng)), ("booktitle", f"Synthetic handbook {index % 97}"),
            ("address", rng.choice(PLACES)), ("publisher", rng.choice(PUBLISHERS)),
            ("year", str(year)), ("pages", f"{first}--{first + rng.randint(5, 30)}"),
        ]
    elif kind == "techreport":
        fields += [
            ("institution", "Synthetic Institute of Spine Health"), ("address", rng.choice(PLACES)),
            ("year", str(year)), ("number", f"SYN-{index}"),
        ]
    else:
        fields += [
            ("publisher", "Synthetic Spine Foundation"), ("year", str(year)),
            ("url", f"https://example.org/synthetic/{index}"), ("urldate", "2025-01-15"),
        ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return key, f"@{kind}{{{key},\n{body},\n}}\n"


# --- Posts --------------------------------------------------------------------


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(BODY_WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 18)) + "." for _ in range(sentences))


def _pick_keys(rng: random.Random, keys: list[str], popular: list[str]) -> list[str]:
    """Seven distinct references: some from a popular few (cited by many posts)."""
    chosen: list[str] = []
    while len(chosen) < 7:
        key = rng.choice(popular) if rng.random() < 0.3 else rng.choice(keys)
        if key not in chosen:
            chosen.append(key)
    return chosen


def post_groups(keys: list[str]) -> list[list[str]]:
    """Eight citations of seven references: singles, a group of three, a pair, a repeat."""
    k = keys
    return [[k[0]], [k[1], k[2], k[3]], [k[4]], [k[0]], [k[5], k[6]]]


def post_markdown(
    index: int, groups: list[list[str]], rng: random.Random, cite: Any, site: dict[str, Any]
) -> str:
    """One post; ``cite(group)`` writes a citation group as the variant shows it.

    Categories and tags are the ones ``site`` (the project's mkdocs.yml) allows.
    """
    created = post_created(index)
    categories = _plugin_options(site, "blog").get("categories_allowed") or ["Synthetic"]
    tags = _plugin_options(site, "tags").get("tags_allowed") or ["synthetic one", "synthetic two"]
    category = categories[index % len(categories)]
    tags = rng.sample(tags, 2)
    c = [cite(group) for group in groups]
    return f"""---
date:
  created: {created.isoformat()}
authors:
  - spineiq
categories:
  - {category}
tags:
  - {tags[0]}
  - {tags[1]}
description: Synthetic post {index} for the build benchmark.
---

# Synthetic post {index}: {rng.choice(BODY_WORDS)} and {rng.choice(BODY_WORDS)}

{_paragraph(rng, 3)}

<!-- more -->

## Synthetic section one

{_paragraph(rng)} Guidelines name it first {c[0]}.

{_paragraph(rng)} Several trials agree {c[1]}.

## Synthetic section two

{_paragraph(rng)} One cohort differs {c[2]}.

- {_sentence(rng, 8)}.
- {_sentence(rng, 8)}, **{rng.choice(BODY_WORDS)}**.

{_paragraph(rng)} As said above {c[3]}.

## Take-home message

{_paragraph(rng)} Costs were modelled too {c[4]}.
"""


# --- Site ---------------------------------------------------------------------


def project_config() -> dict[str, Any]:
    """The project's mkdocs.yml as written, read by MkDocs' own loader (``!ENV`` resolved)."""
    with (PROJECT / "mkdocs.yml").open(encoding="utf-8") as file:
        return dict(yaml_load(file))


def _plugin_name(item: Any) -> str:
    return item if isinstance(item, str) else next(iter(item))


def _plugin_options(config: dict[str, Any], name: str) -> dict[str, Any]:
    for item in config["plugins"]:
        if _plugin_name(item) == name:
            return {} if isinstance(item, str) else dict(item[name] or {})
    return {}


def variant_config(variant: str) -> dict[str, Any]:
    """The project's own mkdocs.yml, paths adjusted, for one variant (or ``record``)."""
    config = project_config()
    config["site_url"] = SITE_URL
    config["docs_dir"] = WRITTEN_DOCS if variant == "b" else CITED_DOCS
    config["watch"] = [BIB_FILE]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(PROJECT / theme["custom_dir"])
    hooks = [str(PROJECT / hook) for hook in config.get("hooks", [])]
    plugins = config["plugins"]
    if variant in ("a", "record"):
        config["hooks"] = hooks + ([str(BENCH / "record_hook.py")] if variant == "record" else [])
    elif variant == "d":
        # A plain Material blog: no hooks, no mkdocs-bibtex, no theme overrides or
        # stylesheet of ours, no library page; the posts type numbers and lists.
        config["docs_dir"] = PLAIN_DOCS
        config.pop("hooks", None)
        config.pop("extra_css", None)
        config.pop("extra_javascript", None)
        config["extra"] = {key: value for key, value in (config.get("extra") or {}).items() if key != "backblog"}
        if isinstance(theme, dict):
            config["theme"] = {key: value for key, value in theme.items() if key != "custom_dir"}
        config["plugins"] = [p for p in plugins if _plugin_name(p) != "bibtex"]
        config["nav"] = _without_page(config.get("nav") or [], _library_page())
    elif variant == "b":
        config["hooks"] = [h for h in hooks if Path(h).name in KEPT_HOOKS] + [str(BENCH / "floor_hook.py")]
        config["plugins"] = [p for p in plugins if _plugin_name(p) != "bibtex"]
    else:
        config.pop("hooks", None)
        config["plugins"] = [p for p in plugins if _plugin_name(p) != "bibtex"] + [{"bibtex": {"bib_file": BIB_FILE}}]
        config["markdown_extensions"] = [
            {"footnotes": {"USE_DEFINITION_ORDER": False}} if e == "footnotes" else e
            for e in config["markdown_extensions"]
        ]
    return config


def _library_page() -> str | None:
    return ((project_config().get("extra") or {}).get("backblog") or {}).get("library_page")


def _without_page(nav: Any, page: str | None) -> Any:
    """The nav without the entries naming ``page``."""
    if isinstance(nav, list):
        return [item for item in (_without_page(item, page) for item in nav) if item is not None]
    if isinstance(nav, dict):
        kept = {title: _without_page(value, page) for title, value in nav.items()}
        kept = {title: value for title, value in kept.items() if value is not None}
        return kept or None
    return None if nav == page else nav


def write_plain(corpus: Corpus) -> None:
    """(d), the plain Material blog: each post as an editor would type it without our
    hooks (its citations as numbers, a numbered list of its references with their DOI
    and PubMed links), no "Cite this post", no downloads, no library page."""
    root = corpus.root
    site = project_config()
    registry = Bibliography(parse_file(str(corpus.bib_file), "bibtex"), {})
    plain = root / PLAIN_DOCS
    _shared_pages(plain, site)
    library = _library_page()
    if library:
        (plain / library).unlink(missing_ok=True)
    for source in (root / CITED_DOCS / "blog" / "posts").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        front = _FRONT_MATTER_RE.match(text)
        head = front.group(0) if front else ""
        _write(plain / source.relative_to(root / CITED_DOCS), head + floor_post(text[len(head):], registry, None, []))
    (root / "mkdocs-d.yml").write_text(yaml.safe_dump(variant_config("d"), sort_keys=False), encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _nav_pages(nav: Any) -> list[tuple[str, str]]:
    """(title, file) of every Markdown page the nav names."""
    found: list[tuple[str, str]] = []
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str) and item.endswith(".md"):
            found.append((Path(item).stem.replace("-", " ").capitalize(), item))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str) and value.endswith(".md"):
                    found.append((str(title), value))
                else:
                    found.extend(_nav_pages(value))
    return found


_MARKER_RE = re.compile(r"^<!-- [\w/ -]+ -->$", re.MULTILINE)


def _shared_pages(docs: Path, site: dict[str, Any]) -> None:
    """The pages the nav names and what the theme and blog need, in synthetic form.

    A page the nav names (or ``not_in_nav`` lists) gets one synthetic line, and the markers that plugins
    and hooks fill (``<!-- reference-library -->``, ``<!-- material/tags -->``)
    of the project's own page.
    """
    # Pages kept out of the readers' menu (the editors' guide) are built too.
    hidden = [
        (Path(line).stem.replace("-", " ").capitalize(), line.strip().lstrip("/"))
        for line in str(site.get("not_in_nav") or "").splitlines()
        if line.strip().endswith(".md") and "*" not in line
    ]
    for title, name in _nav_pages(site.get("nav") or []) + hidden:
        real = PROJECT / "docs" / name
        markers = _MARKER_RE.findall(real.read_text(encoding="utf-8")) if real.exists() else []
        _write(docs / name, f"# {title}\n\nA synthetic page.\n\n" + "".join(f"{m}\n\n" for m in markers))
    shutil.copytree(PROJECT / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    _write(docs / "blog" / ".authors.yml", (PROJECT / "docs" / "blog" / ".authors.yml").read_text(encoding="utf-8"))
    _write(docs / "index.md", (
        "---\ndescription: A synthetic Back Blog for the build benchmark.\n---\n\n"
        "# Synthetic Back Blog\n\nA synthetic home page.\n\n<!-- latest-posts -->\n\n"
        "[Read the blog](blog/index.md).\n"
    ))
    _write(docs / "blog" / "index.md", "# Back Blog\n")


def generate(root: Path, posts: int, entries: int, seed: int = 2025) -> Corpus:
    """Write the bibliography, the posts citing ``[@key]`` and the configurations
    of (a) and (c) into ``root`` (an empty folder).  (b) is written by
    :func:`write_floor`, from a build of (a)."""
    rng = random.Random(seed)
    site = project_config()
    designs = list(((site.get("extra") or {}).get("backblog") or {}).get("study_designs") or [])
    bib_parts = ["% A synthetic bibliography for the build benchmark.\n\n"]
    keys: list[str] = []
    for index in range(entries):
        key, text = bib_entry(index, rng, designs)
        keys.append(key)
        bib_parts.append(text + "\n")
    (root / BIB_FILE).write_text("".join(bib_parts), encoding="utf-8")

    popular = keys[: max(7, entries // 25)]
    cited: set[str] = set()
    citations = 0
    _shared_pages(root / CITED_DOCS, site)
    for index in range(posts):
        groups = post_groups(_pick_keys(rng, keys, popular))
        citations += sum(len(group) for group in groups)
        cited.update(key for group in groups for key in group)
        text = post_markdown(index, groups, rng, lambda g: "[" + "; ".join(f"@{k}" for k in g) + "]", site)
        _write(root / CITED_DOCS / "blog" / "posts" / post_name(index), text)
    for variant in ("a", "c", "record"):
        config = variant_config(variant)
        (root / f"mkdocs-{variant}.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return Corpus(root=root, posts=posts, entries=entries, citations=citations, cited_entries=len(cited))


# --- The floor, (b) -----------------------------------------------------------

_CITE_THIS_POST = '<section class="bb-cite-post"'
_CITATION_RE = re.compile(r"\[(?P<body>@[^\[\]]*)\](?![(\[])")
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>#])")


def _markdown_reference(registry: Bibliography, key: str, library: str | None) -> str:
    """An entry as an editor would type it in Markdown: its text (a web page's
    URL as a link), its DOI and PubMed links, and its place in the library."""
    reference = registry.reference(key)
    text = _MARKDOWN_SPECIAL_RE.sub(r"\\\1", reference.text)
    url = reference.reference.url
    shown = _MARKDOWN_SPECIAL_RE.sub(r"\\\1", url)
    if url and text.endswith("Available from: " + shown):
        text = text[: -len(shown)] + f"<{url}>"
    design = getattr(reference, "study_design", "")
    links = ([f"*{design}*"] if design else []) + [f"[{link.label}]({link.url})" for link in reference.links]
    if library:
        # As (a) writes them: the entry's name for screen readers, then its own files.
        short = _MARKDOWN_SPECIAL_RE.sub(r"\\\1", reference.short)
        hidden = '<span class="bb-visually-hidden">{}</span>'
        library_href = f"{library}#{reference_anchor(key)}"
        links.append(f"[In the library{hidden.format(': ' + short)}]({library_href})")
        links += [
            f"[{file['label']}{hidden.format(' file of ' + short)}]({file['href']})"
            for file in reference_file_links(library_href, key)
        ]
    return " ".join([text, *links])


def floor_post(markdown: str, registry: Bibliography, library: str | None, downloads: list[str]) -> str:
    """A post's Markdown as (a)'s hooks left it, citations and the reference
    list written out: ``(2–4)`` and a numbered Markdown list."""
    order = CiteOrder()

    def label(match: re.Match[str]) -> str:
        numbers = [order.number(c.key) for c in parse_citation_group(match["body"])]
        return citation_label(numbers)

    body = _CITATION_RE.sub(label, markdown)
    if not order.keys:
        return body
    items = [
        f"{number}. {_markdown_reference(registry, key, library)}" for number, key in enumerate(order.keys, start=1)
    ]
    references = "## References\n\n" + "\n".join(items) + "\n"
    if downloads:
        references += "\nDownload these references: " + " · ".join(downloads) + "\n"
    # Where (a) puts the list: before the "Cite this post" box, else at the end.
    before, box, after = body.partition(_CITE_THIS_POST)
    return before.rstrip("\n") + "\n\n" + references + ("\n" + box + after if box else "")


def write_floor(corpus: Corpus, record: Path, record_site: Path) -> None:
    """Write (b) from what a build of (a) recorded (``record_hook.py``): each
    page's Markdown as every plugin and hook left it, the page head our hooks
    wrote, and the download files, copied as static files."""
    root = corpus.root
    site = project_config()
    recorded: dict[str, dict[str, str]] = json.loads(record.read_text(encoding="utf-8"))
    registry = Bibliography(parse_file(str(corpus.bib_file), "bibtex"), {})
    library_page = ((site.get("extra") or {}).get("backblog") or {}).get("library_page")
    written = root / WRITTEN_DOCS
    _shared_pages(written, site)
    heads: dict[str, str] = {}
    for source in (root / CITED_DOCS).rglob("*.md"):
        uri = source.relative_to(root / CITED_DOCS).as_posix()
        page = recorded.get(uri)
        if page is None:
            continue
        if page.get("head"):
            heads[uri] = page["head"]
        front = _FRONT_MATTER_RE.match(source.read_text(encoding="utf-8"))
        front_matter = front.group(0) if front else ""
        folder = posixpath.dirname(uri)
        if uri.startswith("blog/posts/"):
            library = posixpath.relpath(library_page, folder) if library_page else None
            downloads = [
                f"[{kind}]({posixpath.relpath(posixpath.join(page['url'].strip('/'), name), folder)})"
                for kind, name in (("BibTeX (.bib)", "references.bib"), ("RIS (.ris)", "references.ris"))
                if (record_site / page["url"].strip("/") / name).exists()
            ]
            _write(written / uri, front_matter + floor_post(page["markdown"], registry, library, downloads))
        elif uri == library_page:
            _write(written / uri, front_matter + page["markdown"])
    for path in record_site.rglob("*"):
        if path.suffix in (".bib", ".ris"):
            target = written / path.relative_to(record_site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    (root / FLOOR_HEADS).write_text(json.dumps(heads), encoding="utf-8")
    config = variant_config("b")
    (root / "mkdocs-b.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


_FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def edit_entry_title(bib_text: str, key: str, new_title: str) -> str:
    """``bib_text`` with the title of entry ``key`` replaced (for the rebuild probes)."""
    pattern = re.compile(r"(@\w+\{" + re.escape(key) + r",.*?\n  title = \{)[^\n]*(\},\n)", re.DOTALL)
    result, count = pattern.subn(lambda m: m.group(1) + new_title + m.group(2), bib_text, count=1)
    if count != 1:
        raise LookupError(key)
    return result
