"""The submit form's photo field (``photos``, multipart): the files read within the limits, checked and
re-encoded (minqing_intake/photos.py), stored only when the request is filed. A refused photo refuses the
form with the photo named and why; the text the resident wrote is shown again."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from flask import Response, request

from minqing_kit.errors import FieldError, invalid

from ..adapters.photo_files import photo_store
from ..case_photos import PHOTO_HEADERS, read_photo
from ..current import runtime
from ..domain.photos import MAX_PHOTO_BYTES, MAX_PHOTOS, CleanPhoto, refused_summary
from ..photos import clean_all, forget, store_all

FORM_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 2 * 2**20  # six photos at their limit and the form's text


def allow_photo_upload() -> None:
    """The submit form's body may hold the photos (every other body stays within MAX_BODY_BYTES)."""
    if request.endpoint == "intake_pages.submit_request":
        request.max_content_length = FORM_BYTES


def photos_posted() -> list[CleanPhoto]:
    """The form's photos, clean; ``ApiError`` (422, field ``photos``) naming each refused one."""
    uploads = [
        (item.filename or "", item.stream.read(MAX_PHOTO_BYTES + 1))
        for item in request.files.getlist("photos")
        if item.filename  # a file input left empty posts a nameless, empty part
    ]
    photos, refusals = clean_all(uploads)
    if refusals:
        raise invalid(
            [FieldError("photos", "photos refused", refused_summary(refusals) + "。其他内容已保留,请重新选择照片")]
        )
    return photos


@contextlib.contextmanager
def photos_kept(photos: list[CleanPhoto]) -> Iterator[None]:
    """The photos stored for the request being filed inside the block; removed again when it is not."""
    store = photo_store(runtime().settings.PHOTO_DIR)
    store_all(store, photos)
    try:
        yield
    except BaseException:
        forget(store, photos)
        raise


def photo_response(photo_id: str, thumb: bool) -> Response:
    """A stored photo as it was re-encoded (no metadata); its random id is the link's only secret."""
    data, content_type = read_photo(runtime(), photo_id, thumb)
    return Response(data, mimetype=content_type, headers=PHOTO_HEADERS)
