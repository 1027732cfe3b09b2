"""What every test shares: the suite leaves nothing in the checkout."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from sitekit import REPO

# Hypothesis keeps failing examples, and a cache of its own, in .hypothesis/ of the working
# directory: neither belongs in the checkout.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="newsgen-hypothesis-"))
settings.register_profile("newsgen", database=None)
settings.load_profile("newsgen")


@pytest.fixture(autouse=True, scope="session")
def _the_checkout_stays_clean() -> Iterator[None]:
    written = [REPO / ".newsgen", REPO / "output", REPO / ".hypothesis"]
    before = {path: path.exists() for path in written}
    yield
    made = [path.name for path in written if path.exists() and not before[path]]
    assert made == [], f"the tests wrote {made} into the checkout"
