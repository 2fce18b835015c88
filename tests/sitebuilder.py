"""Build tiny MkDocs sites in a temporary folder, as mkdocs-awesome-pages' tests do.

Each test writes a mini site from an in-code file tree, builds it in-process
with MkDocs' own ``load_config`` + ``build`` in strict mode, and reads the
output with a real HTML parser.  The tiny sites use the project's own hooks
and the project's own mkdocs-bibtex options, read from ``mkdocs.yml``.
"""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import config_options, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.utils.yaml import yaml_load

PROJECT = Path(__file__).resolve().parent.parent
HOOK_FILES = ["hooks/back_blog.py"]


def project_config() -> dict[str, Any]:
    """The project's mkdocs.yml as written, read by MkDocs' own loader (``!ENV`` resolved)."""
    with (PROJECT / "mkdocs.yml").open(encoding="utf-8") as file:
        return dict(yaml_load(file))


def project_plugin_options(name: str) -> dict[str, Any]:
    for plugin in project_config()["plugins"]:
        if isinstance(plugin, dict) and name in plugin:
            return dict(plugin[name])
    raise LookupError(f"plugin {name} not in mkdocs.yml")


@dataclass
class Site:
    """A built tiny site: its folder, the warnings logged, and an HTML reader."""

    root: Path
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def html(self, page: str) -> BeautifulSoup:
        """The built page for a source page name such as ``post.md``."""
        stem = page.removesuffix(".md")
        path = self.site_dir / ("index.html" if stem == "index" else f"{stem}/index.html")
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.warnings if record.levelno == logging.WARNING else self.errors).append(record.getMessage())


@contextmanager
def collect_log() -> Iterator[_Collect]:
    """The warnings and errors MkDocs logs (the errors are what an editor reads)."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def build_config(root: Path, config: dict[str, Any]) -> Path:
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def tiny_config(**overrides: Any) -> dict[str, Any]:
    """A minimal site with the project's theme, Markdown extensions, bibtex options and hooks."""
    project = project_config()
    theme = dict(project["theme"])
    theme["custom_dir"] = str(PROJECT / theme["custom_dir"])
    extensions = [
        {"pymdownx.snippets": {"base_path": [str(PROJECT / "CONTRIBUTING.md")], "check_paths": True}}
        if isinstance(ext, dict) and "pymdownx.snippets" in ext
        else ext
        for ext in project["markdown_extensions"]
    ]
    config: dict[str, Any] = {
        "site_name": "Test site",
        "site_url": "http://127.0.0.1:8000/",
        "strict": True,
        "validation": project["validation"],
        "theme": theme,
        "markdown_extensions": extensions,
        "plugins": [{"bibtex": project_plugin_options("bibtex")}],
        "hooks": [str(PROJECT / hook) for hook in HOOK_FILES],
    }
    config.update(overrides)
    return config


def forget_plugin_instances() -> None:
    """Make the next ``load_config`` create new plugin objects and hook modules.

    MkDocs keeps plugins that have ``on_startup`` for the life of the process
    (for ``mkdocs serve``), in a cache shared by every config it loads, and
    loads each hook file once per process; test builds of different sites
    must not share them, as separate runs do not.
    """
    for name, option in MkDocsConfig._schema:
        if name == "plugins":
            option.plugin_cache.clear()
    config_options.Hooks._load_hook.cache_clear()


# Never the build's to write, or rewritten by tools while the tests run.
_NOT_WATCHED = frozenset(
    {
        ".git",
        ".venv",
        "node_modules",
        ".cache",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        "site",
    }
)


