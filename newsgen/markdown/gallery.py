"""Stage `parse`: galleries, a series of photographs with their captions and credits.

    ::: gallery The night the river rose
    ![A bus stands in brown water up to its windows](bus.jpg "Photo: Ana Costa / Meridian")
    Passengers waited on the roof of this bus for three hours.

    ![Volunteers pass sandbags from hand to hand](sandbags.jpg "Photo: Ana Costa")
    Volunteers filled 4,000 sandbags overnight.
    :::

A gallery opens with a paragraph whose first line is `::: gallery` (the words after it are
the gallery's caption) and closes with a paragraph whose last line is `:::`, in the same
container (the body, a list item, a quote), with only paragraphs between. Each image starts
a photograph; the text after it, up to the next image, is its caption; the image's title is
its credit. Where `:::` means nothing (GitHub, an editor's preview) a gallery reads as its
images with their captions under them.

The pass runs after the links' pass has made each image a `<picture>` of its widths: it
moves those into figures, and gives them the `sizes` of the gallery's layout.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# How wide the built-in theme shows each photograph of a gallery (site.css, "Galleries"):
# on a phone, 85% of the column (100vw less 2rem), so that the next one shows at the edge;
# from 44rem, one of two in the 42rem column, 1rem apart. A photograph alone in its gallery
# keeps the body's sizes: it takes the whole column.
GALLERY_SIZES = "(min-width: 44rem) 20.5rem, calc(85vw - 1.7rem)"

_OPENING = re.compile(r"[ \t]*(:{3,}[ \t]*gallery)(?=\s|$)[ \t]*")
_CLOSING = re.compile(r"[ \t]*:{3,}[ \t]*")

Piece = str | Element  # a paragraph's content in order: its texts and inline elements


class GalleryTreeprocessor(Treeprocessor):
    def run(self, root: Element) -> None:
        if any(":::" in text for text in root.itertext()):
            self._galleries_in(root)

    def _galleries_in(self, parent: Element) -> None:
        for child in parent:
            if len(child):
                self._galleries_in(child)
        if parent.tag == "li" and _opens(parent.text):
            _paragraph_of_tight_item(parent, self.md)
        index = 0
        while index < len(parent):
            end = _closing_index(parent, index)
            gallery = _gallery(parent[index : end + 1]) if end is not None else None
            if end is not None and gallery is not None:
                gallery.tail = parent[end].tail
                parent[index : end + 1] = [gallery]
            index += 1


def _opens(text: str | None) -> bool:
    return text is not None and _OPENING.match(text) is not None


def _closing_index(parent: Element, start: int) -> int | None:
    """Where the gallery opened by the paragraph at `start` closes: the first paragraph
    from there whose last line (not the opening one) is `:::`. None when that paragraph
    opens no gallery, or when a block other than a paragraph comes first."""
    if parent[start].tag != "p" or not _opens(parent[start].text):
        return None
    for index in range(start, len(parent)):
        paragraph = parent[index]
        if paragraph.tag != "p":
            return None
        if _closes(paragraph) and (index > start or _line_count(paragraph) > 1):
            return index
    return None


def _closes(paragraph: Element) -> bool:
    """Whether the paragraph's last line is `:::`."""
    last = paragraph[-1].tail if len(paragraph) else paragraph.text
    _, newline, line = (last or "").rpartition("\n")
    if len(paragraph) and not newline:
        return False  # `:::` on the line of an image or a link
    return _CLOSING.fullmatch(line) is not None


def _line_count(paragraph: Element) -> int:
    return 1 + sum(text.count("\n") for text in paragraph.itertext())


def _paragraph_of_tight_item(item: Element, md: markdown.Markdown) -> None:
    """A tight list item's text, and the inline elements before its first block, made a
    paragraph of their own: a gallery may stand there too."""
    paragraph = Element("p")
    paragraph.text, item.text = item.text, "\n"
    while len(item) and not md.is_block_level(item[0].tag):
        child = item[0]
        item.remove(child)
        paragraph.append(child)
    paragraph.tail = "\n"
    item.insert(0, paragraph)


def _gallery(paragraphs: list[Element]) -> Element | None:
    """The figure made of the paragraphs from the opening line to the closing one; None
    (left as written) when it holds no image."""
    pieces: list[Piece] = []
    for paragraph in paragraphs:
        pieces += [*_pieces(paragraph), "\n"]
    opening = str(pieces[0])
    pieces[0] = opening[_OPENING.match(opening).end() :]  # type: ignore[union-attr]
    pieces[-2:] = [str(pieces[-2]).rpartition("\n")[0]]  # less the closing line
    caption, photos = _split_at_photos(pieces)
    if not photos:
        return None
    for piece in pieces:  # each element's tail is a piece of its own
        if isinstance(piece, Element):
            piece.tail = None
    figure = Element("figure", {"class": "gallery"})
    figure.text = "\n"
    if _has_content(caption):
        _fill(SubElement(figure, "figcaption", {"class": "gallery-caption"}), caption).tail = "\n"
    # A list says how many photographs there are; a phone scrolls it sideways, and a
    # keyboard can, once it takes the focus.
    listed = SubElement(figure, "ul", {"class": "gallery-photos", "tabindex": "0"})
    listed.text = listed.tail = "\n"
    for photo, photo_caption in photos:
        item = SubElement(listed, "li")
        item.append(_photo(photo, photo_caption, alone=len(photos) == 1))
        item.tail = "\n"
    return figure


