"""Avatar uploads, through the profile edit page and the admin: re-encoded when good, refused
clearly when bad, and decoded within a memory bound."""

import re
import struct
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from members import avatars
from members.avatars import LARGE_SIZE, MAX_UPLOAD_BYTES, THUMBNAIL_SIZE
from members.models import Member
from tests.members.conftest import reauthenticate
from tests.members.test_admin import change_form_data
from tests.members.test_profile import profile_data

pytestmark = pytest.mark.django_db

EDIT_URL = reverse("members:profile_edit")
EXIF_MAKE = 0x010F
EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825
RED, BLUE = (200, 30, 30), (30, 30, 200)
SCRIPT = b"<script>alert(document.cookie)</script>"


def picture(image_format: str, size=(400, 300), exif: Image.Exif | None = None) -> bytes:
    buffer = BytesIO()
    mode = "RGBA" if image_format == "PNG" else "RGB"
    options = {"exif": exif} if exif is not None else {}
    if image_format == "MPO":  # a phone's photo: the picture, then a second view of it
        options |= {"save_all": True, "append_images": [Image.new(mode, size, "#2c3e50")]}
    Image.new(mode, size, "#c0392b").save(buffer, format=image_format, **options)
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[EXIF_MAKE] = "Canon"
    exif[EXIF_GPS_IFD] = {1: "N", 2: (45.0, 45.0, 52.0), 3: "E", 4: (4.0, 50.0, 31.0)}
    data = picture("JPEG", size=(800, 600), exif=exif)
    assert Image.open(BytesIO(data)).getexif().get_ifd(EXIF_GPS_IFD)
    return data


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_declaring(width: int, height: int) -> bytes:
    """A few dozen bytes whose header claims a huge picture: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1)))
        + png_chunk(b"IEND", b"")
    )


def png_filled(width: int, height: int) -> bytes:
    """A complete RGBA PNG of one colour, compressed row by row: a few hundred kilobytes that
    decode to width × height × 4 bytes, without holding the picture in the test's memory."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    row = b"\x00" + bytes([*RED, 255]) * width
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def png_carrying_html() -> bytes:
    """A valid PNG with a page in a text chunk and after its end: served as it came, under its
    own name (avatar.html), a browser would run the script."""
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SCRIPT.decode())
    buffer = BytesIO()
    Image.new("RGB", (300, 300), RED).save(buffer, format="PNG", pnginfo=text)
    return buffer.getvalue() + b"<html><body>" + SCRIPT + b"</body></html>"


