"""Stage images: an image file's metadata taken out of its bytes, its pixels left as they are.

For the files published without being encoded again: animations (GIF, animated PNG and
WebP), whose frames and timing must stay exactly as they are, and the site's own images in
`static/`. What a browser needs to show the image is kept (frames, timing, loops,
transparency, colour profile, a JPEG's orientation); everything else goes: EXIF (GPS
position, serial numbers, maker notes, thumbnail), XMP, IPTC, comments, text chunks, data
after the image's end, and any block not known to be harmless. Pure bytes, no Pillow.
"""

from __future__ import annotations

import struct
import zlib

from newsgen.images.probe import ImageProblem

# PNG chunks a browser reads to show the image, animated or not; text, EXIF (eXIf), times
# and private chunks are left out.
_PNG_KEPT = frozenset(
    b"IHDR PLTE IDAT IEND tRNS cHRM gAMA iCCP sBIT sRGB cICP mDCv cLLi bKGD hIST pHYs "
    b"acTL fcTL fdAT".split()
)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# WebP chunks of the image itself; EXIF and XMP chunks (and unknown ones) are left out.
_WEBP_KEPT = frozenset((b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"))
_WEBP_METADATA_FLAGS = 0x08 | 0x04  # VP8X: "has EXIF", "has XMP"
# GIF application extensions that say how an animation loops; XMP and the rest go.
_GIF_LOOPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
# JPEG segments kept before the image data: JFIF (APP0), the colour profile (APP2
# ICC_PROFILE) and Adobe's colour transform (APP14). Other APPn (EXIF, XMP, IPTC, maker
# notes, a second picture) and comments go.
_APP0, _APP2, _APP14, _COM = 0xE0, 0xE2, 0xEE, 0xFE


def kind_of(data: bytes) -> str | None:
    """ "jpeg", "png", "gif" or "webp" from a file's first bytes; None for another."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(_PNG_SIGNATURE):
        return "png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def strip(data: bytes, kind: str, orientation: int = 1) -> bytes:
    """`data` of a `kind` image without its metadata; a JPEG keeps its `orientation`
    (from its EXIF), else a browser would show it on its side. ImageProblem for a file
    whose structure is broken."""
    try:
        if kind == "jpeg":
            return _jpeg(data, orientation)
        if kind == "png":
            return _png(data)
        if kind == "gif":
            return _gif(data)
        if kind == "webp":
            return _webp(data)
    except (IndexError, ValueError, struct.error):  # ValueError: no marker where one must be
        raise ImageProblem("is damaged: it ends before its image does") from None
    raise ValueError(f"no way to strip {kind}")


def _damaged(what: str) -> ImageProblem:
    return ImageProblem(f"is damaged: {what}")


def _jpeg(data: bytes, orientation: int) -> bytes:
    out = [b"\xff\xd8"]
    if orientation != 1:
        out.append(_orientation_segment(orientation))
    position = 2
    scanning = False  # inside entropy-coded data, where 0xFF 0x00 and restarts are data
    while True:
        marker_at = data.index(b"\xff", position)
        if scanning:
            out.append(data[position:marker_at])
        marker = data[marker_at + 1]
        if marker == 0xFF:  # fill byte before a marker
            position = marker_at + 1
            continue
        if scanning and (marker == 0x00 or 0xD0 <= marker <= 0xD7):
            out.append(data[marker_at : marker_at + 2])
            position = marker_at + 2
            continue
        if marker == 0xD9:  # the end: whatever follows (a camera's trailer) is left out
            out.append(b"\xff\xd9")
            return b"".join(out)
        if not scanning and marker_at != position:
            raise _damaged("bytes between JPEG segments")
        length = struct.unpack(">H", data[marker_at + 2 : marker_at + 4])[0]
        end = marker_at + 2 + length
        if length < 2 or end > len(data):
            raise _damaged("a JPEG segment runs past the end of the file")
        if not _jpeg_metadata(marker, data[marker_at + 4 : marker_at + 16]):
            out.append(data[marker_at:end])
        position = end
        scanning = marker == 0xDA  # after a scan's header comes its data


def _jpeg_metadata(marker: int, head: bytes) -> bool:
    if marker == _COM:
        return True
    if 0xE0 <= marker <= 0xEF:
        kept = (
            (marker == _APP0 and head.startswith(b"JFIF\x00"))
            or (marker == _APP2 and head.startswith(b"ICC_PROFILE\x00"))
            or (marker == _APP14 and head.startswith(b"Adobe"))
        )
        return not kept
    return False


def _orientation_segment(orientation: int) -> bytes:
    """An EXIF segment that says only how the image is turned."""
    ifd = struct.pack(">HHHIHHI", 1, 0x0112, 3, 1, orientation, 0, 0)
    payload = b"Exif\x00\x00" + b"MM\x00\x2a" + struct.pack(">I", 8) + ifd
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _png(data: bytes) -> bytes:
    out = [_PNG_SIGNATURE]
    position = len(_PNG_SIGNATURE)
    while True:
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if end > len(data):
            raise _damaged("a PNG chunk runs past the end of the file")
        body = data[position + 4 : end - 4]
        if zlib.crc32(body) != struct.unpack(">I", data[end - 4 : end])[0]:
            raise _damaged(f"the PNG chunk {kind.decode('latin-1')!r} fails its checksum")
        if kind in _PNG_KEPT:
            out.append(data[position:end])
        if kind == b"IEND":
            return b"".join(out)
        position = end


def _gif(data: bytes) -> bytes:
    flags = data[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    out = [data[:position]]  # header, screen, global colours
    while True:
        block = data[position]
        if block == 0x3B:  # trailer
            out.append(b"\x3b")
            return b"".join(out)
        if block == 0x21:
            end = _sub_blocks(data, position + 2)
            label = data[position + 1]
            loop = label == 0xFF and data[position + 3 : position + 14] in _GIF_LOOPS
            if label in (0xF9, 0x01) or loop:  # frame timing, plain text, looping
                out.append(data[position:end])
        elif block == 0x2C:
            flags = data[position + 9]
            start = position + 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
            end = _sub_blocks(data, start + 1)  # after the LZW code size
            out.append(data[position:end])
        else:
            raise _damaged(f"unknown GIF block {block:#04x}")
        position = end


def _sub_blocks(data: bytes, position: int) -> int:
    """Where a run of GIF data sub-blocks that starts at `position` ends."""
    while True:
        size = data[position]
        position += 1 + size
        if size == 0:
            if position > len(data):
                raise IndexError
            return position


def _webp(data: bytes) -> bytes:
    size = struct.unpack("<I", data[4:8])[0]
    if size + 8 > len(data) or size < 4:
        raise _damaged("the WebP file is shorter than it says")
    body = _webp_chunks(data[12 : size + 8], _WEBP_KEPT)
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def _webp_chunks(data: bytes, kept: frozenset[bytes]) -> bytes:
    out = []
    position = 0
    while position < len(data):
        kind = data[position : position + 4]
        length = struct.unpack("<I", data[position + 4 : position + 8])[0]
        end = position + 8 + length + (length & 1)
        if position + 8 + length > len(data):
            raise _damaged("a WebP chunk runs past the end of the file")
        chunk = data[position:end]
        if kind == b"VP8X":
            flags = chunk[8] & ~_WEBP_METADATA_FLAGS
            chunk = chunk[:8] + bytes((flags,)) + chunk[9:]
        elif kind == b"ANMF":  # a frame: its header, then its own chunks
            frame_data = data[position + 24 : position + 8 + length]
            frame = _webp_chunks(frame_data, frozenset((b"ALPH", b"VP8 ", b"VP8L")))
            chunk = b"ANMF" + struct.pack("<I", 16 + len(frame)) + chunk[8:24] + frame
        if kind in kept:
            out.append(chunk)
        position = end
    return b"".join(out)
