"""Residents' photos on a petition: how many, and where they are stored.

Each photo is checked and re-encoded without EXIF by ``rongmei.images``, the one image check of the site.
"""

import os

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection

MAX_PHOTOS = 9
COLLECTION_NAME = "民声图片"


def petition_collection():
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    return collection


def store_photos(cleaned, title):
    """Save cleaned photos as Wagtail images in the petitions collection; return them in order."""
    if not cleaned:
        return []
    Image = get_image_model()
    collection = petition_collection()
    images = []
    for index, picture in enumerate(cleaned, start=1):
        name = f"petition-{os.urandom(6).hex()}.{picture.extension}"
        # the size known from cleaning, given first: assigning the file then reads no pixel
        image = Image(
            title=f"{title[:40]} ({index})",
            collection=collection,
            width=picture.width,
            height=picture.height,
        )
        image.file = ImageFile(picture, name=name)
        image.save()
        images.append(image)
    return images
