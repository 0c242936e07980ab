"""The one way an uploaded picture gets in: every upload form of every app goes through ``clean_image``.

In this order, so a hostile file costs as little as possible: the size the upload handler counted is
checked before a byte is read; the header gives the format and the pixel count before any pixel is
decoded (a small PNG can claim 30000×30000 pixels: a decompression bomb); then the picture is decoded
for real and re-encoded. Re-encoding drops every metadata block — GPS position, camera serial, time —
after applying the EXIF orientation, so the picture still stands the right way up; nothing but pixels
is written.

Fast enough to do in the request (a 12-megapixel phone photo took over a second): a JPEG is decoded at
the smallest of 1/2, 1/4 or 1/8 of its size (the decoder's own DCT scaling, nearly free) that keeps its
longer side at least ``MIN_SIDE``, then scaled to ``MAX_SIDE`` only if still larger, and turned upright
last, on the smaller picture. A 4032×3024 photo is stored as 2016×1512 without any resampling.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is a bomb, not a picture
MAX_SIDE = 2048  # stored pictures are scaled down to this; no page asks for more than 960 px
MIN_SIDE = 1600  # a big JPEG is decoded at a smaller scale only down to this
#: format read from the file -> (extension, format it is stored in)
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("jpg", "JPEG"), "MPO": ("jpg", "JPEG")}


class CleanImage(ContentFile):
    """A re-encoded picture, ready for a Wagtail image's ``file``; ``extension`` is how it is stored and
    ``width``/``height`` its pixels (set them on the image before its file, so nobody decodes it again)."""

    def __init__(self, data, name, extension, size=(None, None)):
        super().__init__(data, name=name)
        self.extension = extension
        self.width, self.height = size


def _refuse_unreadable(name):
    return ValidationError(_("无法识别图片“%(name)s”，请换一张再试。") % {"name": name}, code="invalid_image")


def _decode_small(picture, width, height):
    """Decode ``picture``, a JPEG at a reduced scale if its longer side stays at least ``MIN_SIDE``."""
    if picture.format in ("JPEG", "MPO") and max(width, height) > MAX_SIDE:
        # draft keeps both sides at least the size asked for: ask for MIN_SIDE on the longer side
        scale = MIN_SIDE / max(width, height)
        picture.draft(picture.mode, (max(1, int(width * scale)), max(1, int(height * scale))))
    picture.load()


def clean_image(upload):
    """Check one uploaded file and return it re-encoded without metadata, as a ``CleanImage``."""
    name = str(getattr(upload, "name", "") or "")[:100]
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("图片“%(name)s”超过 10MB，请压缩后再上传。") % {"name": name}, code="image_too_big"
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; ours is lower and checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                kind = probe.format
                width, height = probe.size
            if kind not in FORMATS:
                raise ValidationError(_("只能上传 JPG、PNG 或 WEBP 图片。"), code="image_format")
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("图片“%(name)s”尺寸过大，无法处理。") % {"name": name}, code="image_too_large"
                )
            upload.seek(0)
            with Image.open(upload) as picture:
                _decode_small(picture, width, height)
                # the box is square, so scaling before turning upright gives the same picture
                picture.thumbnail((MAX_SIDE, MAX_SIDE))
                picture = ImageOps.exif_transpose(picture)
                extension, save_as = FORMATS[kind]
                if save_as == "JPEG" and picture.mode not in ("RGB", "L"):
                    picture = picture.convert("RGB")
                elif save_as == "PNG" and picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                    picture = picture.convert("RGBA")
                size = picture.size
                buffer = io.BytesIO()
                # no exif=, no icc_profile=, no pnginfo=: nothing but pixels is written
                picture.save(buffer, save_as, quality=85, optimize=True)
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's own limit, met before ours on a header that lies
        raise ValidationError(
            _("图片“%(name)s”尺寸过大，无法处理。") % {"name": name}, code="image_too_large"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _refuse_unreadable(name) from None
    stem = name.rsplit(".", 1)[0] or "photo"
    return CleanImage(buffer.getvalue(), name=f"{stem}.{extension}", extension=extension, size=size)
