"""Stage images: the style sheet that gives each image its average colour while it loads.

A strict Content-Security-Policy refuses style= attributes, so each image has a class
named from its path (`recipe.placeholder_class`) and one rule here.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsgen.images.recipe import placeholder_class

STYLE_SHEET = "static/placeholders.css"


def placeholder_css(colours: Mapping[str, str]) -> bytes:
    """`colours`: site path of each image -> its average colour ("#3a5f2c")."""
    rules = [
        f"img.{placeholder_class(src)}{{background-color:{colour}}}\n"
        for src, colour in sorted(colours.items())
    ]
    return "".join(rules).encode("utf-8")
