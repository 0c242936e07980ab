"""``MEDIA_STORAGE=s3``: django-storages' S3 backend with the private-file rule of ``rongmei.storage``.

Private files are stored without an ACL (the bucket's default, private: an anonymous GET is refused by
the store) and read through ``private_url``, a short-lived signed URL handed out by
``rongmei.private_media`` to one who may read them. The others get ``public_acl`` when it is set (their
plain or custom-domain address is then their URL), else every URL is signed and the bucket stays private.
"""

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .storage import PrivateNamesMixin, is_private


class S3MediaStorage(PrivateNamesMixin, S3Storage):
    #: how long the signed URL of a private file, handed to one who may read it, stays valid
    private_url_seconds = 300

    def __init__(self, public_acl="", **settings):
        self.public_acl = public_acl or ""
        settings.setdefault("file_overwrite", False)  # Wagtail expects a new name, never a replaced file
        settings["default_acl"] = None
        # public objects have plain addresses; without them, every address is signed
        settings.setdefault("querystring_auth", not self.public_acl)
        super().__init__(**settings)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        parameters.pop("ACL", None)
        if self.public_acl and not is_private(name):
            parameters["ACL"] = self.public_acl
        return parameters

    def private_url(self, name):
        # signed on the bucket's own endpoint, never on the custom (CDN) domain
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket_name, "Key": self._normalize_name(clean_name(name))},
            ExpiresIn=self.private_url_seconds,
        )
