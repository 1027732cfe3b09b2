"""Text that goes into XML: characters XML 1.0 forbids, and the C1 controls and DEL it
discourages, are dropped.

`xml.etree` escapes `&<>` but writes control characters as they are, which makes a feed or
sitemap ill-formed; an article can hold one pasted from a word processor.
"""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _ILLEGAL.sub("", text)
