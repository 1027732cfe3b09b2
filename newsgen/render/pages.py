"""Stage `render`: every planned page through its template, to bytes.

Template problems are reported as `template file:line: message`, each once, however many
pages use the template; a syntax error is found even in a template no page uses yet.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import jinja2

from newsgen.core.errors import BuildError, Diagnostic
from newsgen.core.model import Page, made
from newsgen.core.theme_files import THEME_STATIC
from newsgen.core.workers import fork_map
from newsgen.formats.discovery import SERIALIZERS
from newsgen.output.staging import Staging
from newsgen.render.theme import render_page

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".json")


def check_templates(env: jinja2.Environment, root: Path) -> None:
    """Compile every template up front, so that all syntax errors are reported at once."""
    problems: list[Diagnostic] = []
    for name in env.list_templates(filter_func=_is_template):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_syntax_diagnostic(exc, name, root))
    if problems:
        raise BuildError(problems)


PROGRESS_EVERY = 250  # pages between two progress reports


@dataclass(frozen=True)
class Rendered:
    fingerprints: dict[str, str]  # output path -> what it was rendered from
    rendered: int  # pages rendered; the others were kept from the previous output
    written: int  # files written; the others were linked from the previous output


@dataclass(frozen=True)
class _Outcome:
    fingerprint: str | None
    rendered: bool
    written: bool
    problem: Diagnostic | None = None
    error: str = ""  # the template error without the page, to report each error once


class KnownPages(Protocol):
    """What the last build left: what a page is made from now, and what its file in the
    output was made from. One per process that renders."""

    def fingerprint(self, page: Page) -> str | None: ...

    def remembered(self, output: str) -> str | None: ...


def render_pages(
    env: jinja2.Environment,
    pages: Sequence[Page],
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    known: Callable[[], KnownPages] | None = None,
    stage: Staging | None = None,
    workers: int = 1,
) -> Rendered:
    """Render each page into `stage` as it comes (None: render only, to find errors), on
    `workers` processes. With `known`, a page whose fingerprint is the one its file was
    made from is kept, not rendered again, while its file is there; the fingerprints of
    the pages come back, to be remembered."""
    parent = os.getpid()

    def render_share(share: Sequence[int]) -> list[_Outcome]:
        pages_known = known() if known is not None else None
        failed: set[str] = set()
        outcomes: list[_Outcome] = []
        for done, number in enumerate(share, start=1):
            if progress and done % PROGRESS_EVERY == 0 and os.getpid() == parent:
                progress(min(done * workers, len(pages)), len(pages))  # shares are even
            page = pages[number]
            outcomes.append(_render_one(env, page, root, pages_known, stage, failed))
        return outcomes

    outcomes = fork_map(render_share, range(len(pages)), workers)
    problems: dict[tuple[str, int | None, str], Diagnostic] = {}
    for outcome in outcomes:
        # An error in base.html shows up in every template that extends it: say it once.
        if outcome.problem is not None:
            d = outcome.problem
            problems.setdefault((d.path, d.line, outcome.error), d)
    if problems:
        raise BuildError(problems.values())
    return Rendered(
        fingerprints={
            page.output: o.fingerprint
            for page, o in zip(pages, outcomes, strict=True)
            if o.fingerprint is not None
        },
        rendered=sum(o.rendered for o in outcomes),
        written=sum(o.written for o in outcomes),
    )


def _render_one(
    env: jinja2.Environment,
    page: Page,
    root: Path,
    known: KnownPages | None,
    stage: Staging | None,
    failed: set[str],
) -> _Outcome:
    if page.template in failed:
        return _Outcome(None, False, False)
    fingerprint = None
    if known is not None:
        fingerprint = known.fingerprint(page)
        unchanged = fingerprint is not None and known.remembered(page.output) == fingerprint
        if unchanged and (stage is None or stage.keep(page.output)):
            return _Outcome(fingerprint, False, False)
    try:
        serializer = SERIALIZERS.get(page.template)
        context = made(page.context)
        data = serializer(context) if serializer else render_page(env, page, context)
    except jinja2.TemplateError as exc:
        failed.add(page.template)
        return _Outcome(None, False, False, _render_diagnostic(exc, page, root), str(exc))
    written = stage.put(page.output, data) if stage is not None else False
    return _Outcome(fingerprint, True, written)


def _is_template(name: str) -> bool:
    return name.endswith(TEMPLATE_SUFFIXES) and not name.startswith(THEME_STATIC + "/")


def _shown(filename: str, root: Path) -> str:
    """Template paths inside the site are shown from the site's folder."""
    path = Path(filename)
    return os.path.relpath(path, root) if path.is_relative_to(root) else filename


def _syntax_diagnostic(exc: jinja2.TemplateSyntaxError, name: str, root: Path) -> Diagnostic:
    return Diagnostic(_shown(exc.filename or name, root), exc.lineno, exc.message or "")


def _render_diagnostic(exc: jinja2.TemplateError, page: Page, root: Path) -> Diagnostic:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_diagnostic(exc, page.template, root)
    if isinstance(exc, jinja2.TemplateNotFound):
        return Diagnostic(page.template, None, f"template '{exc.name}' not found")
    # Jinja puts template files and lines into the traceback: report the innermost one.
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(TEMPLATE_SUFFIXES)
    ]
    said = exc.message or ""
    if frames and isinstance(exc, jinja2.UndefinedError):
        said = _in_template_words(said, frames[-1].line or "")
    message = f"{said} (rendering /{page.output})"
    if not frames:
        return Diagnostic(page.template, None, message)
    return Diagnostic(_shown(frames[-1].filename, root), frames[-1].lineno, message)


# Jinja2 names the value's Python class: "'newsgen.core.model.Article object' has no
# attribute 'x'". The template's author wrote `article.x`: say that.
_NO_ATTRIBUTE = re.compile(r"'[^']*' has no attribute '(\w+)'")


def _in_template_words(message: str, line: str) -> str:
    missing = _NO_ATTRIBUTE.fullmatch(message)
    if missing is None:
        return message
    field = missing.group(1)
    written = re.search(rf"([A-Za-z_][\w.]*)\.{field}\b", line)
    if written is None:
        return f"'{field}' is undefined here"
    return f"'{written.group(1)}.{field}' is undefined"
