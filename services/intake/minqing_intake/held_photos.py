"""我也遇到了 with photos: when the form's photos come with similar open cases to show, they are stored at once
and *held* (``held_photos``), and the page's forms carry a signed list of them (``held_photos``, hidden), so
that "我也遇到了" (or "都不是,继续提交" without choosing photos again) files the request with them: the
photos are kept with the resident's own case, which routing merges into the case they joined. A photo no
request took within ``HOLD`` is deleted, files and row, by the next hold (as sign-in codes are swept)."""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert

from minqing_kit.errors import ApiError, FieldError, invalid

from .adapters.photo_files import photo_store
from .adapters.tables import held_photos
from .bootstrap import Runtime
from .case_photos import read_photo
from .domain.photos import MAX_PHOTOS, PHOTO_ID, CleanPhoto
from .photos import store_all
from .receipts import keyed_hash

HOLD = timedelta(hours=1)
EXPIRED = "照片已过期或已随诉求提交,请重新选择照片"


def hold(runtime: Runtime, photos: list[CleanPhoto]) -> str:
    """The photos stored and held; the signed value the page's forms carry ("" for no photo)."""
    if not photos:
        return ""
    store, now = photo_store(runtime.settings.PHOTO_DIR), datetime.now(UTC)
    store_all(store, photos)
    with runtime.db.transaction() as session:
        session.execute(insert(held_photos), [{"photo_id": p.photo_id, "held_at": now} for p in photos])
        ended = delete(held_photos).where(held_photos.c.held_at < now - HOLD).returning(held_photos.c.photo_id)
        expired = session.execute(ended).scalars().all()
    for photo_id in expired:  # after the commit: a row is never left pointing at a deleted file
        store.delete(photo_id)
    ids = ",".join(p.photo_id for p in photos)
    return f"{ids}.{_signature(runtime, ids)}"


@contextlib.contextmanager
def taken(runtime: Runtime, carried: str) -> Iterator[list[dict]]:
    """The held photos ``carried`` names, as the attachments of the request filed inside the block: no longer
    held once it is filed (the case's now), held again when it is not. Nothing carried: no attachment; a
    forged value, or photos swept or already filed: 422 (field ``photos``)."""
    ids = _verified(runtime, carried)
    if not ids:
        yield []
        return
    with runtime.db.transaction() as session:
        rows = session.execute(
            delete(held_photos).where(held_photos.c.photo_id.in_(ids)).returning(*held_photos.c)
        ).all()
    try:
        if len(rows) != len(ids):
            raise invalid([FieldError("photos", "the held photos are gone", EXPIRED)])
        yield [_attachment(runtime, photo_id) for photo_id in ids]
    except BaseException:
        if rows:
            with runtime.db.transaction() as session:
                session.execute(insert(held_photos), [r._asdict() for r in rows])
        raise


def _attachment(runtime: Runtime, photo_id: str) -> dict:
    try:
        data, content_type = read_photo(runtime, photo_id, thumb=False)
    except ApiError as missing:  # held, but its file is gone (the store lost it): chosen again
        raise invalid([FieldError("photos", "a held photo's file is gone", EXPIRED)]) from missing
    return {"ref": f"att:{photo_id}", "content_type": content_type, "size": len(data)}


def _signature(runtime: Runtime, ids: str) -> str:
    return keyed_hash(runtime.settings.INTAKE_SECRET_KEY.get_secret_value(), "held-photos", ids)


def _verified(runtime: Runtime, carried: str) -> list[str]:
    if not carried:
        return []
    ids, _, signature = carried.partition(".")
    found = ids.split(",")
    if (
        not hmac.compare_digest(signature, _signature(runtime, ids))
        or len(found) > MAX_PHOTOS
        or not all(PHOTO_ID.fullmatch(i) for i in found)
    ):
        raise invalid([FieldError("photos", "not photos this page held", EXPIRED)])
    return found
