"""Avatar uploads: checked, then re-encoded by Pillow so that nothing of the upload is served.

Re-encoding drops EXIF (GPS position, camera serial) and any payload hidden in the file; the
fixed sizes keep pages light whatever was uploaded. Every path that stores an avatar (the profile
page, the admin, the demo) goes through avatar_process, then services.member_avatar_set.

Memory is bounded before anything is decoded (MAX_PIXELS, MAX_DECODED_PIXELS). Growth of the
peak memory (VmHWM) of a fresh process handling one picture, before → after decoding at reduced
size (tests/members/test_avatars.py measures the same way):
- 6000 × 6600 PNG of 150 KB (the 40 MP picture reported): 453 MB → refused from its header, 0 MB;
- 4000 × 4000 RGBA PNG (16 MP, the PNG limit): 182 MB → 73 MB;
- 6000 × 6600 JPEG (40 MP, the JPEG limit): 453 MB → 11 MB, decoded at 1/8 scale;
- 2000 × 2000 RGBA WebP (4 MP, the WebP limit): 80 MB → 64 MB.
"""

import base64
import math
import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# What Pillow may hold decoded at once: 4 bytes a pixel, 64 MB. A handful of uploads at the same
# time then fit beside the app server (one 40 MP PNG used to take 450 MB).
MAX_DECODED_PIXELS = 16_000_000
# The largest picture of each format, read from its header before anything is decoded. A JPEG is
# decoded at 1/2, 1/4 or 1/8 scale (draft), so a 40 MP photo decodes to under 1 MP. A PNG can only
# be decoded whole. A WebP costs four times as much: libwebp's two canvases, the frame handed to
# Pillow, then the picture (measured: 16 bytes a pixel).
MAX_PIXELS = {
    "JPEG": 40_000_000,
    # What many phones' cameras save (a JPEG followed by more views): its first view is a JPEG,
    # decoded the same way.
    "MPO": 40_000_000,
    "PNG": MAX_DECODED_PIXELS,
    "WEBP": MAX_DECODED_PIXELS // 4,
}
ACCEPTED_FORMATS = set(MAX_PIXELS)
LARGE_SIZE = 256
THUMBNAIL_SIZE = 64
# Decoded at twice the largest output size at least, so that the final Lanczos resampling still
# has pixels to smooth (Pillow's thumbnail() keeps the same reducing gap).
WORKING_SIZE = 2 * LARGE_SIZE
# Rows are converted and reduced about a million pixels at a time, never the whole picture.
BAND_PIXELS = 1_000_000
ORIENTATION_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class ProcessedAvatar:
    large: ContentFile
    thumbnail: ContentFile