def html_then_png() -> bytes:
    """A page followed by a PNG: browsers render it as HTML, image tools may find the PNG."""
    return b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>\n" + picture("PNG")


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [
        ("photo.jpg", "JPEG", "image/jpeg"),
        ("photo.png", "PNG", "image/png"),
        ("photo.webp", "WEBP", "image/webp"),
        ("IMG_2024.JPG", "MPO", "image/jpeg"),
    ],
)
def test_a_good_picture_is_reencoded_to_two_webp_sizes(
    member_client, member, name, image_format, content_type
):
    response = member_client.post(
        EDIT_URL,
        profile_data(avatar_upload=upload(name, picture(image_format), content_type)),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.avatar.name.startswith(f"avatars/{member.pk}/")
    assert member.avatar.name.endswith(f"-{LARGE_SIZE}.webp")
    assert member.avatar_thumbnail.name.endswith(f"-{THUMBNAIL_SIZE}.webp")
    for field, size in [(member.avatar, LARGE_SIZE), (member.avatar_thumbnail, THUMBNAIL_SIZE)]:
        with Image.open(field.path) as stored:
            assert stored.format == "WEBP"
            assert stored.size == (size, size)
    assert len(stored_files()) == 2
    # The profile shows the picture instead of the initials.
    page = member_client.get(reverse("members:profile", args=["claire"])).content.decode()
    assert member.avatar.url in page


def test_exif_is_stripped_from_the_stored_pictures(member_client, member):
    member_client.post(EDIT_URL, profile_data(avatar_upload=upload("holiday.jpg", jpeg_with_gps())))

    member.refresh_from_db()
    for field in (member.avatar, member.avatar_thumbnail):
        raw = Path(field.path).read_bytes()
        with Image.open(field.path) as stored:
            assert not stored.getexif()
            assert "exif" not in stored.info
        assert b"Exif" not in raw
        assert b"Canon" not in raw


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "animation.gif", picture("GIF"), "Send a JPEG, PNG or WebP picture.", id="gif"
        ),
        pytest.param("scan.bmp", picture("BMP"), "Send a JPEG, PNG or WebP picture.", id="bmp"),
        pytest.param(
            "notes.jpg",
            b"Ceci n'est pas une image.\n" * 20,
            "This file is not a picture. Send a JPEG, PNG or WebP picture.",
            id="text-named-jpg",
        ),
        pytest.param(
            "cut.jpg",
            picture("JPEG", size=(800, 600))[:600],
            "This picture is damaged or incomplete. Try another file.",
            id="truncated-jpeg",
        ),
        pytest.param(
            "bomb.png",
            png_declaring(20_000, 20_000),
            "This picture is too large to be processed.",
            id="decompression-bomb",
        ),
        pytest.param(
            "wide.png",
            png_declaring(7_000, 7_000),
            "This picture is too large (7000 × 7000 pixels): send one of 16 megapixels at most.",
            id="too-many-pixels",
        ),
        pytest.param(
            "heavy.jpg",
            b"\xff\xd8" + b"\x00" * MAX_UPLOAD_BYTES,
            "is larger than 5.0\xa0MB",
            id="over-5-MB",
        ),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message(member_client, english, name, data, message):
    response = member_client.post(
        EDIT_URL,
        profile_data(avatar_upload=upload(name, data), headline="Plume du Vercors"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["avatar_upload"]
    page = response.content.decode()
    assert message in page
    assert 'value="Plume du Vercors"' in page
    english.refresh_from_db()
    assert not english.avatar
    assert not english.avatar_thumbnail
    assert english.headline == ""
    assert stored_files() == []


def test_old_files_are_deleted_when_the_avatar_is_replaced_or_removed(
    member_client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(avatar_upload=upload("a.jpg", picture("JPEG"))))
    member.refresh_from_db()
    first = stored_files()
    assert len(first) == 2

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(avatar_upload=upload("b.png", picture("PNG"))))
    member.refresh_from_db()
    second = stored_files()
    assert len(second) == 2
    assert not set(first) & set(second)
    assert {Path(member.avatar.path), Path(member.avatar_thumbnail.path)} == set(second)

    # Saving the profile without a new upload keeps the picture.
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(headline="Toujours là"))
    member.refresh_from_db()
    assert stored_files() == second
    assert member.avatar

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT_URL, profile_data(remove_avatar="on"))
    member.refresh_from_db()
    assert not member.avatar
    assert not member.avatar_thumbnail
    assert stored_files() == []
    page = member_client.get(reverse("members:profile", args=["claire"])).content.decode()
    assert ">CM</span>" in page  # the initials placeholder


def test_files_are_kept_until_the_transaction_commits(
    member_client, member, django_capture_on_commit_callbacks
):
    member_client.post(EDIT_URL, profile_data(avatar_upload=upload("a.jpg", picture("JPEG"))))
    first = stored_files()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member_client.post(EDIT_URL, profile_data(remove_avatar="on"))

    # The two old files are deleted after the commit (besides the cached pages' refresh).
    deletions = [one for one in callbacks if "member_avatar_set" in one.__qualname__]
    assert len(deletions) == 2
    assert set(first) <= set(stored_files())


