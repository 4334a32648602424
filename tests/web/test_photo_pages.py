"""Photos on the resident form in Chromium on a phone viewport (JavaScript off, as every resident page
works): a photo taken with a GPS position is filed with the request and the file stored on disk has no
EXIF at all (read back with Pillow); a photo that is not one is refused by name with the text kept;
both pages axe-clean with 24 px targets."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from minqing_intake.adapters.tables import cases
from minqing_intake.web import create_app

from .browser import navigate
from .served import IN_BROWSER, checked, intake_runtime

GPS_IFD = 0x8825
TEXT = "幸福小区1号楼门口的井盖松动了,晚上有人差点绊倒"

pytestmark = IN_BROWSER


@pytest.fixture
def photo_dir(tmp_path):
    return tmp_path / "photos"


@pytest.fixture
def runtime(make_settings, photo_dir):
    with intake_runtime(make_settings, PHOTO_DIR=str(photo_dir)) as runtime:
        yield runtime


@pytest.fixture
def phone(runtime, phone_page):
    with phone_page(create_app(runtime=runtime)) as page:
        yield page


def phone_photo(path: Path) -> Path:
    """A phone's JPEG: maker, model and the GPS position of where it was taken in its EXIF."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Model X"
    exif[GPS_IFD] = {1: "N", 2: (51.0, 40.0, 51.0), 3: "E", 4: (124.0, 23.0, 46.0)}
    Image.new("RGB", (640, 480), (90, 90, 90)).save(path, "JPEG", exif=exif.tobytes())
    assert Image.open(path).getexif().get_ifd(GPS_IFD)
    return path


def fill(phone, photos: list[Path]) -> None:
    phone.goto(phone.base + "/?district=xinlin")
    phone.fill("#content", TEXT)
    phone.check("#request_type-complaint")
    phone.fill("#address", "新林镇幸福小区1号楼")
    phone.set_input_files("#photos", [str(p) for p in photos])
    navigate(phone, "button[type=submit]")


def test_a_photo_is_filed_and_the_stored_file_has_no_gps(phone, runtime, photo_dir, tmp_path):
    phone.goto(phone.base + "/?district=xinlin")
    problems = checked(phone, "40-resident-form-photos")
    fill(phone, [phone_photo(tmp_path / "IMG_2041.JPG")])
    ticket = phone.inner_text("#ticket")
    with runtime.db.engine.connect() as connection:
        attachments = connection.execute(select(cases.c.attachments).where(cases.c.ticket == ticket)).scalar_one()
    (photo_id,) = re.findall(r"att:([0-9a-f]{32})", attachments)
    stored = photo_dir / photo_id[:2] / f"{photo_id}.full"
    with Image.open(io.BytesIO(stored.read_bytes())) as image:
        assert image.format == "JPEG" and image.size == (640, 480)
        assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD) and "exif" not in image.info
    assert b"PhoneMaker" not in stored.read_bytes()
    secret = phone.inner_text("#secret")
    phone.goto(phone.base + f"/track/{ticket}")
    phone.fill("#secret", secret)
    navigate(phone, "form.card button[type=submit]")
    thumb = phone.locator("#photos img")
    thumb.first.wait_for()  # the tracking page after the form's post, then its thumbnail loaded
    phone.wait_for_function("() => [...document.querySelectorAll('#photos img')].every(img => img.complete)")
    assert thumb.count() == 1 and thumb.evaluate("img => img.naturalWidth") == 320
    problems += checked(phone, "41-resident-track-photo")
    assert problems == []


def test_a_photo_that_is_not_one_is_refused_by_name_and_the_text_kept(phone, runtime, photo_dir, tmp_path):
    fake = tmp_path / "现场.jpg"
    fake.write_bytes(b"MZ\x90\x00 a program, not a photo" * 20)
    fill(phone, [phone_photo(tmp_path / "IMG_2041.JPG"), fake])
    assert "第2张(现场.jpg):不是JPEG、PNG或HEIC格式的照片" in phone.inner_text("#photos-error")
    assert phone.input_value("#content") == TEXT and phone.input_value("#address") == "新林镇幸福小区1号楼"
    assert "photos" not in phone.inner_text(".alert")
    assert not photo_dir.exists() or not any(p.is_file() for p in photo_dir.rglob("*"))
    with runtime.db.engine.connect() as connection:
        assert connection.execute(select(cases.c.id)).all() == []
    assert checked(phone, "42-resident-photo-refused") == []
