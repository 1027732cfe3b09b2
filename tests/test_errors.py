"""Bad input: one clear message naming file and line, a failed build, the old site intact."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitekit import NOW, article, build_site, errors_of, png, read, run_newsgen, write_site

GOOD = {"content/world/good.md": article("Good story")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: [unclosed\ndate: 2026-11-01\n---\nBody\n", "bad.md:2: invalid YAML front matter at column 8: the [ opened here is never closed"),
        ("---\n- a\n- b\n---\nBody\n", "bad.md:2: front matter must be a mapping of keys to values, not a list"),
        ("---\njust text\n---\nBody\n", "bad.md:2: front matter must be a mapping of keys to values, not a single value"),
        ("---\ndate: 2026-11-01\n---\nBody\n", "bad.md:1: 'title' is required but missing"),
        ('---\ntitle: "  "\ndate: 2026-11-01\n---\nBody\n', "bad.md:2: 'title' is required"),
        ("---\ntitle: T\n---\nBody\n", "bad.md:1: 'date' is required but missing"),
        ("---\ntitle: T\ndate: 2024-02-30\n---\nBody\n", "bad.md:3: 'date': '2024-02-30' is not a valid date (day is out of range for month)"),
        ("---\ntitle: T\ndate: next tuesday\n---\nBody\n", "bad.md:3: 'date': 'next tuesday' is not a valid date"),
        ("---\ntitle: T\ndate: 2026-11-01\ntags: 5\n---\nBody\n", "bad.md:4: 'tags' must be a list of text, not the number 5"),
        ("---\ntitle: T\ndate: 2026-11-01\nauthors: {x: 1}\n---\nBody\n", "bad.md:4: 'authors' must be a list of text, not a table"),
        ("---\ntitle: T\ndate: 2026-11-01\ndraft: maybe\n---\nBody\n", "bad.md:4: 'draft' must be true or false, not the text 'maybe'"),
        ("---\ntitle: T\ndate: 2026-11-01\nslug: ../../etc\n---\nBody\n", "bad.md:4: slug '../../etc' may hold only letters, digits and hyphens"),
        ("---\ntitle: T\ndate: 2026-11-01\nsection: ../up\n---\nBody\n", "bad.md:4: section '../up' must be slugs joined by '/'"),
        ("---\ntitle: T\ndate: 2026-11-01\nimage: {alt: x}\n---\nBody\n", "bad.md:4: 'image' needs a 'src'"),
        ("---\ntitle: T\ndate: 2026-11-01\nimage: ../../../secret.png\n---\nBody\n", "bad.md:4: image '../../../secret.png' is outside content/"),
        ("---\ntitle: !!python/object:os.system x\ndate: 2026-11-01\n---\n", "bad.md:2: invalid YAML front matter at column 8: YAML tags that build objects are not allowed"),
        ("---\ntitle: T\ndate: 2026-11-01\nBody without a closing fence\n", "bad.md:1: front matter opened on line 1 is never closed"),
        ("+++\ntitle = 'T'\ndate = 2024-02-30\n+++\nBody\n", "bad.md:3: invalid TOML front matter"),
        ("Just a body, no front matter.\n", "bad.md:1: no front matter"),
        ("", "bad.md: the file is empty"),
        ("  \n\n", "bad.md: the file is empty"),
    ],
)  # fmt: skip
def test_bad_front_matter_names_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    site = write_site(tmp_path, {**GOOD, "content/world/bad.md": text})
    [message] = errors_of(site)
    assert message.startswith("content/world/" + expected), message


def test_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    text = "---\ntitle: T\ndate: 2026-11-01\n---\nCaf\xe9\n".encode("latin-1")
    site = write_site(tmp_path, {"content/bad.md": text})
    assert errors_of(site) == ["content/bad.md:5: not valid UTF-8: save the file as UTF-8"]


def test_nul_byte_is_refused(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/bad.md": article("T", body="a\x00b")})
    assert errors_of(site) == ["content/bad.md:6: holds a NUL byte: is this a binary file?"]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    text = "\ufeff" + article("Windows file", body="Line one.\n\nLine two.").replace("\n", "\r\n")
    site = write_site(tmp_path, {"content/win.md": text.encode("utf-8")})
    build_site(site)
    assert "<p>Line two.</p>" in read(site / "output", "win/")


def test_every_broken_file_is_reported_in_one_run(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": "---\ntitle: A\n---\n",
            "content/b.md": "---\ndate: 2026-01-01\n---\n",
            "content/c.md": article("C", tags="5"),
        },
    )
    assert errors_of(site) == [
        "content/a.md:1: 'date' is required but missing",
        "content/b.md:1: 'title' is required but missing",
        "content/c.md:4: 'tags' must be a list of text, not the number 5",
    ]


def test_two_articles_at_one_url_name_both_files(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/story.md": article("One"),
            "content/world/other.md": article("Two", slug="story"),
        },
    )
    assert errors_of(site) == [
        "content/world/other.md: writes to /world/story/index.html, and so does"
        " content/world/story.md: give one of them another 'slug', or put the date in every"
        ' article\'s address: permalinks.article = "{section}/{year}/{month}/{slug}/"'
    ]


def test_permalink_that_leaves_the_output_is_refused(tmp_path: Path) -> None:
    config = 'title = "T"\n[permalinks]\narticle = "../../{slug}/"\n'
    site = write_site(tmp_path, GOOD, config=config)
    assert errors_of(site) == [f"{site}/config.toml:3: permalinks.article leads outside the output"]


def test_symbolic_link_out_of_content_is_refused(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", GOOD)
    (tmp_path / "secret.txt").write_text("secret")
    (site / "content/world/leak.txt").symlink_to(tmp_path / "secret.txt")
    assert errors_of(site) == ["content/world/leak.txt: symbolic link to outside content/"]


def test_template_syntax_error_names_template_file_and_line(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {**GOOD, "templates/article.html": "{% extends 'base.html' %}\n{% block content %}\n{{ article.title }\n{% endblock %}\n"},
    )  # fmt: skip
    [message] = errors_of(site)
    assert message.startswith("templates/article.html:3: unexpected '}'")


def test_undefined_template_variable_fails_loudly(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {**GOOD, "templates/article.html": "{% extends 'base.html' %}\n{% block content %}\n\n{{ article.subtitle }}\n{% endblock %}\n"},
    )  # fmt: skip
    [message] = errors_of(site)
    assert message.startswith("templates/article.html:4: ")
    assert "'article.subtitle' is undefined" in message


def test_missing_template_is_reported(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {**GOOD, "templates/article.html": "{% include 'partials/nowhere.html' %}"},
    )
    [message] = errors_of(site)
    assert "template 'partials/nowhere.html' not found" in message


def test_strict_sections_refuse_an_unknown_section(tmp_path: Path) -> None:
    config = 'title = "T"\nstrict_sections = true\n[sections.world]\ntitle = "World"\n'
    site = write_site(tmp_path, {**GOOD, "content/wrold/typo.md": article("Typo")}, config=config)
    assert errors_of(site) == ["content/wrold/typo.md: section 'wrold' is not in config.toml"]


def test_failed_build_leaves_previous_output_intact(tmp_path: Path) -> None:
    site = write_site(tmp_path, GOOD)
    build_site(site)
    before = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    write_site(site, {"content/world/bad.md": "---\ntitle: [\n---\n"}, config=None)
    errors_of(site)
    after = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_command_prints_errors_without_traceback_and_exits_1(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {**GOOD, "content/world/bad.md": "---\ntitle: T\ndate: 2024-02-30\n---\n"}
    )
    result = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/world/bad.md:3: 'date': '2024-02-30' is not a valid date (day is out of range for month); "
        "write it as ISO 8601, e.g. 2026-03-01 or 2026-03-01T14:05:00+09:00",
        "build failed: 1 error",
    ]
    assert not (site / "output").exists()


def test_warnings_found_before_a_failure_are_reported_with_it(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", image="{src: a.png}"),
            "content/a.png": png(),
            "content/b.md": article("B", date="2026-13-01"),
        },
    )
    result = run_newsgen("build", cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/a.md:4: warning: the image has no alt text: describe it for readers who cannot see it"
    )
    assert result.stderr.splitlines()[-1] == "build failed: 1 error"


def test_error_in_the_base_layout_is_reported_once(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {**GOOD, "templates/base.html": "<html>\n{{ site.nonsense }}\n</html>\n"}
    )
    [message] = errors_of(site)
    assert message.startswith("templates/base.html:2: ")


def test_syntax_error_in_a_template_no_page_uses_yet_is_found(tmp_path: Path) -> None:
    site = write_site(tmp_path, {**GOOD, "templates/tag.html": "{% if %}"})
    [message] = errors_of(site)
    assert message.startswith("templates/tag.html:1: ")


def test_folder_name_without_letters_is_refused(tmp_path: Path) -> None:
    site = write_site(tmp_path, {**GOOD, "content/world/!!!/x.md": article("X")})
    assert errors_of(site) == [
        "content/world/!!!/x.md: a folder name on this path has no letter or digit"
    ]


def test_bad_source_date_epoch_is_an_error(tmp_path: Path) -> None:
    site = write_site(tmp_path, GOOD)
    result = run_newsgen("build", cwd=site, env={"SOURCE_DATE_EPOCH": "tuesday"})
    assert result.returncode == 1
    assert result.stderr.startswith("SOURCE_DATE_EPOCH: must be a whole number of seconds")


def test_a_template_error_is_said_once_in_the_templates_words_in_every_kind_of_build(
    tmp_path: Path,
) -> None:
    files = {f"content/world/s{n}.md": article(f"Story {n}") for n in range(6)}
    site = write_site(tmp_path, files)
    now = ("--now", NOW.isoformat())
    assert run_newsgen("build", *now, cwd=site).returncode == 0  # the cache holds every article
    broken = "{% extends 'base.html' %}\n{% block content %}\n\n<p>{{ article.no_such_field }}</p>\n{% endblock %}\n"
    (site / "templates").mkdir()
    (site / "templates/article.html").write_text(broken, encoding="utf-8")
    said = re.compile(
        r"templates/article\.html:4: 'article\.no_such_field' is undefined "
        r"\(rendering /world/s\d/index\.html\)"
    )
    for name, command in {
        "warm": ("build",),
        "one worker": ("build", "--workers", "1"),
        "check": ("check",),
        "cold": ("build",),
    }.items():
        if name == "cold":
            shutil.rmtree(site / ".newsgen")
        result = run_newsgen(*command, *now, cwd=site)
        printed = result.stdout + result.stderr  # check reports on stdout
        lines = [line for line in printed.splitlines() if "article.html" in line]
        assert result.returncode == 1, name
        assert len(lines) == 1 and said.fullmatch(lines[0]), (name, printed)
        assert "newsgen." not in printed and "object" not in printed, name
