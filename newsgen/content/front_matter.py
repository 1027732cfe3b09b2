"""Split a Markdown file into its front matter and body, and load the front matter.

YAML (`---`) and TOML (`+++`) fences are split with python-frontmatter's handlers; loading is
ours, so that every key keeps the line it is written on, a missing closing fence is an error
rather than "no front matter", and YAML can build no object but plain data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from newsgen.core.errors import toml_error


class FrontMatterError(ValueError):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    key_lines: dict[str, int]  # top-level key -> 1-based line in the file
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    format: str  # "yaml", "toml" or "" when the file has none


class _TOMLSplitter(BaseHandler):
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)


_HANDLERS: tuple[tuple[str, BaseHandler], ...] = (
    ("yaml", YAMLHandler()),
    ("toml", _TOMLSplitter()),
)


# libyaml's parser where PyYAML was built with it: the same results, several times faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainDataLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that leaves timestamps as strings: we parse dates ourselves, with the
    site's time zone, instead of YAML's naive-or-UTC datetimes."""


_PlainDataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str) -> FrontMatter:
    """`text` is the whole file, already decoded, with '\\n' line ends. Blank lines before
    the opening fence are allowed (exports and editors leave them); lines keep their
    numbers in the file."""
    start = _first_written_line(text)
    rest = text[start:]
    opened = text.count("\n", 0, start) + 1  # the line of the opening fence
    for name, handler in _HANDLERS:
        if not handler.detect(rest):
            continue
        try:
            raw, body = handler.split(rest)
        except ValueError:
            message = f"front matter opened on line {opened} is never closed"
            raise FrontMatterError(opened, message) from None
        # The handler's fence pattern may swallow blank lines; find where the parts really are.
        fence_end = text.find("\n", start)
        raw_start = text.index(raw, start if fence_end < 0 else fence_end)
        raw_line = text.count("\n", 0, raw_start) + 1
        body_start = text.index(body, raw_start + len(raw))
        body_line = text.count("\n", 0, body_start) + 1
        data, lines = _load_yaml(raw, raw_line) if name == "yaml" else _load_toml(raw, raw_line)
        return FrontMatter(data, lines, body, body_line, name)
    return _split_metadata(rest, opened) or FrontMatter({}, {}, text, 1, "")


def _first_written_line(text: str) -> int:
    """Where the first line that is not blank starts."""
    at = 0
    while True:
        end = text.find("\n", at)
        if end < 0 or text[at:end].strip():
            return at
        at = end + 1


_METADATA_LINE = re.compile(r"^([A-Za-z][\w-]*):[ \t]*(.*)$")


def _split_metadata(text: str, first_line: int) -> FrontMatter | None:
    """Pelican's and MultiMarkdown's `Key: value` lines up to the first blank line, when the
    first of them is `Title:` or `Date:`. `text` starts on line `first_line` of the file."""
    lines = text.split("\n")
    first = _METADATA_LINE.match(lines[0])
    if not first or first.group(1).lower() not in ("title", "date"):
        return None
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    key = ""
    number = 0
    for number, line in enumerate(lines):
        if not line.strip():
            break
        found = _METADATA_LINE.match(line)
        if found:
            key = found.group(1).lower()
            data[key] = found.group(2).strip()
            key_lines[key] = first_line + number
        elif line[:1].isspace() and key:
            data[key] = f"{data[key]} {line.strip()}".strip()
        else:
            return None
    else:
        number = len(lines)
    body = "\n".join(lines[number + 1 :])
    return FrontMatter(data, key_lines, body, first_line + number + 1, "metadata")


