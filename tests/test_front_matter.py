"""A post's front matter: read once with the line of every field, and checked field by field.

Unit tests of ``backblog.front_matter`` (and the modules it reads with): each
rule with its exact message and line, then fuzzing with hypothesis, asserting
that whatever the text, only problems come out, never an exception.
"""

from __future__ import annotations

import datetime
import time
import tracemalloc

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from backblog.front_matter import FrontMatterProblem, check_post, read_front_matter, split_front_matter
from backblog.material_blog import default_post_slugify
from backblog.post_fields import slug_problem
from fuzzing import FUZZ
from sitebuilder import BLOG_POST

POST = BLOG_POST.lstrip("\n")  # line 1 is the opening '---'
AUTHORS, CATEGORIES, TAGS = ["testauthor"], ["Exercise", "Education"], ["low back pain", "neck pain"]


def problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in check_post(text, AUTHORS, CATEGORIES, tags_allowed=TAGS)]


def with_field(line: str) -> str:
    """The valid post with ``line`` added as line 2 of its front matter."""
    return POST.replace("---\n", f"---\n{line}\n", 1)


# --- reading -----------------------------------------------------------------

def test_every_field_keeps_its_line_nested_keys_and_list_items_too() -> None:
    front = read_front_matter(POST)
    assert front.problems == () and front.found and front.readable
    assert front.values["date"] == {"created": datetime.date(2025, 1, 15)}
    assert front.lines == {
        "date": 2, "date.created": 3, "authors": 4, "authors.0": 5,
        "categories": 6, "categories.0": 7, "description": 8,
    }
    assert front.body_line == 10
    assert split_front_matter(POST) == (POST.split("---\n")[1], 10)


def test_a_bom_and_windows_line_ends_read_as_mkdocs_reads_them() -> None:
    assert read_front_matter("\ufeff" + POST).lines == read_front_matter(POST).lines
    assert read_front_matter(POST.replace("\n", "\r\n")).lines == read_front_matter(POST).lines
    assert problems(POST.replace("\n", "\r\n")) == []


def test_a_key_given_twice_names_both_lines_and_later_messages_point_at_the_value_kept() -> None:
    post = POST.replace("description: A synthetic post for tests.", "description: A *first* one\ndescription: Kept.")
    assert problems(post) == [
        (9, "front matter field 'description' is given twice (lines 8 and 9): keep one"),
    ]
    post = POST.replace("description: A synthetic post for tests.", "description: Dropped.\ndescription: Not *plain*")
    assert problems(post) == [
        (9, "front matter field 'description' is given twice (lines 8 and 9): keep one"),
        (9, "front matter field 'description' must be one plain sentence, ending with '.', '?' or '!', "
            "without Markdown or HTML: it is shown as text in feeds and search results"),
    ]


def test_keys_given_twice_at_any_level_and_three_times() -> None:
    post = with_field("title: A\ntitle: B\ntitle: C").replace(
        "  created: 2025-01-15", "  created: 2025-01-15\n  created: 2025-01-16"
    )
    assert problems(post) == [
        (4, "front matter field 'title' is given 3 times (lines 2, 3 and 4): keep one"),
        (7, "front matter field 'date.created' is given twice (lines 6 and 7): keep one"),
    ]
    assert read_front_matter(post).values["title"] == "C"  # what YAML (and Material) keeps


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("title: !!python/object/apply:os.system ['echo owned']",
         "front matter field 'title' uses the YAML tag '!!python/object/apply:os.system', which a post's front matter may not use: remove it (front matter holds only text, numbers, dates, true or false, and lists)"),
        ("title: !!python/name:os.system",
         "front matter field 'title' uses the YAML tag '!!python/name:os.system', which a post's front matter may not use: remove it (front matter holds only text, numbers, dates, true or false, and lists)"),
        ("tags: !!set {low back pain}",
         "front matter field 'tags' uses the YAML tag '!!set', which a post's front matter may not use: remove it (front matter holds only text, numbers, dates, true or false, and lists)"),
        ("title: !custom x",
         "front matter field 'title' uses the YAML tag '!custom', which a post's front matter may not use: remove it (front matter holds only text, numbers, dates, true or false, and lists)"),
        ("<<: {title: x}",
         "front matter has a field name that is not a plain word: write 'name: value' lines, such as 'description: One plain sentence that sums up the post.'"),
        ("? [a, b]\n: c",
         "front matter has a field name that is not a plain word: write 'name: value' lines, such as 'description: One plain sentence that sums up the post.'"),
        ("title: &t Synthetic\nslug: *t",
         "'*t' is a YAML alias, which a post's front matter may not use: write the value out in full"),
    ],
    ids=["python-apply", "python-name", "set", "custom-tag", "merge-key", "list-as-key", "alias"],
)
def test_python_tags_and_aliases_are_refused_never_run(field: str, message: str) -> None:
    line = 3 if field.startswith("title: &t") else 2
    assert problems(with_field(field)) == [(line, message)]


