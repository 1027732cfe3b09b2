"""The cache's one key scheme: every key is a digest of the parts its value depends on
(content digests, paths, newsgen's code and the settings that matter), made here."""

from __future__ import annotations

import hashlib


def cache_key(*parts: str | bytes) -> str:
    """BLAKE2b of the parts, each after its length, so that two different lists of parts
    never give one key (("ab", "c") and ("a", "bc") differ)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()
