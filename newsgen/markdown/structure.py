"""Stage `parse`: the tree Python-Markdown made of a body written by `dialect.py`, put right.

What cannot be said to Python-Markdown in Markdown is said by marker paragraphs, which
`StructureTreeprocessor` reads and removes: whether a list is tight or loose (a blank line
anywhere between its items or their blocks makes every item a paragraph, as CommonMark
says), and where one list or quote ends and the next begins. The same pass turns `[ ]` and
`[x]` items into task list items (a disabled checkbox, labelled by the item's text), and
moves a body's headings a level down when it has a level-one heading: the page's headline
is its only `<h1>`.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

# Paragraphs of one marker each; Python-Markdown's first preprocessor removes these control
# characters from the text, so a body cannot hold one.
TIGHT = "\x02newsgen:tight\x03"
LOOSE = "\x02newsgen:loose\x03"
APART = "\x02newsgen:apart\x03"
_MARKERS = (TIGHT, LOOSE, APART)
_TASK = re.compile(r"\[([ xX])\](?: +|$)")
_LISTS = ("ul", "ol")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5")


class StructureTreeprocessor(Treeprocessor):
    """Reads and removes the marker paragraphs; task list items; headings below `<h1>`."""

    def run(self, root: Element) -> None:
        _tidy(root)
        if next(root.iter("h1"), None) is not None:
            for heading in root.iter():
                if heading.tag in _HEADINGS:
                    heading.tag = f"h{int(heading.tag[1]) + 1}"


def _tidy(parent: Element) -> None:
    marker = None
    index = 0
    while index < len(parent):
        child = parent[index]
        if child.tag == "p" and child.text in _MARKERS and not len(child):
            marker = child.text
            _remove(parent, index)
            continue
        _tidy(child)
        if child.tag in _LISTS and marker in (TIGHT, LOOSE):
            for item in child:
                if item.tag == "li":
                    _set_paragraphs(item, loose=marker == LOOSE)
                    _task(item, child)
        marker = None
        index += 1


def _remove(parent: Element, index: int) -> None:
    """Removes a child, keeping its tail."""
    child = parent[index]
    _append_text(parent, index, child.tail)
    del parent[index]


def _append_text(parent: Element, index: int, text: str | None) -> None:
    """Adds text where the child at `index` stands: after the previous child, or at the start."""
    if not text or not text.strip():
        return
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _set_paragraphs(item: Element, loose: bool) -> None:
    if loose:
        # The item's text, and text after its blocks, as paragraphs.
        for index in range(len(item), -1, -1):
            holder = item[index - 1] if index else None
            text = holder.tail if holder is not None else item.text
            if text and text.strip():
                paragraph = Element("p")
                paragraph.text = text.strip("\n")
                paragraph.tail = "\n"
                if holder is not None:
                    holder.tail = "\n"
                else:
                    item.text = "\n"
                item.insert(index, paragraph)
        return
    index = 0
    while index < len(item):
        child = item[index]
        if child.tag != "p":
            index += 1
            continue
        text = child.text or ""
        previous = item[index - 1] if index else None
        if previous is not None:
            previous.tail = _join(previous.tail, text)
        else:
            item.text = _join(item.text, text)
        moved = list(child)
        if moved:
            moved[-1].tail = _join(moved[-1].tail, child.tail)
        else:
            _append_text_after(item, index, child.tail)
        del item[index]
        for offset, element in enumerate(moved):
            item.insert(index + offset, element)
        index += len(moved)


def _append_text_after(item: Element, index: int, tail: str | None) -> None:
    if tail and tail.strip():
        if index:
            item[index - 1].tail = _join(item[index - 1].tail, tail)
        else:
            item.text = _join(item.text, tail)


def _join(before: str | None, after: str | None) -> str:
    before = (before or "").rstrip("\n")
    after = after or ""
    if before and after.strip():
        return f"{before}\n{after}"
    return before + after


def _task(item: Element, listed: Element) -> None:
    """`[ ]` or `[x]` at the start of an item: a disabled checkbox, labelled by the item's
    first paragraph."""
    holder = item
    if not (item.text or "").strip() and len(item) and item[0].tag == "p":
        holder = item[0]
    text = (holder.text or "").lstrip()
    found = _TASK.match(text)
    if found is None:
        return
    label = Element("label")
    box = SubElement(label, "input", {"type": "checkbox", "disabled": "disabled"})
    if found.group(1) != " ":
        box.set("checked", "checked")
    box.tail = " " + text[found.end() :]
    # The label holds the paragraph's text and inline content: the blocks after stay out.
    holder.text = None
    if holder is item:
        # A tight item's paragraph is its text; the label stops at its first block.
        label.tail = "\n"
        holder.insert(0, label)
    else:
        label.extend(list(holder))
        for child in list(holder):
            holder.remove(child)
        holder.insert(0, label)
    item.set("class", "task-list-item")
    listed.set("class", "task-list")


class MarkerPostprocessor(Postprocessor):
    """A marker that raw HTML swallowed before the tree processor saw it."""

    def run(self, text: str) -> str:
        if "\x02newsgen:" not in text:
            return text
        for marker in _MARKERS:
            text = text.replace(marker, "")
        return text