def _too_many_pixels(width: int, height: int, image_format: str) -> ValidationError:
    return ValidationError(
        _(
            "This picture is too large (%(width)s × %(height)s pixels): "
            "send one of %(limit)s megapixels at most."
        )
        % {"width": width, "height": height, "limit": MAX_PIXELS[image_format] // 1_000_000},
        code="too_many_pixels",
    )


def _too_large_to_process() -> ValidationError:
    return ValidationError(_("This picture is too large to be processed."), code="too_many_pixels")


def _reduced_square(image: Image.Image) -> Image.Image:
    """The centred square of a loaded picture, in RGB or RGBA, reduced by a whole factor to
    between WORKING_SIZE and twice that a side (or left as it is when smaller).

    Converted and reduced a band of rows at a time: converting the whole picture first (to RGBA,
    or to premultiplied alpha for the reduction) would hold a second full-size copy.
    """
    mode = "RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} else "RGB"
    width, height = image.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    factor = max(1, side // WORKING_SIZE)
    rows = factor * max(1, BAND_PIXELS // (side * factor))
    square = Image.new(mode, (math.ceil(side / factor),) * 2)
    for y in range(0, side, rows):
        band = image.crop((left, top + y, left + side, top + min(y + rows, side)))
        square.paste(band.convert(mode).reduce(factor), (0, y // factor))
    return square


def _probe(upload) -> None:
    """Checks the format and the size read from the header, and the file's structure, without
    decoding the pixels. Pillow's WebP decoder holds memory: the probe is gone once this returns.
    """
    with Image.open(upload) as probe:
        image_format = probe.format
        width, height = probe.size
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(_("Send a JPEG, PNG or WebP picture."), code="wrong_format")
        if width * height > MAX_PIXELS[image_format]:
            raise _too_many_pixels(width, height, image_format)
        probe.verify()


def _decode(upload) -> Image.Image:
    """The upload's centred square, decoded at reduced size and turned upright."""
    with Image.open(upload) as image:
        # A no-op for PNG and WebP; a JPEG is decoded at the smallest scale still this large.
        image.draft(image.mode, (WORKING_SIZE, WORKING_SIZE))
        width, height = image.size
        # Only a very elongated JPEG can stay this large once drafted: its short side is small.
        if width * height > MAX_DECODED_PIXELS:
            raise _too_large_to_process()
        image.load()
        orientation = image.getexif().get(ExifTags.Base.Orientation)
        square = _reduced_square(image)
    if orientation in ORIENTATION_TRANSPOSES:
        square = square.transpose(ORIENTATION_TRANSPOSES[orientation])
    return square


def _encode(square: Image.Image, size: int, name: str) -> ContentFile:
    buffer = BytesIO()
    square.resize((size, size), Image.Resampling.LANCZOS).save(
        buffer, format="WEBP", quality=85, method=4
    )
    return ContentFile(buffer.getvalue(), name=name)


def avatar_process(upload) -> ProcessedAvatar:
    """Validates an uploaded avatar and returns its re-encoded sizes, or raises ValidationError."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This picture is larger than %(limit)s: send a smaller one.")
            % {"limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _probe(upload)
            upload.seek(0)
            square = _decode(upload)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large_to_process() from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a picture. Send a JPEG, PNG or WebP picture."),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This picture is damaged or incomplete. Try another file."), code="damaged"
        ) from None
    token = secrets.token_hex(6)
    return ProcessedAvatar(
        large=_encode(square, LARGE_SIZE, f"{token}-{LARGE_SIZE}.webp"),
        thumbnail=_encode(square, THUMBNAIL_SIZE, f"{token}-{THUMBNAIL_SIZE}.webp"),
    )


# A picture chosen on the profile form lives in the form itself until the profile is saved: the
# file input comes back empty from a preview, as browsers never refill one. The re-encoded large
# picture travels in a hidden field, signed so that only what avatar_process made comes back,
# and for a short while only (a form left open overnight asks for the file again). Nothing is
# written anywhere before the profile is saved: no temporary file to clean up, on any app server.
PENDING_MAX_AGE_SECONDS = 2 * 60 * 60


def _pending_signer(member_id: int) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"members.avatar_pending.{member_id}")


def _bytes_of(file: ContentFile) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def avatar_pending_dump(avatar: ProcessedAvatar, *, member_id: int) -> str:
    """The token that carries a processed avatar through a preview, for that member only."""
    data = base64.urlsafe_b64encode(_bytes_of(avatar.large)).decode("ascii")
    return _pending_signer(member_id).sign(data)


def avatar_pending_load(token: str, *, member_id: int) -> ProcessedAvatar | None:
    """The avatar a token carries, or None when it is forged, another member's or expired."""
    try:
        data = _pending_signer(member_id).unsign(token, max_age=PENDING_MAX_AGE_SECONDS)
        large = base64.urlsafe_b64decode(data.encode("ascii"))
        with Image.open(BytesIO(large)) as image:
            image.load()
            square = image.copy()
    except (signing.BadSignature, ValueError, OSError, UnidentifiedImageError):
        return None
    name = secrets.token_hex(6)
    return ProcessedAvatar(
        large=ContentFile(large, name=f"{name}-{LARGE_SIZE}.webp"),
        thumbnail=_encode(square, THUMBNAIL_SIZE, f"{name}-{THUMBNAIL_SIZE}.webp"),
    )


def avatar_data_url(avatar: ProcessedAvatar) -> str:
    """The large picture inline, for a preview of what is not stored yet."""
    return "data:image/webp;base64," + base64.b64encode(_bytes_of(avatar.large)).decode("ascii")
