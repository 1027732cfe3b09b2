"""Slugs: the URL-safe names of articles, sections, tags and authors.

Latin text loses its accents ("Café Société" -> "cafe-societe"); letters of other scripts
are kept as they are ("서울 첫눈" -> "서울-첫눈") and percent-encoded in links, as browsers show
them decoded. A slug never holds '/', '.', '\\' or anything else that could leave a folder.
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
_SEPARATORS = re.compile(r"[\W_]+")
_VALID = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")


@functools.lru_cache(maxsize=16384)  # a pure function, asked for the same tags and names again
def slugify(text: str) -> str:
    """Return the slug for `text`; empty when `text` holds no letter or digit."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_SPECIAL)
    kept: list[str] = []
    for char in lowered:
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
    """A slug is letters and digits joined by single hyphens, in any script."""
    return bool(_VALID.match(slug)) and "--" not in slug
