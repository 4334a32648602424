"""A request's photos: the limits, what a file's first bytes say it is, the refusal a resident reads, and
the storage port (``PhotoStore``) that the filesystem adapter implements (adapters/photo_files.py).

Decoding and re-encoding (EXIF and GPS gone) is the photos use case's (minqing_intake/photos.py): the
domain only says what is allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000  # a decompression bomb (a few KB that decode to gigabytes) is refused unread
THUMBNAIL_EDGE = 320
PHOTO_ID = re.compile(r"[0-9a-f]{32}")  # a uuid4's hex: the only name a stored photo has
Kind = Literal["jpeg", "png", "heic"]
Variant = Literal["full", "thumb"]
CONTENT_TYPES: dict[str, str] = {"jpeg": "image/jpeg", "png": "image/png"}
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


def sniff(head: bytes) -> Kind | None:
    """The kind of image the file's first bytes say it is, whatever its name or declared type claims."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heic"
    return None


class PhotoRefused(Exception):
    """One photo is refused: ``reason_zh`` says why in the resident's words; nothing of it is stored."""

    def __init__(self, reason: str, reason_zh: str) -> None:
        super().__init__(reason)
        self.reason, self.reason_zh = reason, reason_zh


def too_large(size: int) -> PhotoRefused | None:
    if size > MAX_PHOTO_BYTES:
        mb = MAX_PHOTO_BYTES // 2**20
        return PhotoRefused(f"larger than {mb} MB", f"文件超过{mb}MB,请压缩或换一张")
    if size == 0:
        return PhotoRefused("empty file", "文件是空的,请重新选择")
    return None


def too_many_pixels(width: int, height: int) -> PhotoRefused | None:
    if width * height > MAX_PHOTO_PIXELS:
        return pixels_refused(f"{width}×{height}")
    return None


def pixels_refused(size: str = "") -> PhotoRefused:
    """More pixels than allowed; ``size`` (``8000×5001``) when the header could be read."""
    limit = MAX_PHOTO_PIXELS // 10**4
    return PhotoRefused(
        f"{size or 'the image'} is more than {MAX_PHOTO_PIXELS // 10**6} megapixels",
        f"图片像素过大{f'({size})' if size else ''},最多{limit}万像素,请缩小后再上传",
    )


def refused_summary(refusals: list[tuple[int, str, PhotoRefused]]) -> str:
    """``[(position from 1, file name, refusal)]`` as one sentence naming each photo: 第2张(a.jpg):…"""
    return ";".join(f"第{n}张({name or '未命名'}):{r.reason_zh}" for n, name, r in refusals)


@dataclass(frozen=True)
class CleanPhoto:
    """A photo re-encoded from its pixels alone (no EXIF, no GPS, no ICC, no comments) and its thumbnail."""

    photo_id: str
    content_type: str
    full: bytes
    thumb: bytes
    width: int
    height: int

    def attachment(self) -> dict[str, str | int]:
        """The case's attachment entry (case.received.v1 ``attachments``): a reference, never the bytes."""
        return {"ref": f"att:{self.photo_id}", "content_type": self.content_type, "size": len(self.full)}


class PhotoStore(Protocol):
    """Where photos live (a folder in the stack; an object store could implement the same port)."""

    def put(self, photo: CleanPhoto) -> None: ...

    def get(self, photo_id: str, variant: Variant) -> bytes | None: ...

    def delete(self, photo_id: str) -> None: ...
