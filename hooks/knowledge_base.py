"""MkDocs hook: the knowledge base across posts.

The reference library page, the downloadable ``.bib`` and ``.ris`` files of
each post and of the library, "Cite this post", and each post's
machine-readable metadata (Highwire ``citation_*`` tags, JSON-LD).  Thin by
design: the work is in ``backblog.library`` and ``backblog.exports``.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from backblog import exports
from backblog.library import MARKER, CitationIndex, CitingPost, download_uris, library_markdown, post_links
from backblog.markdown_ext import CitationExtension
from backblog.post_metadata import cite_this_post_markdown, head_metadata, post_reference
from backblog.settings import BackBlogSettings, settings
from backblog.site_paths import editor_path, is_post

# Per build, replaced in on_config (hook modules live for a whole `serve`).
_settings: BackBlogSettings | None = None
_index = CitationIndex()
_downloads: dict[str, dict[str, File]] = {}  # page URL -> {"bib": File, "ris": File}
_library_url = ""
_post_references: dict[str, exports.PostReference] = {}  # post source URI -> its reference


def _extension(config: MkDocsConfig) -> CitationExtension:
    for extension in config.markdown_extensions:
        if isinstance(extension, CitationExtension):
            return extension
    raise PluginError("mkdocs.yml: hooks/citations.py must be listed before hooks/knowledge_base.py")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings, _index, _downloads, _library_url, _post_references
    _settings = settings(config)
    _index = CitationIndex()
    _downloads = {}
    _library_url = ""
    _post_references = {}
    return config


@event_priority(-100)  # after Material's blog has given the posts their URLs
def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _settings is not None
    library = files.get_file_from_path(_settings.library_page)
    if library is None:
        raise PluginError(
            f"docs/{_settings.library_page}: the reference library page is missing (extra.backblog.library_page)"
        )
    # Rendered last, so that every post's citations are known when it is.
    files.remove(library)
    files.append(library)
    global _library_url
    _library_url = library.url
    # The blog's published posts (Material excludes posts from `files` queries).
    posts = [post.file for post in config.plugins["material/blog"].blog.posts]  # type: ignore[attr-defined]
    links = _extension(config).post_links
    for post in posts:
        links[post.src_uri] = post_links(post, _settings.library_page)
    for page in [library, *posts]:
        if page.url in _downloads:
            continue  # two posts at one URL: hooks/posts.py reports it in on_nav
        _downloads[page.url] = {
            kind: File.generated(config, uri, content="") for kind, uri in download_uris(page.url).items()
        }
        for generated in _downloads[page.url].values():
            files.append(generated)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _settings is not None
    if page.file.src_uri == _settings.library_page:
        registry = _extension(config).registry
        return markdown.replace(MARKER, library_markdown(registry, _index, _settings.study_designs, page.url))
    if is_post(page.file, config):
        reference = _post_references[page.file.src_uri] = post_reference(page, markdown, config, _settings)
        return markdown.rstrip("\n") + "\n\n" + cite_this_post_markdown(reference) + "\n"
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if is_post(page.file, config):
        cited = _extension(config).pages.get(editor_path(page.file, config))
        reference = _post_references[page.file.src_uri]
        _index.add(CitingPost(reference.title, reference.published, page.file.url), cited.keys if cited else [])
    return html


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav) -> TemplateContext:
    assert _settings is not None
    if is_post(page.file, config):
        cited = _extension(config).pages.get(editor_path(page.file, config))
        registry = _extension(config).registry
        keys = cited.keys if cited else []
        reference = _post_references[page.file.src_uri]
        page.meta["backblog_head"] = head_metadata(
            reference,
            page.meta.get("description", ""),
            [registry.bib_data.entries[key] for key in keys],
            [registry.reference(key).highwire for key in keys],
        )
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page has been rendered: write the download files' contents."""
    registry = _extension(config).registry
    cited = {post.url: keys for post, keys in _index.posts}
    cited[_library_url] = _index.keys()
    for url, generated in _downloads.items():
        # Each entry's BibTeX and RIS are written once, with its formatted text.
        references = [registry.reference(key) for key in cited.get(url, [])]
        generated["bib"].content_string = exports.join_bibtex(r.bibtex for r in references)
        generated["ris"].content_string = exports.join_ris(r.ris for r in references)
    return env