def _load_yaml(raw: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    loader = _PlainDataLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise FrontMatterError(
                first_line + node.start_mark.line,
                f"front matter must be a mapping of keys to values, not {kind}",
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, raw, first_line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(first_line, f"invalid YAML front matter: {exc}") from None
    finally:
        loader.dispose()
    lines = {
        key.value: first_line + key.start_mark.line
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return data, lines


def _yaml_error(exc: yaml.MarkedYAMLError, raw: str, first_line: int) -> FrontMatterError:
    """PyYAML's error in plain words, at the line and column where the problem starts."""
    problem = exc.problem or exc.context or "cannot be read"
    if "could not determine a constructor" in str(exc):
        problem = f"YAML tags that build objects are not allowed ({problem})"
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return FrontMatterError(first_line, f"invalid YAML front matter: {problem}")
    line, column = mark.line, mark.column
    tag = isinstance(exc, yaml.constructor.ConstructorError)
    explained = None if tag else _explain_yaml_error(exc, raw.split("\n"))
    if explained:
        line, column, problem = explained
    message = f"invalid YAML front matter at column {column + 1}: {problem}"
    return FrontMatterError(first_line + line, message)


# A `key: value` line; the value as written, up to trailing spaces.
_KEY_LINE = re.compile(r"^[ \t]*([A-Za-z_][\w-]*):[ \t]+(\S.*?)[ \t]*$")
_CLOSERS = {"[": "]", "{": "}"}
_VALUE_STARTS = {
    "[": "YAML reads a value that starts with [ as a list",
    "{": "YAML reads a value that starts with { as a table",
    '"': "text goes on after the closing quote",
    "'": "text goes on after the closing quote",
    "*": "YAML reads a value that starts with * as a reference",
    "&": "YAML reads a value that starts with & as an anchor",
    ">": "YAML reads a value that starts with > as a block of lines below",
    "|": "YAML reads a value that starts with | as a block of lines below",
}


def _explain_yaml_error(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """(line, column, message) for the usual mistakes, both 0-based within the front
    matter; None for anything else. Read from the text, so that libyaml's words and
    PyYAML's give the same message."""
    problem, context = exc.problem_mark, exc.context_mark
    text = lines[problem.line] if problem and problem.line < len(lines) else ""
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in indent and problem:
        return (
            problem.line,
            indent.index("\t"),
            "a tab indents this line; YAML indents with spaces only, so use spaces",
        )
    opened = lines[context.line][context.column : context.column + 1] if context else ""
    if context and opened in ("'", '"') and "quoted scalar" in (exc.context or ""):
        return (
            context.line,
            context.column,
            f"the quote {opened} opened here is never closed; end the value with {opened}",
        )
    flow = (exc.context or "").startswith("while parsing a flow")
    rest = lines[context.line][context.column :] if context else ""
    if context and opened in _CLOSERS and flow and _CLOSERS[opened] not in rest:
        return (
            context.line,
            context.column,
            f"the {opened} opened here is never closed; close it with {_CLOSERS[opened]} on "
            "this line, or, if it is part of the text, put the value in quotes",
        )
    found = _KEY_LINE.match(text)
    colon = "mapping values" in (exc.problem or "")
    if problem and found and problem.column >= found.start(2):
        return _explain_value(found, problem.line, problem.column, colon)
    if problem and found and colon and indent:
        return (
            problem.line,
            len(indent),
            "this key is indented under a key that already has a value; start it in the "
            "same column as the keys above",
        )
    return None


def _explain_value(
    found: re.Match[str], line: int, column: int, colon: bool
) -> tuple[int, int, str]:
    """A value YAML cannot read on its key's line: most often a headline that needs quotes."""
    key, value = found.group(1), found.group(2)
    what = "the title" if key == "title" else f"the value of '{key}'"
    fix = f"put {'the title' if key == 'title' else 'the value'} in quotes: {key}: {_quoted(value)}"
    if colon:
        reason = f"{what} holds a colon and a space, which YAML reads as the start of a new key"
    else:
        reason = _VALUE_STARTS.get(value[0], f"YAML cannot read {what} as it is written")
        if value[0] not in "'\"":
            column = found.start(2)
    return line, column, f"{reason}; {fix}"


def _quoted(value: str) -> str:
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


_TOML_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([\w-]+))\s*[=.]""")
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*(?:\"([^\"]+)\"|([\w-]+))")


def _load_toml(raw: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error(exc)
        where = first_line + line - 1 if line else first_line
        raise FrontMatterError(where, f"invalid TOML front matter: {message}") from None
    lines: dict[str, int] = {}
    in_table = False
    for offset, text in enumerate(raw.split("\n")):
        if table := _TOML_TABLE.match(text):
            in_table = True
            lines.setdefault(next(g for g in table.groups() if g), first_line + offset)
        elif not in_table and (key := _TOML_KEY.match(text)):
            lines.setdefault(next(g for g in key.groups() if g), first_line + offset)
    return data, lines
