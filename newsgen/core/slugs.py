"""Slugs: the URL-safe names of articles, sections, tags and authors.

Latin text loses its accents ("Café Société" -> "cafe-societe"); letters of other scripts
are kept as they are ("서울 첫눈" -> "서울-첫눈") and percent-encoded in links, as browsers show
them decoded. A slug never holds '/', '\\', '..' or anything else that could leave a folder.

A slug written by hand, or a file's name, goes through one rule (`name_slug`): percent-encoding
decoded (WordPress writes `%e2%80%93`), a byte-order mark dropped, then `slugify` keeping
each dot between two letters or digits, as archives' addresses keep them
(`/blog/release/v22.23.2/`): `slug: v1.2-released` and a file named `v1.2-released.md` give
`v1.2-released`. A slug made from a title, a tag or a folder has no dot.
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from urllib.parse import unquote

# Letters that NFKD does not decompose into ASCII but have a usual ASCII spelling.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "\u0131": "i",
    }
)
_SEPARATORS = re.compile(r"(?:[^\w.]|_)+")
_VALID = re.compile(r"^[^\W_](?:[\w.-]*[^\W_])?$")
# A dot that does not stand between two letters or digits, or a run of separators.
_LOOSE = re.compile(r"--|(?<![^\W_])\.|\.(?![^\W_])")


@functools.lru_cache(maxsize=16384)  # a pure function, asked for the same tags and names again
def slugify(text: str, dots: bool = False) -> str:
    """Return the slug for `text`; empty when `text` holds no letter or digit. With `dots`,
    a dot between two letters or digits is kept (`v1.2` stays `v1.2`)."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_SPECIAL)
    kept: list[str] = []
    for at, char in enumerate(lowered):
        if char == ".":
            between = 0 < at < len(lowered) - 1 and lowered[at - 1].isalnum()
            kept.append("." if dots and between and lowered[at + 1].isalnum() else " ")
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        ascii_part = decomposed.encode("ascii", "ignore").decode()
        if ascii_part and decomposed[0].isascii():
            kept.append(ascii_part)
        elif unicodedata.category(char)[0] in "LN":
            kept.append(char)
        elif unicodedata.category(char)[0] == "M":
            continue  # a combining mark belongs to the letter before it (İ -> i + dot)
        else:
            kept.append(" ")
    return _SEPARATORS.sub("-", "".join(kept)).strip("-")


def is_valid_slug(slug: str) -> bool:
    """A slug is letters and digits, in any script, joined by single hyphens or dots."""
    return bool(_VALID.match(slug)) and not _LOOSE.search(slug)


_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def decode_name(text: str) -> str:
    """A name as its writer meant it: percent-encoded UTF-8 decoded (when it is valid UTF-8),
    byte-order marks dropped, outer spaces trimmed."""
    if _PERCENT.search(text):
        # Not percent-encoding after all when it is not UTF-8: "50%ab" is kept as written.
        with contextlib.suppress(UnicodeDecodeError):
            text = unquote(text, errors="strict")
    return text.replace("\ufeff", "").strip()


def name_slug(text: str) -> str:
    """The slug of a name written by hand: a front-matter slug, a file's name."""
    return slugify(decode_name(text), dots=True)


def names_a_path(text: str) -> bool:
    """Whether a written slug tries to name a path: '/', '\\', '..', or nothing but dots."""
    decoded = decode_name(text)
    return any(mark in decoded for mark in ("/", "\\", "..")) or (
        bool(decoded) and not decoded.strip(".")
    )
