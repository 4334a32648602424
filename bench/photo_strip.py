"""A resident's 5 MB photo accepted and stripped: intake's photo check (photos.clean: type from the first
bytes, size and pixel limits, decoded whole, EXIF orientation applied, re-encoded from the pixels alone,
a 320 px thumbnail) and the filesystem store's write of both files, in-process, one photo after another.

    .venv/bin/python bench/photo_strip.py [--megabytes 5] [--runs 40]

The photo is generated: camera-like noise over a gradient at JPEG quality 95 (noise is the encoder's
worst case: a real photo of that size has fewer details per pixel and codes faster), sized until the file
is about ``--megabytes``, with a maker, a model and a GPS position in its EXIF. Prints the photo's size
and pixels, the latency percentiles per photo (check + re-encode + store), and verifies that the stored
file has no EXIF. Target (issue 18): < 1 s p99.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "services" / "intake")]

from PIL import Image  # noqa: E402

from minqing_intake.adapters.photo_files import FilesystemPhotoStore  # noqa: E402
from minqing_intake.photos import clean  # noqa: E402

GPS_IFD = 0x8825


def camera_photo(megabytes: float) -> bytes:
    """A JPEG of about ``megabytes`` with EXIF GPS: widened until it is that large."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Model X"
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    width = 1600
    while True:
        height = width * 3 // 4
        base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
        noise = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
        image = Image.blend(base, noise, 0.25)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=95, exif=exif.tobytes())
        if out.tell() >= megabytes * 2**20 * 0.95:
            return out.getvalue()
        width = int(width * (megabytes * 2**20 / out.tell()) ** 0.5 * 1.02) + 16


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    data = camera_photo(args.megabytes)
    with Image.open(io.BytesIO(data)) as original:
        size = original.size
        assert original.getexif().get_ifd(GPS_IFD)
    print(f"photo: {len(data) / 2**20:.2f} MB, {size[0]}x{size[1]} ({size[0] * size[1] / 1e6:.1f} MP), EXIF with GPS")
    with tempfile.TemporaryDirectory() as folder:
        store = FilesystemPhotoStore(folder)
        clean(data)  # warm: Pillow's plugins imported once per process
        seconds, cpu = [], time.process_time()
        for _ in range(args.runs):
            started = time.perf_counter()
            photo = clean(data)
            store.put(photo)
            seconds.append(time.perf_counter() - started)
        cpu = (time.process_time() - cpu) / args.runs
        stored = store.get(photo.photo_id, "full") or b""
        with Image.open(io.BytesIO(stored)) as image:
            assert not image.getexif() and "exif" not in image.info, "the stored file still has EXIF"
    seconds.sort()
    p = lambda q: seconds[min(len(seconds) - 1, int(q * len(seconds)))] * 1000  # noqa: E731
    print(
        f"{args.runs} photos one after another: p50 {p(0.50):.0f} ms, p99 {p(0.99):.0f} ms, "
        f"max {seconds[-1] * 1000:.0f} ms, mean {statistics.mean(seconds) * 1000:.0f} ms, "
        f"CPU {cpu * 1000:.0f} ms a photo; "
        f"stored {len(stored) / 2**20:.2f} MB + thumbnail, no EXIF"
    )
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} (1, 5, 15 min)")


if __name__ == "__main__":
    main()