def test_deleting_the_account_deletes_the_avatar_files(
    member_client, member, django_capture_on_commit_callbacks
):
    member_client.post(EDIT_URL, profile_data(avatar_upload=upload("a.jpg", picture("JPEG"))))
    assert len(stored_files()) == 2

    reauthenticate(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("members:account_delete"), {"confirm": "on"})

    member.refresh_from_db()
    assert not member.avatar
    assert not member.avatar_thumbnail
    assert stored_files() == []


def close_to(pixel: tuple, colour: tuple) -> bool:
    """Lossy re-encoding moves colours a little: near enough is the same colour."""
    return all(abs(a - b) <= 40 for a, b in zip(pixel, colour, strict=False))


def test_a_picture_keeps_its_centre_upright_and_its_transparency(member_client, member):
    """A landscape PNG taken on its side (EXIF orientation 6: turn it a quarter clockwise): its
    middle square is kept, reduced, turned upright, with its transparent hole."""
    drawing = Image.new("RGBA", (2400, 1200), (*BLUE, 255))
    drawing.paste((*RED, 255), (600, 0, 1200, 1200))  # the middle square's left half
    drawing.paste((30, 200, 30, 255), (1200, 0, 1800, 1200))  # and its right half
    drawing.paste((0, 0, 0, 0), (1100, 500, 1300, 700))  # a hole in the middle
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    buffer = BytesIO()
    drawing.save(buffer, format="PNG", exif=exif)

    response = member_client.post(
        EDIT_URL, profile_data(avatar_upload=upload("side.png", buffer.getvalue(), "image/png"))
    )

    assert response.status_code == 302
    member.refresh_from_db()
    with Image.open(member.avatar.path) as stored:
        assert (stored.mode, stored.size) == ("RGBA", (LARGE_SIZE, LARGE_SIZE))
        # Upright, what was on the left is on top; the blue sides were cropped away.
        assert close_to(stored.getpixel((128, 20)), (*RED, 255))
        assert close_to(stored.getpixel((128, 236)), (30, 200, 30, 255))
        assert stored.getpixel((128, 128))[3] == 0
        assert not any(close_to(pixel, (*BLUE, 255)) for pixel in stored.get_flattened_data())


# --- Through the admin: the same checks, the same re-encoding -------------------------------


def admin_post(client, member: Member, **changes):
    url = reverse("admin:members_member_change", args=[member.pk])
    return client.post(url, {**change_form_data(client.get(url)), **changes})


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        pytest.param("avatar.html", html_then_png(), "not_an_image", id="html-png-polyglot"),
        pytest.param("scan.tiff", picture("TIFF"), "wrong_format", id="tiff"),
        pytest.param(
            "cut.jpg", picture("JPEG", size=(800, 600))[:600], "damaged", id="truncated-jpeg"
        ),
        pytest.param("wide.png", png_declaring(6000, 6600), "too_many_pixels", id="40-MP-png"),
    ],
)
def test_the_admin_refuses_what_the_profile_page_refuses(
    moderator_client, other_member, name, data, code
):
    response = admin_post(
        moderator_client,
        other_member,
        avatar_upload=upload(name, data),
        headline="Corrigé par la modération",
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.errors.as_data()["avatar_upload"]] == [code]
    other_member.refresh_from_db()
    assert other_member.headline == ""
    assert not other_member.avatar
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "data", "content_type", "left_out"),
    [
        pytest.param(
            "holiday.jpg", jpeg_with_gps(), "image/jpeg", [b"Exif", b"Canon"], id="gps-photo"
        ),
        pytest.param(
            "avatar.html", png_carrying_html(), "text/html", [b"<script", b"<html"], id="html"
        ),
    ],
)
def test_the_admin_stores_only_the_reencoded_picture(
    moderator_client, other_member, name, data, content_type, left_out
):
    response = admin_post(
        moderator_client, other_member, avatar_upload=upload(name, data, content_type)
    )

    assert response.status_code == 302
    other_member.refresh_from_db()
    assert other_member.avatar.name.endswith(f"-{LARGE_SIZE}.webp")
    assert other_member.avatar_thumbnail.name.endswith(f"-{THUMBNAIL_SIZE}.webp")
    assert len(stored_files()) == 2
    for field in (other_member.avatar, other_member.avatar_thumbnail):
        raw = Path(field.path).read_bytes()
        with Image.open(field.path) as stored:
            assert stored.format == "WEBP"
            assert not stored.getexif()
        for payload in left_out:
            assert payload not in raw


