"""What the browser tests share: the real site served on localhost, and Chromium.

A pytest plugin: the browser test modules load it with ``pytest_plugins = ["browser"]``
after importing its names, so pytest is told not to rewrite its asserts: PYTEST_DONT_REWRITE
(they carry their own messages).

- The site is built once per session, strictly, with ``SITE_URL`` pointing at a
  local server (mkdocs.yml reads ``site_url: !ENV [SITE_URL, ...]``), and served
  below the path of that URL, ``/back-blog/``, as GitHub Pages serves a project
  site below its repository's name: a link that ignores the base path breaks here.
- Chromium is Debian's (``apt-get install chromium``; ``.ci/run`` installs it),
  driven by the PyPI ``playwright`` package through ``executable_path``, launched
  once per session. With ``CI=true`` a missing browser fails the tests; on a
  developer machine without it they are skipped, saying how to install it.
- Every page opened by a test refuses requests to other hosts (the site works
  offline and leaks nothing) and fails the test if any was made, or if the page
  raised a JavaScript error.
- The outside validators (axe-core, the Nu HTML Checker, the JSON Feed schema)
  are npm packages pinned in ``package.json``, installed into ``node_modules/``
  by ``npm ci --ignore-scripts``: :func:`node_package_file` finds their files.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from sitebuilder import PROJECT, build_real_site

ARTIFACTS = PROJECT / "artifacts"
NODE_MODULES = PROJECT / "node_modules"
NPM_HINT = "install the validators pinned in package.json: npm ci --ignore-scripts (Debian: apt-get install npm)"
SITE_PATH = "/back-blog/"
JUNE_POST = "blog/2025/06/02/group-exercise-for-low-back-pain-what-the-evidence-says/"
JUNE_POST_TITLE = "Group exercise for low back pain: what the evidence says"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}

# Headless, as root in CI; no calls home (the network is closed here anyway).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "install Debian's Chromium: sudo apt-get install chromium (or set CHROMIUM to a Chromium binary)"


def chromium_path() -> str | None:
    """Debian's Chromium, or the binary named by ``$CHROMIUM``."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    return shutil.which("chromium")


def missing_tool(message: str) -> None:
    """Fail in CI, where the tool must be installed; skip on a developer machine."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(message)


def node_package_file(relative: str) -> Path:
    """A file of an npm package of ``package.json``, ``axe-core/axe.min.js``; fail in CI or skip if missing."""
    path = NODE_MODULES / relative
    if not path.exists():
        missing_tool(f"node_modules/{relative} not found: {NPM_HINT}")
    return path


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site below ``SITE_PATH`` only; anything else is 404.

    Downloads go with the media types reference managers recognise (Zotero's
    Connector imports RIS and BibTeX by them), as the host must send them.
    """

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ris": "application/x-research-info-systems",
        ".bib": "application/x-bibtex",
        ".json": "application/json",
    }

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(SITE_PATH):
            return str(Path(self.directory) / "__outside_the_site_path__")
        return super().translate_path(path[len(SITE_PATH) - 1 :])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class ServedSite:
    """The built site and where the local server serves it."""

    root: Path
    base_url: str  # http://127.0.0.1:<port>/back-blog/

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, path: str = "") -> str:
        """The address of a page given by its path below the site, ``blog/``."""
        return self.base_url + path.lstrip("/")

    def is_local(self, url: str) -> bool:
        """Whether ``url`` stays on this machine: a loopback server (this site or another
        one a test serves), or no server at all."""
        if url.startswith(("data:", "blob:", "about:")):
            return True
        parts = urlsplit(url)
        return parts.scheme == "http" and parts.hostname == "127.0.0.1"


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if path is None:
        missing_tool(f"Chromium not found: {INSTALL_HINT}")
    assert path is not None
    return path


@contextmanager
def serve(build: Callable[[ServedSite], None]) -> Iterator[ServedSite]:
    """A site built by ``build(site)`` for, and served at, ``http://127.0.0.1:<free port>/back-blog/``.

    The port is bound first, so that the site can be built for its address.
    """
    site_dir = Path(tempfile.mkdtemp(prefix="served-")) / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(site_dir)))
    server.daemon_threads = True
    port = server.server_address[1]
    site = ServedSite(root=site_dir, base_url=f"http://127.0.0.1:{port}{SITE_PATH}")
    try:
        build(site)
        thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
        thread.start()
        try:
            yield site
        finally:
            server.shutdown()
            thread.join(timeout=10)
    finally:
        server.server_close()
        shutil.rmtree(site_dir.parent, ignore_errors=True)


def _build_the_real_site(site: ServedSite) -> None:
    with _environment(SITE_URL=site.base_url):
        assert build_real_site(site.root) == []


@pytest.fixture(scope="session")
def served_site(chromium_executable: str) -> Iterator[ServedSite]:
    """The real site, built for and served at ``http://127.0.0.1:<free port>/back-blog/``."""
    with serve(_build_the_real_site) as site:
        yield site


@pytest.fixture(scope="session")
def playwright_driver(chromium_executable: str) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, chromium_executable: str) -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per test session."""
    launched = playwright_driver.chromium.launch(
        executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield launched
    finally:
        launched.close()


@dataclass
class PageWatch:
    """What happened in the pages of one test that must not happen."""

    offsite: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser, served_site: ServedSite) -> Iterator[OpenPage]:
    """Opens a page of the served site in a new browser context.

    ``open_page("blog/", viewport=PHONE, color_scheme="dark", **context_options)``;
    ``path=None`` opens a blank page. At the end of the test the contexts are
    closed, and the test fails if a page asked another host for anything or
    raised a JavaScript error.
    """
    contexts: list[BrowserContext] = []
    watch = PageWatch()

    def refuse(route: Route) -> None:
        watch.offsite.append(route.request.url)
        route.abort("blockedbyclient")

    def open_(
        path: str | None = "",
        *,
        viewport: dict[str, int] | None = None,
        color_scheme: Any = "light",
        **options: Any,
    ) -> Page:
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            color_scheme=color_scheme,
            reduced_motion="reduce",
            **options,
        )
        contexts.append(context)
        context.route(lambda url: not served_site.is_local(url), refuse)
        page = context.new_page()
        page.on("pageerror", lambda error: watch.errors.append(f"{page.url}: {error}"))
        if path is not None:
            page.goto(served_site.url(path))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert watch.offsite == [], f"requests to other hosts: {watch.offsite}"
    assert watch.errors == [], f"JavaScript errors: {watch.errors}"


def artifact_dir(*parts: str) -> Path:
    """A folder of ``artifacts/`` (gitignored) for people to look at after a run."""
    folder = ARTIFACTS.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
