"""Phone photos in MPO form (a JPEG with extra frames, as many phones write) are accepted and stored as a
plain JPEG of the first frame, without EXIF/GPS and without the extra frames."""

import io

from PIL import Image

from hromada.appeals.models import Appeal
from hromada.appeals.tests.factories import upload
from hromada.appeals.uploads import clean_photo

MB = 2**20


def mpo_bytes(size=(80, 60)) -> bytes:
    """Two frames (as a phone's second lens or depth map), the first carrying EXIF with a GPS position."""
    first, second = Image.new("RGB", size, (200, 30, 30)), Image.new("RGB", size, (30, 30, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (49.0, 35.0, 0.0), 3: "E", 4: (34.0, 33.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second], exif=exif)
    data = out.getvalue()
    probe = Image.open(io.BytesIO(data))
    assert probe.format == "MPO" and probe.n_frames == 2 and b"SecretCam" in data  # really an MPO with EXIF
    return data


def _assert_plain_jpeg(data: bytes, size=(80, 60)) -> None:
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and stored.size == size
    assert getattr(stored, "n_frames", 1) == 1 and "mp" not in stored.info
    assert not stored.getexif() and b"SecretCam" not in data and b"MPF" not in data
    red, green, blue = stored.convert("RGB").getpixel((size[0] // 2, size[1] // 2))
    assert red > 150 and blue < 100  # the first frame, not the second


def test_an_mpo_photo_is_cleaned_to_a_plain_jpeg():
    photo = clean_photo(io.BytesIO(mpo_bytes()), max_bytes=10 * MB)
    assert (photo.width, photo.height) == (80, 60)
    _assert_plain_jpeg(photo.content.read())


def test_an_mpo_photo_is_accepted_on_the_submit_form(community, resident, category, web):
    response = web(community, resident).post("appeals/new/", {
        "category": "light", "description": "Темно біля школи", "lat": "49.595", "lon": "34.555",
        "visibility": "public", "photos": [upload(mpo_bytes(), "IMG_0001.JPG")],
    })
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and appeal.photos.count() == 1
    photo = appeal.photos.get()
    with photo.file.open("rb") as handle:
        _assert_plain_jpeg(handle.read())
    served = web(community, resident).get(f"appeals/{appeal.pk}/photos/{photo.pk}")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    _assert_plain_jpeg(b"".join(served.streaming_content))
