"""Residents' photos: checked (type, size, pixels) and re-encoded without EXIF before they are stored.

Re-encoding drops every metadata block — GPS position, camera serial, time — and applies the EXIF
orientation first so the picture still stands the right way up. The limits stop decompression bombs:
the pixel count is read from the header before any pixel is decoded.
"""

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError
from wagtail.images import get_image_model
from wagtail.models import Collection

MAX_PHOTOS = 9
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is a bomb, not a picture
MAX_SIDE = 2560  # stored pictures are scaled down to this; the board never needs more
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("jpg", "JPEG"), "MPO": ("jpg", "JPEG")}
COLLECTION_NAME = "民声图片"


def clean_photo(upload):
    """Validate one uploaded file and return (bytes without metadata, file extension)."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("图片“%(name)s”超过 10MB，请压缩后再上传。") % {"name": upload.name})
    try:
        upload.seek(0)
        with PILImage.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
        if kind not in FORMATS:
            raise ValidationError(_("只能上传 JPG、PNG 或 WEBP 图片。"))
        if width * height > MAX_PIXELS:
            raise ValidationError(_("图片“%(name)s”尺寸过大，无法处理。") % {"name": upload.name})
        upload.seek(0)
        with PILImage.open(upload) as picture:
            picture.load()
            picture = ImageOps.exif_transpose(picture)
            extension, save_as = FORMATS[kind]
            if save_as == "JPEG" and picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            buffer = io.BytesIO()
            # no exif=, no icc_profile=, no pnginfo=: nothing but pixels is written
            picture.save(buffer, save_as, quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise ValidationError(_("无法识别图片“%(name)s”，请换一张再试。") % {"name": upload.name}) from None
    return buffer.getvalue(), extension


def petition_collection():
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    return collection


def store_photos(cleaned, title):
    """Save cleaned photos as Wagtail images in the petitions collection; return them in order."""
    Image = get_image_model()
    collection = petition_collection()
    images = []
    for index, (data, extension) in enumerate(cleaned, start=1):
        name = f"petition-{os.urandom(6).hex()}.{extension}"
        image = Image(title=f"{title[:40]} ({index})", collection=collection)
        image.file = ImageFile(io.BytesIO(data), name=name)
        image.save()
        images.append(image)
    return images