def test_the_admin_keeps_the_avatar_or_clears_it(
    moderator_client, other_member, django_capture_on_commit_callbacks
):
    admin_post(moderator_client, other_member, avatar_upload=upload("a.jpg", picture("JPEG")))
    other_member.refresh_from_db()
    first = stored_files()
    assert len(first) == 2

    # The change page links the current picture; saving without a new file keeps it.
    url = reverse("admin:members_member_change", args=[other_member.pk])
    assert other_member.avatar.url in moderator_client.get(url).content.decode()
    admin_post(moderator_client, other_member, headline="Toujours là")
    other_member.refresh_from_db()
    assert (other_member.headline, stored_files()) == ("Toujours là", first)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_post(moderator_client, other_member, **{"avatar_upload-clear": "on"})

    assert response.status_code == 302
    other_member.refresh_from_db()
    assert not other_member.avatar
    assert not other_member.avatar_thumbnail
    assert stored_files() == []


def test_no_model_form_can_store_an_avatar_as_it_was_uploaded():
    with pytest.raises(FieldError):
        modelform_factory(Member, fields=["avatar"])


# --- Memory ---------------------------------------------------------------------------------

# Processes one picture in a fresh interpreter and writes what came of it and how much its peak
# memory grew. The peak is the kernel's (VmHWM): Pillow's pixels are allocated outside Python,
# so tracemalloc does not see them (it saw 8 MB of a 453 MB peak); and unlike ru_maxrss, VmHWM
# does not start from the parent's size.
MEASURE = """
import sys
import django
from django.conf import settings
settings.configure()
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from members.avatars import avatar_process
def peak_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
with open(sys.argv[1], "rb") as file:
    upload = SimpleUploadedFile("picture", file.read())
before = peak_kb()
try:
    avatar_process(upload)
    outcome = "accepted"
except ValidationError as error:
    outcome = error.code
sys.stdout.write(f"{outcome} {(peak_kb() - before) // 1024}")
"""
JPEG_DRAW = """
import sys
from PIL import Image
Image.new("RGB", (6000, 6600), (200, 30, 30)).save(sys.argv[1], quality=80)
"""
# Before pictures were decoded at reduced size, these took 453 MB (PNG 6000 × 6600, the picture
# of the report), 182 MB (PNG 4000 × 4000), 80 MB (WebP 2000 × 2000) and 453 MB (JPEG 6000 × 6600).
# Now: 0 (refused from its header), 73, 64 and 11 MB.
MEMORY_BOUND_MB = 120


def run_python(script: str, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_the_reported_png_is_refused_with_the_limit_it_exceeds(member_client, english):
    response = member_client.post(
        EDIT_URL,
        profile_data(avatar_upload=upload("large.png", png_filled(6000, 6600), "image/png")),
    )

    assert response.status_code == 200
    assert (
        "This picture is too large (6000 × 6600 pixels): send one of 16 megapixels at most."
        in response.content.decode()
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("6000x6600.png", "too_many_pixels"),
        ("4000x4000.png", "accepted"),
        ("2000x2000.webp", "accepted"),
        ("6000x6600.jpg", "accepted"),
    ],
)
def test_a_large_picture_is_processed_within_a_memory_bound(tmp_path, name, outcome):
    path = tmp_path / name
    if name.endswith(".png"):
        width, height = map(int, name.removesuffix(".png").split("x"))
        path.write_bytes(png_filled(width, height))
    elif name.endswith(".webp"):
        Image.new("RGBA", (2000, 2000), (*RED, 128)).save(path)
    else:
        run_python(JPEG_DRAW, str(path))

    result, growth = run_python(MEASURE, str(path)).split()

    assert result == outcome
    assert int(growth) < MEMORY_BOUND_MB


