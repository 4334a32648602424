"""Photo checks (issue 18 item 3): a 40-megapixel image, a file that lies about its type and a corrupt
JPEG are refused with a clear Chinese reason and nothing is stored; an accepted photo is re-encoded
without its EXIF (GPS gone), turned upright, thumbnailed, and filed with the request as an attachment."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import select

from minqing_intake.adapters.photo_files import FilesystemPhotoStore
from minqing_intake.adapters.tables import cases
from minqing_intake.domain.photos import MAX_PHOTO_BYTES, PhotoRefused
from minqing_intake.photos import clean, clean_all

GPS_IFD = 0x8825


def jpeg_with_gps(size=(64, 48), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "camera-firmware-1.0"  # Software
    if orientation:
        exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG", exif=exif.tobytes(), comment=b"home: 3-2-501")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header says width x height (a decompression bomb's shape): the pixels are not there."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = out.getvalue()
    body = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:8] + struct.pack(">I", 13) + body + struct.pack(">I", zlib.crc32(body)) + data[33:]


def test_gps_and_every_exif_tag_are_gone_after_cleaning():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture does carry a position
    photo = clean(original)
    stored = Image.open(io.BytesIO(photo.full))
    assert stored.format == "JPEG" and photo.content_type == "image/jpeg"
    assert not stored.getexif() and "exif" not in stored.info and "comment" not in stored.info
    assert b"PhoneMaker" not in photo.full and b"3-2-501" not in photo.full
    assert stored.size == (64, 48) and max(Image.open(io.BytesIO(photo.thumb)).size) <= 320


def test_the_exif_orientation_is_applied_before_the_exif_is_dropped():
    photo = clean(jpeg_with_gps(size=(64, 48), orientation=6))  # 6: rotate 90° to show upright
    assert (photo.width, photo.height) == (48, 64)


def test_a_forty_megapixel_image_is_refused_before_it_is_decoded():
    with pytest.raises(PhotoRefused) as refused:
        clean(png_claiming(8000, 5001))
    assert "8000×5001" in refused.value.reason_zh and "4000万像素" in refused.value.reason_zh


def test_a_huge_bomb_past_pillows_own_guard_is_refused_as_well():
    with pytest.raises(PhotoRefused) as refused:
        clean(png_claiming(60000, 60000))
    assert "像素过大" in refused.value.reason_zh


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 this is a program named photo.jpg" * 10,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"GIF89a" + b"\0" * 40,
    ],
)
def test_a_file_that_lies_about_its_type_is_refused(data):
    with pytest.raises(PhotoRefused) as refused:
        clean(data)
    assert refused.value.reason_zh.startswith("不是JPEG、PNG或HEIC格式的照片")


def test_a_png_inside_a_jpeg_name_is_taken_for_what_its_bytes_are():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG")
    assert clean(out.getvalue()).content_type == "image/png"


def test_a_corrupt_or_truncated_jpeg_is_refused():
    whole = jpeg_with_gps(size=(400, 300))
    for broken in (whole[: len(whole) // 2], whole[:20] + b"\x00" * 200):
        with pytest.raises(PhotoRefused) as refused:
            clean(broken)
        assert "图片已损坏或不完整" in refused.value.reason_zh


def test_too_large_and_too_many_are_refused_by_position():
    good = jpeg_with_gps()
    photos, refusals = clean_all([("a.jpg", good)] * 6 + [("b.jpg", good), ("c.jpg", b"x" * (MAX_PHOTO_BYTES + 1))])
    assert len(photos) == 6
    assert [(n, name) for n, name, _ in refusals] == [(7, "b.jpg"), (8, "c.jpg")]
    assert "最多6张" in refusals[0][2].reason_zh


def test_heic_is_converted_to_jpeg():
    pillow_heif = pytest.importorskip("pillow_heif")
    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (32, 32), (10, 200, 10))).save(out, quality=80)
    photo = clean(out.getvalue())
    assert photo.content_type == "image/jpeg" and Image.open(io.BytesIO(photo.full)).format == "JPEG"


def test_the_store_names_photos_by_id_only(tmp_path):
    store = FilesystemPhotoStore(tmp_path)
    photo = clean(jpeg_with_gps())
    store.put(photo)
    assert store.get(photo.photo_id, "full") == photo.full and store.get(photo.photo_id, "thumb") == photo.thumb
    assert store.get("../../etc/passwd", "full") is None
    store.delete(photo.photo_id)
    assert store.get(photo.photo_id, "full") is None


# --- the submit form: photos posted with the request --------------------------------------------------


@pytest.fixture
def photo_dir(tmp_path):
    return tmp_path / "photos"


@pytest.fixture
def settings(settings, photo_dir):
    """conftest's settings, the photos in a temporary folder."""
    return settings.model_copy(update={"PHOTO_DIR": str(photo_dir)})


def post_form(client, photos):
    page = client.get("/?district=xinlin").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="photos"' in page
    form = {
        "district": "xinlin",
        "content": "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶",
        "address": "新林镇幸福小区1号楼",
        "request_type": "complaint",
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
        "photos": [(io.BytesIO(data), name) for name, data in photos],
    }
    return client.post("/", data=form, content_type="multipart/form-data")


def stored_files(photo_dir):
    return [p for p in photo_dir.rglob("*") if p.is_file()] if photo_dir.exists() else []


def test_a_bad_photo_is_named_the_text_kept_and_nothing_filed_or_stored(client, runtime, photo_dir):
    answer = post_form(client, [("好的.jpg", jpeg_with_gps()), ("坏的.jpg", b"not a picture at all")])
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "第2张(坏的.jpg):不是JPEG、PNG或HEIC格式的照片" in page and "第1张" not in page
    assert "楼道灯坏了一个星期" in page  # what the resident wrote is shown again
    assert 'id="photos-error"' in page and "photos:" not in page  # next to the field, no field path
    assert stored_files(photo_dir) == []
    with runtime.db.engine.connect() as connection:
        assert connection.execute(select(cases.c.id)).all() == []


def test_photos_are_filed_with_the_request_stripped_and_shown_to_the_reporter(client, runtime, photo_dir):
    answer = post_form(client, [("IMG_0001.JPG", jpeg_with_gps()), ("IMG_0002.JPG", jpeg_with_gps())])
    assert answer.status_code == 303
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases.c.ticket, cases.c.attachments)).one()
    refs = re.findall(r"att:([0-9a-f]{32})", row.attachments)
    assert len(refs) == 2 and len(stored_files(photo_dir)) == 4  # each photo and its thumbnail
    for ref in refs:
        served = client.get(f"/photos/{ref}")
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
        assert not Image.open(io.BytesIO(served.data)).getexif().get_ifd(GPS_IFD)
    receipt = client.get(answer.headers["Location"]).get_data(as_text=True)
    secret = re.search(r'id="secret">([^<]+)<', receipt).group(1)
    track = client.get(f"/track/{row.ticket}").get_data(as_text=True)
    assert refs[0] not in track  # 不公开 (the form's default): no public view, its photos neither
    token = re.search(r'name="csrf_token" value="([^"]+)"', track).group(1)
    full = client.post(f"/track/{row.ticket}", data={"secret": secret, "csrf_token": token})
    assert f"/photos/{refs[0]}?size=thumb" in full.get_data(as_text=True)
    assert client.get("/photos/" + "0" * 32).status_code == 404


def test_the_districts_staff_read_the_cases_photos_through_the_api_and_no_one_else(client, runtime, token):
    assert post_form(client, [("IMG_0001.JPG", jpeg_with_gps())]).status_code == 303
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases.c.ticket, cases.c.attachments)).one()
    (ref,) = re.findall(r"att:([0-9a-f]{32})", row.attachments)
    url = f"/api/v1/cases/{row.ticket}/photos/{ref}"
    staff = client.get(url, headers=token())
    assert staff.status_code == 200 and staff.mimetype == "image/jpeg"
    assert not Image.open(io.BytesIO(staff.data)).getexif()
    thumb = client.get(url + "?size=thumb", headers=token())
    assert max(Image.open(io.BytesIO(thumb.data)).size) <= 320
    assert client.get(url).status_code == 401
    assert client.get(url, headers=token(district="luwan", unit="luwan")).status_code == 404
    assert client.get(f"/api/v1/cases/{row.ticket}/photos/{'0' * 32}", headers=token()).status_code == 404