def test_a_yaml_bomb_is_refused_at_once_in_bounded_memory() -> None:
    levels = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    levels += [f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(9)]
    bomb = "---\n" + "\n".join(levels) + "\n---\n"  # 9**10 strings, if expanded
    tracemalloc.start()
    started = time.perf_counter()
    front = read_front_matter(bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert front.problems == (FrontMatterProblem(3, (
        "'*a' is a YAML alias, which a post's front matter may not use: write the value out in full"
    )),)
    assert elapsed < 0.5 and peak < 2_000_000, (elapsed, peak)


def test_deep_nesting_is_refused_before_python_runs_out_of_stack() -> None:
    front = read_front_matter("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert [(p.line, p.message) for p in front.problems] == [(2, (
        "front matter is nested more than 20 levels deep: write plain 'name: value' lines and short lists"
    ))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\n- a\n- b\n---\n", "front matter must be 'name: value' lines: start each line with a field name, such as 'description: One plain sentence that sums up the post.'"),
        ("---\njust words\n---\n", "front matter must be 'name: value' lines: start each line with a field name, such as 'description: One plain sentence that sums up the post.'"),
        ("---\ntitle: a\x01b\n---\n", "front matter has a character YAML does not accept (#x0001): remove it"),
        ("---\n" + "k" * 10_000 + ": 1\n---\n", "front matter is not valid YAML (mapping values are not allowed here): check the indentation and that every value with a ':' is in quotes"),
        ("---\ntitle: x\n", "the front matter is not closed: end it with a line of three hyphens '---' on its own, then the text of the post on the lines after it"),
    ],
    ids=["list", "scalar", "control-character", "10000-character-key", "not-closed"],
)
def test_front_matter_that_is_not_name_value_lines_is_one_message(text: str, message: str) -> None:
    front = read_front_matter(text)
    assert [p.message for p in front.problems] == [message]
    assert not front.readable
    assert all(p.line >= 1 for p in front.problems)


# --- fields of the wrong form -------------------------------------------------

@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("description: 5", "front matter field 'description' has the wrong form: write description: One plain sentence that sums up the post."),
        ("description: [a, b]", "front matter field 'description' has the wrong form: write description: One plain sentence that sums up the post."),
        ("title: 5", "front matter field 'title' has the wrong form: write title: The title of the post"),
        ("title:", "front matter field 'title' has the wrong form: write title: The title of the post"),
        ("tags: low back pain", "front matter field 'tags' has the wrong form: write a list: 'tags:' then '  - low back pain'"),
        ("tags: [low back pain, 5]", "front matter field 'tags' has the wrong form: write a list: 'tags:' then '  - low back pain'"),
        ("draft: maybe", "front matter field 'draft' has the wrong form: write draft: true (or false)"),
        ("pin: 2", "front matter field 'pin' has the wrong form: write pin: true (or false)"),
        ("readtime: five", "front matter field 'readtime' has the wrong form: write readtime: 5 (whole minutes)"),
        ("readtime: " + "9" * 5000, "front matter field 'readtime' has the wrong form: write readtime: 5 (whole minutes)"),
        ("slug: 2025", "front matter field 'slug' has the wrong form: write slug: short-words-with-hyphens"),
    ],
)
def test_a_value_of_the_wrong_form_is_one_message_at_its_line(field: str, message: str) -> None:
    name = field.split(":")[0]
    post = with_field(field) if name not in ("description",) else POST.replace(
        "description: A synthetic post for tests.", field
    )
    line = 8 if name == "description" else 2
    assert problems(post) == [(line, message)]


@pytest.mark.parametrize(
    ("before", "after", "line", "message"),
    [
        ("authors:\n  - testauthor", "authors: {a: b}", 4,
         "front matter field 'authors' has the wrong form: write a list: 'authors:' then '  - spineiq'"),
        ("date:\n  created: 2025-01-15", "date: {created: yesterday}", 2,
         "front matter field 'date' has the wrong form: write 'date:' then '  created: 2025-06-02' (a real date, YYYY-MM-DD) on the next line"),
        ("  created: 2025-01-15", "  created: 2025-01-15\n  updated: soon", 4,
         "front matter field 'date' has the wrong form: write 'date:' then '  created: 2025-06-02' (a real date, YYYY-MM-DD) on the next line"),
        ("  created: 2025-01-15", "  created: 2025-01-15\n  udpated: 2025-02-01", 4,
         "front matter field 'date.udpated' is not one a post may have: remove it or correct its spelling (allowed under date: created, updated)"),
        ("  created: 2025-01-15", "  created: 2025-01-15\n  updated: 2025-02-30", 4,
         "front matter field 'date': not a real date (day is out of range for month): write YYYY-MM-DD, for example created: 2025-06-02"),
        ("authors:\n  - testauthor", "authors: []", 4,
         "front matter field 'authors' is empty: write a list: 'authors:' then '  - spineiq'"),
        ("description: A synthetic post for tests.", "description:", 8,
         "front matter field 'description' is missing: add 'description: One plain sentence that sums up the post.'"),
    ],
    ids=["authors-mapping", "date-not-a-date", "updated-not-a-date", "date-subkey-misspelt", "updated-not-real", "no-authors", "empty-description"],
)
def test_nested_and_empty_values_point_at_their_own_line(before: str, after: str, line: int, message: str) -> None:
    assert problems(POST.replace(before, after)) == [(line, message)]