def tree_around(project: Path, site_dirs: list[Path]) -> dict[str, tuple[int, int]]:
    """What a build must not change: every file of the project (but its site folders,
    the formatted-reference cache and tools' folders), and what its parent folder holds."""
    skipped = {str(path.resolve()) for path in site_dirs}
    found: dict[str, tuple[int, int]] = {
        f"../{name}": (0, 0)
        for name in os.listdir(project.parent)
        if str((project.parent / name).resolve()) not in skipped
    }
    for folder, subfolders, names in os.walk(project):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in _NOT_WATCHED and str((Path(folder) / name).resolve()) not in skipped
        ]
        for name in names:
            path = Path(folder) / name
            stat = path.lstat()
            found[path.relative_to(project).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


def written_outside(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """Files a build added or changed around the project (the parent's entries: only added)."""
    return sorted(
        name
        for name, state in after.items()
        if name not in before or (not name.startswith("../") and before[name] != state)
    )


def run_builds(
    config_file: Path, site_dirs: list[Path], between: Callable[[int], None] | None = None, strict: bool = True,
    command: str = "build",
) -> list[tuple[list[str], str | None]]:
    """Build one site several times in one process, as ``mkdocs serve`` rebuilds it.

    One ``on_startup`` and one ``on_shutdown`` around all builds; plugin objects
    and hook modules live across them, exactly as they do under ``serve``.
    ``between(n)``, if given, runs after build ``n`` (from 0) and before the
    next one: an editor's change that ``serve`` would rebuild for. ``command``: what
    ``on_startup`` is told MkDocs runs (``serve`` keeps what it keeps between builds).
    Returns, per build, the warnings and what aborted it (or None).  After
    every build it asserts that nothing was written outside its site folder
    (:func:`tree_around`).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    forget_plugin_instances()
    results: list[tuple[list[str], str | None]] = []
    cfg = None
    project = config_file.parent
    try:
        for number, site_dir in enumerate(site_dirs):
            if between is not None and number > 0:
                between(number - 1)
            before = tree_around(project, site_dirs)
            with collect_log() as log:
                error = None
                try:
                    cfg = load_config(str(config_file), strict=strict, site_dir=str(site_dir))
                    if not results:
                        cfg.plugins.on_startup(command=command, dirty=False)
                    build(cfg)
                except (Abort, PluginError) as abort:
                    # The errors MkDocs logged are what an editor reads (a hook's
                    # PluginError text); else the abort ("Aborted with 1 warnings...").
                    error = "\n".join(log.errors) or str(abort)
            outside = written_outside(before, tree_around(project, site_dirs))
            assert outside == [], f"the build wrote outside {site_dir}: {outside}"
            results.append((list(log.warnings), error))
    finally:
        if cfg is not None:
            cfg.plugins.on_shutdown()
    return results


def run_build(config_file: Path, site_dir: Path | None = None, strict: bool = True) -> tuple[list[str], str | None]:
    """Build once, in-process (strictly unless told otherwise); return the warnings and what aborted it."""
    return run_builds(config_file, [site_dir or config_file.parent / "site"], strict=strict)[0]


def build_real_site(site_dir: Path) -> list[str]:
    """Build this repository's site into ``site_dir``; fail on an abort."""
    warnings, error = run_build(PROJECT / "mkdocs.yml", site_dir=site_dir)
    assert error is None, f"{error}: {warnings}"
    return warnings


def build_site(root: Path, docs: dict[str, str], bib: str = "", **config: Any) -> Site:
    """Write ``docs`` (name → Markdown) and ``bibliography.bib``, then build."""
    write_tree(root / "docs", docs)
    (root / "bibliography.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    config_file = build_config(root, tiny_config(**config))
    warnings, error = run_build(config_file)
    return Site(root=root, warnings=warnings, error=error)


def visible_text(soup: BeautifulSoup) -> str:
    """The page's article text outside code, as a reader sees it."""
    article = soup.select_one("article") or soup
    clone = BeautifulSoup(str(article), "lxml")
    for code in clone.select("code, pre"):
        code.decompose()
    return clone.get_text()


def citations(soup: BeautifulSoup) -> list[str]:
    """The in-text citations of a page as printed: ``["(1)", "(2–4)"]``."""
    return [span.get_text() for span in soup.select("article .bb-citation")]


def reference_texts(soup: BeautifulSoup) -> list[str]:
    """The reference list's entry texts, in list order."""
    return [span.get_text() for span in soup.select("article .bb-references .bb-reference__text")]


SYNTHETIC_BIB = r"""
@article{alpha2020,
  author = {Testauthor, A. and Sample, B.},
  title = {Synthetic title one},
  journal = {Journal of Synthetic Tests},
  shortjournal = {J Synth Tests},
  year = {2020},
  volume = {1},
  number = {2},
  pages = {10--19},
  doi = {10.0000/synthetic.1},
}
@article{beta2021,
  author = {Testauthor, C.},
  title = {Synthetic title two},
  journal = {Journal of Synthetic Tests},
  year = {2021},
  volume = {2},
  pages = {20--29},
}
@article{gamma2022,
  author = {Testauthor, D.},
  title = {Synthetic title three},
  journal = {Journal of Synthetic Tests},
  year = {2022},
  volume = {3},
  pages = {30--39},
}
@article{delta2023,
  author = {Testauthor, E.},
  title = {Synthetic title four},
  journal = {Journal of Synthetic Tests},
  year = {2023},
  volume = {4},
  pages = {40--49},
}
@article{Zotero:key.with-odd_chars2024,
  author = {Testauthor, F.},
  title = {Synthetic title five},
  journal = {Journal of Synthetic Tests},
  year = {2024},
  volume = {5},
  pages = {50--59},
}
"""


BLOG_AUTHORS = """
authors:
  testauthor:
    name: Test Author
    description: Synthetic author for tests
    avatar: https://example.org/avatar.png
"""

BLOG_POST = """
---
date:
  created: 2025-01-15
authors:
  - testauthor
categories:
  - Exercise
description: A synthetic post for tests.
---

# Synthetic post

Intro without citations.

<!-- more -->

Body [@alpha2020].
"""


LIBRARY_PAGE = "# Reference library\n\n<!-- reference-library -->\n"


def write_blog_project(root: Path, posts: dict[str, str], bib: str = SYNTHETIC_BIB) -> Path:
    """A tiny blog with the project's blog, tags and knowledge-base setup; returns its mkdocs.yml."""
    docs = {
        "index.md": "# Home\n",
        "library.md": LIBRARY_PAGE,
        "blog/index.md": "# Blog\n",
        "blog/.authors.yml": BLOG_AUTHORS,
    }
    docs.update({f"blog/posts/{name}": text for name, text in posts.items()})
    write_tree(root / "docs", docs)
    (root / "bibliography.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    project = project_config()
    hooks = ("hooks/back_blog.py",)
    return build_config(
        root,
        tiny_config(
            extra={"backblog": project["extra"]["backblog"]},
            plugins=[
                {"blog": project_plugin_options("blog")},
                {"tags": project_plugin_options("tags")},
                {"bibtex": project_plugin_options("bibtex")},
            ],
            hooks=[str(PROJECT / hook) for hook in hooks],
        ),
    )


def build_blog_site(root: Path, posts: dict[str, str], bib: str = SYNTHETIC_BIB) -> Site:
    """Build a tiny blog (see :func:`write_blog_project`)."""
    warnings, error = run_build(write_blog_project(root, posts, bib))
    return Site(root=root, warnings=warnings, error=error)


def write_full_project(
    root: Path,
    posts: dict[str, str],
    bib: str = SYNTHETIC_BIB,
    authors: str = BLOG_AUTHORS,
    pages: dict[str, str] | None = None,
) -> Path:
    """A tiny blog with every plugin of the project's mkdocs.yml (search, blog, tags, RSS,
    mkdocs-bibtex) and its hook, home page and library: what readers and feeds get."""
    docs = {
        "index.md": "# Home\n\n<!-- latest-posts -->\n",
        "library.md": LIBRARY_PAGE,
        "tags.md": "# Topics\n\n<!-- material/tags -->\n",
        "blog/index.md": "# Blog\n",
        "blog/.authors.yml": authors,
        **{f"blog/posts/{name}": text for name, text in posts.items()},
        **(pages or {}),
    }
    write_tree(root / "docs", docs)
    (root / "bibliography.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    project = project_config()
    return build_config(
        root,
        tiny_config(
            extra={"backblog": project["extra"]["backblog"]},
            plugins=project["plugins"],
            nav=[
                {"Home": "index.md"},
                {"Blog": ["blog/index.md"]},
                {"Library": "library.md"},
                {"Topics": "tags.md"},
                *(name for name in (pages or {}) if name.endswith(".md")),
            ],
        ),
    )