# --- A picture chosen before a preview -------------------------------------------------------


def pending_token(response) -> str:
    return re.search(r'name="avatar_pending" value="([^"]*)"', response.content.decode()).group(1)


def test_a_picture_chosen_before_the_preview_is_previewed_then_saved(member_client, member):
    response = member_client.post(
        EDIT_URL, profile_data(preview="1", avatar_upload=upload("photo.jpg", picture("JPEG")))
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.avatar
    assert stored_files() == []  # nothing written before the profile is saved
    page = response.content.decode()
    preview_src = re.search(r'<img class="avatar avatar-96" src="(data:image/webp;[^"]+)"', page)
    assert preview_src is not None
    token = pending_token(response)
    assert token

    # The live preview (htmx, without the file) still shows it from the token.
    partial = member_client.post(
        EDIT_URL, profile_data(preview="1", avatar_pending=token), HTTP_HX_REQUEST="true"
    )
    assert preview_src.group(1) in partial.content.decode()

    # Saving without choosing the file again stores the picture previewed.
    response = member_client.post(EDIT_URL, profile_data(avatar_pending=token))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.avatar.name.endswith(f"-{LARGE_SIZE}.webp")
    for field, size in [(member.avatar, LARGE_SIZE), (member.avatar_thumbnail, THUMBNAIL_SIZE)]:
        with Image.open(field.path) as stored:
            assert (stored.format, stored.size) == ("WEBP", (size, size))
            assert stored.convert("RGB").getpixel((size // 2, size // 2))[0] > 150  # red
    assert len(stored_files()) == 2


def test_a_new_file_wins_over_the_picture_chosen_before_and_removal_drops_it(member_client, member):
    first = member_client.post(
        EDIT_URL, profile_data(preview="1", avatar_upload=upload("photo.jpg", picture("JPEG")))
    )
    token = pending_token(first)
    blue = BytesIO()
    Image.new("RGB", (300, 300), BLUE).save(blue, format="PNG")
    member_client.post(
        EDIT_URL,
        profile_data(avatar_pending=token, avatar_upload=upload("blue.png", blue.getvalue())),
    )
    member.refresh_from_db()
    with Image.open(member.avatar.path) as stored:
        red, _green, blue_level = stored.convert("RGB").getpixel((128, 128))
        assert blue_level > 150 > red  # the new file's, not the one chosen before

    member_client.post(EDIT_URL, profile_data(avatar_pending=token, remove_avatar="on"))
    member.refresh_from_db()
    assert not member.avatar


def test_a_forged_expired_or_borrowed_picture_token_is_refused_clearly(
    member_client, member, english, other_member, monkeypatch
):
    # Karim's picture, carried in a token made for him, is no use to Claire.
    other_client = Client()
    other_client.force_login(other_member)
    karims = pending_token(
        other_client.post(
            EDIT_URL,
            profile_data(preview="1", avatar_upload=upload("photo.jpg", picture("JPEG"))),
        )
    )
    assert karims
    for token in [karims, "forged:token", karims[:-3] + "abc"]:
        response = member_client.post(EDIT_URL, profile_data(avatar_pending=token))
        assert response.status_code == 200
        assert "The picture you chose has expired before it was saved" in response.content.decode()
        member.refresh_from_db()
        assert not member.avatar
        assert member.headline == ""  # nothing saved

    mine = pending_token(
        member_client.post(
            EDIT_URL,
            profile_data(preview="1", avatar_upload=upload("photo.jpg", picture("JPEG"))),
        )
    )
    monkeypatch.setattr(avatars, "PENDING_MAX_AGE_SECONDS", -1)
    response = member_client.post(EDIT_URL, profile_data(avatar_pending=mine))
    assert "The picture you chose has expired before it was saved" in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar
