"""Use case: a resident's photos, checked and re-encoded before anything is stored.

Each file is identified by its first bytes (never its name or declared type), its size and its pixel
count are checked before it is decoded (a decompression bomb is refused unread), then it is decoded
whole (a corrupt or truncated file is refused) and encoded anew from its pixels alone: the EXIF block
with its GPS position, the camera's serial, comments and colour profiles are not carried over. HEIC
(iPhones' default) is decoded with pillow-heif and stored as JPEG. All photos of a request are checked
before one is stored: a refused photo stores nothing and names itself (domain/photos.py)."""

from __future__ import annotations

import io
import uuid
import warnings
from collections.abc import Iterable

from PIL import Image, ImageOps

from .domain.photos import (
    MAX_PHOTOS,
    THUMBNAIL_EDGE,
    CleanPhoto,
    PhotoRefused,
    PhotoStore,
    pixels_refused,
    sniff,
    too_large,
    too_many_pixels,
)

PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "heic": "HEIF"}
JPEG_QUALITY = 85
ORIENTATION = 0x0112  # the EXIF tag
NOT_AN_IMAGE = PhotoRefused("not a JPEG, PNG or HEIC image", "不是JPEG、PNG或HEIC格式的照片,请换一张")
CORRUPT = PhotoRefused("the image cannot be read whole", "图片已损坏或不完整,无法打开,请换一张")


def _open_heif() -> None:
    from pillow_heif import register_heif_opener  # registered on first HEIC: no work at import time

    register_heif_opener()


def clean(data: bytes) -> CleanPhoto:
    """The photo re-encoded without metadata, with its thumbnail; ``PhotoRefused`` when it is not allowed."""
    refused = too_large(len(data))
    if refused:
        raise refused
    kind = sniff(data[:16])
    if kind is None:
        raise NOT_AN_IMAGE
    if kind == "heic":
        _open_heif()
    try:
        image = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]])
    except Image.DecompressionBombError:  # past twice Pillow's own limit: refused at the header
        raise pixels_refused() from None
    except (OSError, SyntaxError, ValueError):
        raise CORRUPT from None
    refused = too_many_pixels(*image.size)
    if refused:
        raise refused
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is checked above
            image.load()
            upright = _upright(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise CORRUPT from None
    stored_as = "png" if kind == "png" else "jpeg"
    pixels = _pixels_only(upright, stored_as)
    thumb = pixels.copy()
    thumb.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
    return CleanPhoto(
        photo_id=uuid.uuid4().hex,
        content_type="image/png" if stored_as == "png" else "image/jpeg",
        full=_encode(pixels, stored_as),
        thumb=_encode(thumb, stored_as),
        width=pixels.width,
        height=pixels.height,
    )


def _upright(image: Image.Image) -> Image.Image:
    """The EXIF orientation applied before the EXIF is dropped (a phone held upright writes 6 or 8)."""
    if image.getexif().get(ORIENTATION, 1) == 1:
        return image
    return ImageOps.exif_transpose(image)


def _pixels_only(image: Image.Image, stored_as: str) -> Image.Image:
    """A new image holding the pixels and nothing else (``info`` and EXIF empty)."""
    if stored_as == "jpeg":
        mode = "RGB" if image.mode not in ("L", "RGB") else image.mode
    else:
        mode = "RGBA" if image.mode in ("P", "PA", "LA", "RGBA") or "transparency" in image.info else "RGB"
    source = image.convert(mode) if image.mode != mode else image
    fresh = Image.new(mode, source.size)
    fresh.paste(source)
    return fresh


def _encode(image: Image.Image, stored_as: str) -> bytes:
    out = io.BytesIO()
    if stored_as == "png":
        image.save(out, "PNG", optimize=False)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def clean_all(uploads: Iterable[tuple[str, bytes]]) -> tuple[list[CleanPhoto], list[tuple[int, str, PhotoRefused]]]:
    """``[(file name, bytes)]`` → (the clean photos, the refusals as (position from 1, name, why)).
    More than MAX_PHOTOS: the ones past it are refused by name, the first ones still checked."""
    photos: list[CleanPhoto] = []
    refusals: list[tuple[int, str, PhotoRefused]] = []
    for position, (name, data) in enumerate(uploads, start=1):
        if position > MAX_PHOTOS:
            refusals.append((position, name, PhotoRefused("too many photos", f"每次最多{MAX_PHOTOS}张照片")))
            continue
        try:
            photos.append(clean(data))
        except PhotoRefused as refused:
            refusals.append((position, name, refused))
    return photos, refusals


def store_all(store: PhotoStore, photos: list[CleanPhoto]) -> None:
    """Every photo stored, or none (the ones already written are removed when one fails)."""
    done: list[CleanPhoto] = []
    try:
        for photo in photos:
            store.put(photo)
            done.append(photo)
    except BaseException:
        forget(store, done)
        raise


def forget(store: PhotoStore, photos: list[CleanPhoto]) -> None:
    for photo in photos:
        store.delete(photo.photo_id)
