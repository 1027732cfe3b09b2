"""Importers: other publishing systems' exports to Markdown articles under content/.

Outside the build's flow: `newsgen import` runs one of them once, and the files it writes are
then content like any other. Each importer reads its export into `Imported` articles and a
list of notes (what it could not convert, each naming the export file and line); `write`
puts the articles on disk, never over an existing file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from newsgen.core.errors import Diagnostic
from newsgen.importers.links import LinkMap


class ImportFailure(Exception):
    """The export cannot be read at all."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Imported:
    """One article as it will be written: front matter values and a Markdown body."""

    folder: str  # its section, "world/asia", or "" for the top of content/
    slug: str
    title: str
    date: str  # ISO 8601, with the offset when the export gives one
    body: str
    line: int | None  # where the article starts in the export, for notes
    updated: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    image: dict[str, str] = field(default_factory=dict)
    draft: bool = False
    aliases: tuple[str, ...] = ()  # old addresses of this site, redirected by the build
    addresses: tuple[str, ...] = ()  # every old address, for links from other imported posts
    page: bool = False  # a standing page (About us), not a news article

    def front_matter(self) -> dict[str, Any]:
        values: dict[str, Any] = {"title": self.title, "date": self.date}
        if self.page:
            values["type"] = "page"
        optional: dict[str, Any] = {
            "updated": self.updated,
            "authors": list(self.authors),
            "tags": list(self.tags),
            "summary": self.summary,
            "image": self.image if len(self.image) > 1 else self.image.get("src"),
            "slug": self.slug,
            "draft": self.draft,
            "aliases": list(self.aliases),
        }
        values.update((key, value) for key, value in optional.items() if value)
        return values


@dataclass
class Report:
    """What an import did: files written, and every note about what it could not convert."""

    written: list[Path] = field(default_factory=list)  # articles
    pages: list[Path] = field(default_factory=list)  # standing pages, outside the content folder
    drafts: int = 0
    notes: list[Diagnostic] = field(default_factory=list)


def to_markdown_file(article: Imported) -> str:
    matter = yaml.safe_dump(
        article.front_matter(), allow_unicode=True, sort_keys=False, width=10_000
    )
    about = _PAGE_COMMENT if article.page else ""
    return f"---\n{about}{matter}---\n\n{article.body.strip()}\n"


_PAGE_COMMENT = (
    "# A standing page from WordPress, not a news article: newsgen has no standing pages.\n"
    "# See docs/import.md (Pages) for what to do with it.\n"
)


def pages_folder(into: Path) -> Path:
    """Where pages go: `pages/` beside the content folder, so that they are not built as news."""
    return into.parent / "pages"


def plan_paths(articles: list[Imported], into: Path) -> list[Path]:
    """INTO/folder/slug.md for each article (pages in their own folder); a second one gets -2."""
    used: set[Path] = set()
    paths: list[Path] = []
    for article in articles:
        folder = pages_folder(into) if article.page else into
        folder = folder.joinpath(*article.folder.split("/")) if article.folder else folder
        path = folder / f"{article.slug}.md"
        number = 1
        while path in used:
            number += 1
            path = folder / f"{article.slug}-{number}.md"
        used.add(path)
        paths.append(path)
    return paths


def write(articles: list[Imported], into: Path, export: str, report: Report) -> Report:
    """Write each article to its planned path, links between them made links to their files."""
    paths = plan_paths(articles, into)
    links = LinkMap.of((a.addresses, p) for a, p in zip(articles, paths, strict=True) if not a.page)
    for article, path in zip(articles, paths, strict=True):
        if path.exists():
            message = f"'{article.title}': {path} exists already, not overwritten"
            report.notes.append(Diagnostic(export, article.line, message, "warning"))
            continue
        body = links.rewrite(article.body, path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown_file(replace(article, body=body)), encoding="utf-8")
        (report.pages if article.page else report.written).append(path)
        report.drafts += article.draft and not article.page
    return report
