"""Importers: other publishing systems' exports to Markdown articles under content/.

Outside the build's flow: `newsgen import` runs one of them once, and the files it writes are
then content like any other. Each importer reads its export into `Imported` articles and a
list of notes (what it could not convert, each naming the export file and line); `write`
puts the articles on disk, never over an existing file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsgen.core.errors import Diagnostic


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
    aliases: tuple[str, ...] = ()

    def front_matter(self) -> dict[str, Any]:
        values: dict[str, Any] = {"title": self.title, "date": self.date}
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

    written: list[Path] = field(default_factory=list)
    drafts: int = 0
    notes: list[Diagnostic] = field(default_factory=list)


def to_markdown_file(article: Imported) -> str:
    matter = yaml.safe_dump(
        article.front_matter(), allow_unicode=True, sort_keys=False, width=10_000
    )
    return f"---\n{matter}---\n\n{article.body.strip()}\n"


def write(articles: list[Imported], into: Path, export: str, report: Report) -> Report:
    """Write each article to INTO/folder/slug.md; a second article with one path gets -2."""
    used: set[Path] = set()
    for article in articles:
        folder = into.joinpath(*article.folder.split("/")) if article.folder else into
        path = folder / f"{article.slug}.md"
        number = 1
        while path in used:
            number += 1
            path = folder / f"{article.slug}-{number}.md"
        used.add(path)
        if path.exists():
            message = f"'{article.title}': {path} exists already, not overwritten"
            report.notes.append(Diagnostic(export, article.line, message, "warning"))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown_file(article), encoding="utf-8")
        report.written.append(path)
        report.drafts += article.draft
    return report
