"""Where uploads live: the local folder (``MEDIA_ROOT``, the default) or an S3-compatible bucket
(``MEDIA_STORAGE=s3``), with one rule for private files on both.

Residents' petition photos and merchants' application photos are private: their file names (the original
and every rendition Wagtail derives from it) begin with ``PRIVATE_PREFIXES``. Their URL is never the
file's own: it is ``/private-media/<name>``, the view ``rongmei.private_media.serve``, which asks the
owning app who may read the file (anyone for the photo of a petition on the board, staff with a say in the
petition, the resident who posted it) and then streams it from the local folder or redirects to a
short-lived signed URL of the bucket. On S3 a private object is stored without any ACL, so the bucket's
default (private) applies and an anonymous GET of its address is refused by the store itself.

Every other file (editors' pictures, public renditions) is served by URL: from ``MEDIA_URL`` locally;
on S3 either by a signed URL (the default, ``MEDIA_S3_PUBLIC_ACL`` empty: the bucket stays wholly
private) or, with ``MEDIA_S3_PUBLIC_ACL=public-read``, by its plain address (or ``MEDIA_S3_CUSTOM_DOMAIN``).

The S3 class is ``rongmei.s3.S3MediaStorage`` (imported only with ``MEDIA_STORAGE=s3``).

Everything reads and writes through the storage API (``open``, ``save``, ``listdir``), never a path.
"""

from django.core.files.storage import FileSystemStorage
from django.urls import reverse

#: file names (the part after the last "/") that only ``rongmei.private_media`` serves
PRIVATE_PREFIXES = ("petition-", "application-")


def is_private(name):
    return str(name).rsplit("/", 1)[-1].startswith(PRIVATE_PREFIXES)


class PrivateNamesMixin:
    """The URL of a private file is the permission-checking view; the others keep the storage's own."""

    def url(self, name, *args, **kwargs):
        if name and is_private(name):
            return reverse("private_media", args=[name])
        return super().url(name, *args, **kwargs)

    def private_url(self, name):
        """A URL that reads a private file directly, for one who may; ``None``: stream it instead."""
        return None


class LocalMediaStorage(PrivateNamesMixin, FileSystemStorage):
    """``MEDIA_ROOT`` served at ``MEDIA_URL``, except the private files (see the module's docstring)."""
