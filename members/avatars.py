"""Avatar uploads: checked, then re-encoded by Pillow so that nothing of the upload is served.

Re-encoding drops EXIF (GPS position, camera serial) and any payload hidden in the file; the
fixed sizes keep pages light whatever was uploaded.
"""

import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
LARGE_SIZE = 256
THUMBNAIL_SIZE = 64


@dataclass(frozen=True)
class ProcessedAvatar:
    large: ContentFile
    thumbnail: ContentFile


def _encode(image: Image.Image, size: int, name: str) -> ContentFile:
    square = ImageOps.fit(image, (size, size), method=Image.Resampling.LANCZOS)
    buffer = BytesIO()
    square.save(buffer, format="WEBP", quality=85, method=4)
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
            with Image.open(upload) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("Send a JPEG, PNG or WebP picture."), code="wrong_format"
                    )
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("This picture is too large (%(width)s × %(height)s pixels).")
                        % {"width": width, "height": height},
                        code="too_many_pixels",
                    )
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This picture is too large to be processed."), code="too_many_pixels"
        ) from None
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
        large=_encode(image, LARGE_SIZE, f"{token}-{LARGE_SIZE}.webp"),
        thumbnail=_encode(image, THUMBNAIL_SIZE, f"{token}-{THUMBNAIL_SIZE}.webp"),
    )