def test_every_wrong_field_is_reported_at_once() -> None:
    post = with_field("title: 5\ndraft: maybe\ntags: neck pain").replace("A synthetic post for tests.", "5")
    assert [line for line, _ in problems(post)] == [2, 3, 4, 11]


# --- slugs ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("slug", "suggested"),
    [
        ("../../../../../../evil-outside", "evil-outside"),
        ("../../../../../docs/blog", "docsblog"),
        ("/etc/cron.d/x", "etccrondx"),
        ("../../../..", "short-words-with-hyphens"),
        ("C:\\Windows", "cwindows"),
        (".hidden", "hidden"),
        ("Manual Therapy", "manual-therapy"),
        ("", "short-words-with-hyphens"),
    ],
)
def test_a_slug_that_is_not_one_path_segment_is_refused_with_the_blogs_own_form(slug: str, suggested: str) -> None:
    assert problems(with_field(f"slug: '{slug}'")) == [(2, (
        f"front matter field 'slug': '{slug}' is not one part of a web address: write slug: {suggested} "
        "(lower-case words joined by hyphens, without '/', '\\' or '.')"
    ))]


@pytest.mark.parametrize("slug", ["manual-therapy", "neck-pain-2025", "rückenschmerzen", "a_b"])
def test_a_slug_the_blogs_slugify_leaves_as_it_is_is_accepted(slug: str) -> None:
    assert problems(with_field(f"slug: {slug}")) == []


def test_the_slug_rule_is_the_blogs_configured_slugify() -> None:
    def underscores(text: str) -> str:
        return default_post_slugify()(text).replace("-", "_")

    assert slug_problem("manual_therapy", underscores) is None
    assert slug_problem("manual-therapy", underscores) == (
        "front matter field 'slug': 'manual-therapy' is not one part of a web address: write slug: manual_therapy "
        "(lower-case words joined by hyphens, without '/', '\\' or '.')"
    )
    assert slug_problem("..", lambda text: text) is not None  # a slugify that keeps dots still cannot climb


# --- fuzzing --------------------------------------------------------------------

FRAGMENTS = [
    "title", "date", "created", "updated", "authors", "categories", "tags", "description", "slug", "draft",
    "pin", "readtime", "testauthor", "Exercise", "low back pain", "2025-01-15", "2025-02-30", "yes", "null",
    "~", "5", "-1", "1e400", "'", '"', ":", ": ", "- ", "  ", "\n", "\n  ", "[", "]", "{", "}", ",", "&a ",
    "*a", "!!python/object:os.system", "!!binary", "!tag", "<<", "? ", "#", "|", ">", "---", "...", "\t",
    "\x00", "\ufeff", "é", "%YAML 1.1", "!!str", "0x1F", "1:20", ".inf",
]


def assert_only_problems(text: str) -> None:
    found = check_post(text, AUTHORS, CATEGORIES, tags_allowed=TAGS)
    assert all(type(p) is FrontMatterProblem and p.line >= 1 and p.message for p in found), found


@FUZZ
@given(st.text())
def test_fuzz_any_text_gives_only_problems(text: str) -> None:
    assert_only_problems(text)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40))
def test_fuzz_yaml_ish_front_matter_gives_only_problems(pieces: list[str]) -> None:
    assert_only_problems("---\n" + "".join(pieces) + "\n---\n\n# Title\n\n<!-- more -->\n")
    assert_only_problems(POST.replace("description:", "".join(pieces) + "\ndescription:", 1))


FIELD_NAMES = ["title", "date", "created", "updated", "authors", "categories", "tags", "description", "slug", "draft", "pin", "readtime"]
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates() | st.datetimes(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@FUZZ
@given(st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), YAML_VALUES, max_size=8))
def test_fuzz_fields_of_any_type_give_only_problems(fields: dict[str, object]) -> None:
    text = yaml.safe_dump(fields, allow_unicode=True) if fields else ""
    assert_only_problems("---\n" + text + "---\n\n# Title\n\n<!-- more -->\n")