def _pieces(paragraph: Element) -> list[Piece]:
    pieces: list[Piece] = [paragraph.text or ""]
    for child in paragraph:
        pieces += [child, child.tail or ""]
    return pieces


def _image_of(piece: Piece) -> Element | None:
    """The `<img>` of a photograph: a picture, an image, or a link that holds one of them
    and nothing else."""
    if isinstance(piece, str):
        return None
    if piece.tag == "img":
        return piece
    if piece.tag == "picture":
        return piece.find("img")
    if piece.tag == "a" and len(piece) == 1 and not (piece.text or "").strip():
        return None if (piece[0].tail or "").strip() else _image_of(piece[0])
    return None


def _split_at_photos(pieces: list[Piece]) -> tuple[list[Piece], list[tuple[Element, list[Piece]]]]:
    """The text before the first image (the gallery's caption), and each image with the
    text after it."""
    before: list[Piece] = []
    photos: list[tuple[Element, list[Piece]]] = []
    for piece in pieces:
        if isinstance(piece, Element) and _image_of(piece) is not None:
            photos.append((piece, []))
        else:
            (photos[-1][1] if photos else before).append(piece)
    return before, photos


def _photo(photo: Element, caption: list[Piece], alone: bool) -> Element:
    """A figure of one photograph, with its caption and credit when it has either."""
    figure = Element("figure")
    figure.append(photo)
    image = _image_of(photo)
    credit = " ".join(image.attrib.pop("title", "").split()) if image is not None else ""
    if not alone:
        for sized in photo.iter():
            if sized.tag in ("source", "img") and sized.get("sizes"):
                sized.set("sizes", GALLERY_SIZES)
    if not (_has_content(caption) or credit):
        return figure  # no empty <figcaption>
    figcaption = SubElement(figure, "figcaption")
    if _has_content(caption):
        _fill(SubElement(figcaption, "span", {"class": "caption"}), caption)
    if credit:
        if len(figcaption):
            figcaption[0].tail = " "  # words apart in feeds and plain text
        SubElement(figcaption, "span", {"class": "credit"}).text = credit
    return figure


def _has_content(pieces: list[Piece]) -> bool:
    return any(isinstance(p, Element) or p.strip() for p in pieces)


def _fill(element: Element, pieces: list[Piece]) -> Element:
    """`element`, holding `pieces`, without the spaces at either end."""
    last: Element | None = None
    text = ""
    for piece in pieces:
        if isinstance(piece, Element):
            element.append(piece)
            last = piece
        elif last is None:
            text += piece
        else:
            last.tail = (last.tail or "") + piece
    element.text = text.lstrip()
    if last is None:
        element.text = element.text.rstrip()
    else:
        last.tail = (last.tail or "").rstrip()
    return element


class GalleryExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the links' pass (1), which makes each image a `<picture>` of its widths.
        md.treeprocessors.register(GalleryTreeprocessor(md), "newsgen_gallery", 0.5)


# An opening line as written, after the markers of the quotes and list items it stands in.
_OPENING_LINE = re.compile(
    r"(?:[ \t]*(?:>|[*+-]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*(:{3,}[ \t]*gallery(?:[ \t].*)?)$"
)
_FENCE_LINE = re.compile(r"(?:[ \t]*(?:>|[*+-]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*(?:```|~~~)")
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
# In a rendered body: a gallery made, or an opening line shown as text.
_MADE_OR_NOT = re.compile(
    r'<figure class="gallery">|(?:^|[>\n])[ \t]*:{3,}[ \t]*gallery(?=[\s<]|$)'
)


def unmade_galleries(text: str, body_html: str) -> list[tuple[int, str]]:
    """The galleries that `body_html`, rendered from the Markdown `text`, shows as text:
    the index of each one's opening line in `text`, and that line from its `:::`."""
    found = [m.startswith("<") for m in _MADE_OR_NOT.findall(_CODE.sub("", body_html))]
    if all(found):
        return []
    openings: list[tuple[int, str]] = []
    fenced = False
    for index, line in enumerate(text.split("\n")):
        if _FENCE_LINE.match(line):
            fenced = not fenced
        opening = None if fenced else _OPENING_LINE.match(line)
        if opening:
            openings.append((index, opening.group(1).rstrip()))
    if len(openings) != len(found):  # an opening line that the rules above do not see
        return [(-1, "::: gallery")]
    return [opening for opening, made in zip(openings, found, strict=True) if not made]
