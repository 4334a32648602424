"""The photo store on a filesystem (PHOTO_DIR; a volume in compose, a PVC in Kubernetes):
``<dir>/<first two hex digits>/<photo id>.<full|thumb>``, written whole or not at all (a temporary file
renamed into place)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..domain.photos import PHOTO_ID, CleanPhoto, Variant

VARIANTS: tuple[Variant, ...] = ("full", "thumb")


class FilesystemPhotoStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, photo_id: str, variant: Variant) -> Path:
        if not PHOTO_ID.fullmatch(photo_id) or variant not in VARIANTS:  # never a path out of the folder
            raise ValueError("not a photo id")
        return self.root / photo_id[:2] / f"{photo_id}.{variant}"

    def put(self, photo: CleanPhoto) -> None:
        for variant, data in (("full", photo.full), ("thumb", photo.thumb)):
            path = self._path(photo.photo_id, variant)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise

    def get(self, photo_id: str, variant: Variant) -> bytes | None:
        try:
            return self._path(photo_id, variant).read_bytes()
        except (ValueError, FileNotFoundError):
            return None

    def delete(self, photo_id: str) -> None:
        for variant in VARIANTS:
            self._path(photo_id, variant).unlink(missing_ok=True)


def photo_store(photo_dir: str) -> FilesystemPhotoStore:
    """The stack's photo store (PHOTO_DIR): a folder object, nothing opened until a photo is put or read."""
    return FilesystemPhotoStore(photo_dir)
