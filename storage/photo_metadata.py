"""No metadata in any image the bot keeps: EXIF (phones write the GPS position there), XMP,
IPTC, comments, and in PNG the text and EXIF chunks.

The photo store re-encodes every photo (storage/photo_store.py), which turns it upright and
drops its metadata; `without_metadata` is the last step before a photo is named and stored,
so that no encoder option, Pillow version or future code path can let a segment through: it
removes at the marker level, without decoding, whatever segment is not needed to show the
image. The stamp decoder reads the photo as it arrived, in memory only; those bytes are never
stored.

Documents (a business plan in Word, Excel or OpenDocument) carry the photos pasted into them
as they came from the phone. `document_without_metadata` rewrites such an archive with each
JPEG and PNG member cleaned the same way, losslessly; a JPEG keeps its orientation as a tiny
EXIF block holding that one tag (no other), so the picture is not turned on its side. PDF
files are kept as they came (their images are inside compressed streams; see the report).
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

__all__ = [
    "MetadataError",
    "document_without_metadata",
    "jpeg_metadata",
    "jpeg_without_metadata",
    "png_metadata",
    "png_without_metadata",
    "without_metadata",
]

_SOI = b"\xff\xd8"
_PNG = b"\x89PNG\r\n\x1a\n"
_APP0, _APP1, _APP2, _APP14, _COM = 0xE0, 0xE1, 0xE2, 0xEE, 0xFE
_SOS, _EOI = 0xDA, 0xD9
# Markers without a length (RSTn, TEM) and those a decoder needs (tables, frames, scans).
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_EXIF = b"Exif\x00\x00"
_JFIF = b"JFIF\x00"
_ICC = b"ICC_PROFILE\x00"
_ADOBE = b"Adobe"
# PNG chunks that hold text or EXIF, none needed to show the picture.
_PNG_METADATA = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
_ORIENTATION_TAG = 0x0112
_ZIP_KINDS = frozenset({"docx", "xlsx", "odt", "ods"})


class MetadataError(ValueError):
    """The bytes are not the image they claim to be (a truncated segment)."""


@dataclass(frozen=True)
class _Segment:
    marker: int
    start: int
    end: int  # exclusive, the whole segment with its marker and length

    def payload(self, data: bytes) -> bytes:
        return data[self.start + 4 : self.end]


def _segments(data: bytes) -> tuple[list[_Segment], int]:
    """The segments before the first scan, and where the scan (SOS) begins."""
    if not data.startswith(_SOI):
        raise MetadataError("not a JPEG")
    found: list[_Segment] = []
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise MetadataError("a segment does not start with a marker")
        marker = data[at + 1]
        if marker == 0xFF:  # fill bytes before a marker
            at += 1
            continue
        if marker in _STANDALONE:
            found.append(_Segment(marker, at, at + 2))
            at += 2
            continue
        if marker in (_SOS, _EOI):
            return found, at
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise MetadataError("a segment runs past the end")
        found.append(_Segment(marker, at, end))
        at = end
    raise MetadataError("no image data")


def _needed(segment: _Segment, data: bytes, keep_icc: bool) -> bool:
    marker = segment.marker
    if marker == _APP0:
        return segment.payload(data).startswith(_JFIF)
    if marker == _APP2:
        return keep_icc and segment.payload(data).startswith(_ICC)
    if marker == _APP14:
        return segment.payload(data).startswith(_ADOBE)  # how CMYK/YCC colours are stored
    return not (0xE0 <= marker <= 0xEF or marker == _COM)


def jpeg_metadata(data: bytes) -> list[str]:
    """What metadata a JPEG carries, by kind ("exif", "xmp", "comment", "app13"...); []."""
    segments, _ = _segments(data)
    kinds = []
    for segment in segments:
        if _needed(segment, data, keep_icc=True):
            continue
        payload = segment.payload(data)
        if segment.marker == _APP1:
            kinds.append("exif" if payload.startswith(_EXIF) else "xmp")
        elif segment.marker == _COM:
            kinds.append("comment")
        else:
            kinds.append(f"app{segment.marker - _APP0}")
    return kinds


def _orientation(exif: bytes) -> int:
    """The Orientation tag of an EXIF block (TIFF structure), 1 when absent or unreadable."""
    tiff = exif[len(_EXIF) :]
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return 1
    order = "<" if tiff[:2] == b"II" else ">"
    try:
        (first,) = struct.unpack(order + "I", tiff[4:8])
        (count,) = struct.unpack(order + "H", tiff[first : first + 2])
        for index in range(count):
            at = first + 2 + 12 * index
            tag, kind, _, value = struct.unpack(order + "HHI4s", tiff[at : at + 12])
            if tag == _ORIENTATION_TAG and kind == 3:  # SHORT
                (orientation,) = struct.unpack(order + "H", value[:2])
                return orientation if 1 <= orientation <= 8 else 1
    except struct.error:
        return 1
    return 1


def _orientation_only(orientation: int) -> bytes:
    """An APP1 segment whose EXIF holds the orientation and nothing else."""
    tiff = b"II*\x00" + struct.pack("<I", 8)
    tiff += struct.pack("<H", 1) + struct.pack("<HHIHH", _ORIENTATION_TAG, 3, 1, orientation, 0)
    tiff += struct.pack("<I", 0)  # no next directory
    payload = _EXIF + tiff
    return b"\xff" + bytes([_APP1]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_without_metadata(
    data: bytes, *, keep_orientation: bool = False, keep_icc: bool = False
) -> bytes:
    """The JPEG with its metadata segments removed, losslessly (no pixel decoded).

    `keep_orientation`: an orientation other than upright survives as a minimal EXIF block
    (for images that are not turned upright otherwise). `keep_icc`: the colour profile stays
    (a document's picture keeps its colours; the photo store converts to sRGB instead).
    """
    segments, scan = _segments(data)
    orientation = 1
    if keep_orientation:
        for segment in segments:
            payload = segment.payload(data)
            if segment.marker == _APP1 and payload.startswith(_EXIF):
                orientation = _orientation(payload)
                break
    kept = [data[s.start : s.end] for s in segments if _needed(s, data, keep_icc)]
    if orientation != 1:
        at = 1 if kept and kept[0][1] == _APP0 else 0  # JFIF's APP0 must come first
        kept.insert(at, _orientation_only(orientation))
    return _SOI + b"".join(kept) + data[scan:]


def png_metadata(data: bytes) -> list[str]:
    return [kind.decode("ascii") for kind, _, _ in _png_chunks(data) if kind in _PNG_METADATA]


def _png_chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    if not data.startswith(_PNG):
        raise MetadataError("not a PNG")
    chunks = []
    at = len(_PNG)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            raise MetadataError("a chunk runs past the end")
        chunks.append((kind, at, end))
        at = end
        if kind == b"IEND":
            break
    return chunks


def png_without_metadata(data: bytes) -> bytes:
    chunks = _png_chunks(data)
    kept = [data[start:end] for kind, start, end in chunks if kind not in _PNG_METADATA]
    return _PNG + b"".join(kept)


def without_metadata(data: bytes) -> bytes:
    """A stored photo's bytes with no metadata segment (the photo store's last step)."""
    if data.startswith(_SOI):
        return jpeg_without_metadata(data)
    if data.startswith(_PNG):
        return png_without_metadata(data)
    return data


def _clean_member(data: bytes) -> bytes:
    try:
        if data.startswith(_SOI):
            return jpeg_without_metadata(data, keep_orientation=True, keep_icc=True)
        if data.startswith(_PNG):
            return png_without_metadata(data)
    except MetadataError:
        return data  # a broken picture inside a document is the document's own business
    return data


def document_without_metadata(data: bytes, kind: str | None) -> bytes:
    """A Word, Excel or OpenDocument file with the pictures inside it cleaned; other kinds
    (PDF, the old binary formats) and anything unreadable are returned as they are."""
    if kind not in _ZIP_KINDS:
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = source.infolist()
            cleaned: list[tuple[zipfile.ZipInfo, bytes]] = []
            changed = False
            for member in members:
                content = source.read(member)
                clean = _clean_member(content) if not member.is_dir() else content
                changed = changed or clean != content
                cleaned.append((member, clean))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, EOFError):
        return data
    if not changed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member, content in cleaned:
            # The member's own name, date and compression: ODF's "mimetype" stays first and
            # stored, as readers require.
            target.writestr(member, content, compress_type=member.compress_type)
    return out.getvalue()
