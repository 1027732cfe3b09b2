"""Stage `parse`: what a link in a body may point to, known before any body is rendered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from newsgen.core.model import EntryHead, section_lineage
from newsgen.core.routes import UrlScheme


@dataclass(frozen=True)
class Targets:
    """Everything a link in a body may point to, by content-relative path."""

    pages: Mapping[str, str]  # article source -> site path
    assets: frozenset[str]  # files copied as they are
    # Articles this build leaves out, and why ("a draft", "scheduled for ..."): a link to
    # one is a warning, a link to no article at all an error.
    unpublished: Mapping[str, str] = field(default_factory=dict)
    # Jekyll posts by the names `{% post_url %}` gives them (`jekyll_post_names`).
    posts: Mapping[str, str] = field(default_factory=dict)
    # Sections by their path (world/asia) -> site path, for Hugo's `ref` to a section.
    sections: Mapping[str, str] = field(default_factory=dict)

    def is_article(self, source: str) -> bool:
        """Whether `source` is an article, published by this build or not."""
        return source in self.pages or source in self.unpublished


def jekyll_post_names(sources: Iterable[str]) -> dict[str, str]:
    """Each article under a `_posts` folder by the names `{% post_url %}` may give it: its
    path below `_posts` without the suffix, and its bare name when no other post has it."""
    names: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    for source in sources:
        parts = source.split("/")
        if "_posts" not in parts[:-1]:
            continue
        below = "/".join(parts[parts.index("_posts") + 1 :]).rsplit(".", 1)[0]
        names[below] = source
        bare.setdefault(below.rsplit("/", 1)[-1], []).append(source)
    for name, found in bare.items():
        if len(found) == 1:
            names.setdefault(name, found[0])
    return names


def link_targets(
    markdown: Iterable[str], assets: Iterable[str], urls: Mapping[str, str],
    unpublished: Mapping[str, str], entries: Iterable[EntryHead], scheme: UrlScheme,
) -> Targets:  # fmt: skip
    """The targets of a build whose `entries` get `urls`; `markdown`, every Markdown file
    under content/ (those neither published nor left out had errors: `newsgen check`
    goes on without them)."""
    names = list(markdown)
    left_out = dict(unpublished)
    for source in names:
        if source not in urls:
            left_out.setdefault(source, "not built, for errors of its own")
    sections = {path for entry in entries for path in section_lineage(entry.section)}
    return Targets(urls, frozenset(assets), left_out, jekyll_post_names(names),
                   {path: scheme.section(path) for path in sections})  # fmt: skip
