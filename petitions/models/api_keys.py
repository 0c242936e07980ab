"""Open311 API keys: issued by editors in the admin, stored hashed, shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_api_key(raw):
    return hashlib.sha256(f"open311-api-key:{raw}".encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def authenticate(self, raw):
        """The active key matching ``raw``, or ``None``; the match is by hash, never by the key itself."""
        if not raw or len(raw) > 100:
            return None
        return self.filter(key_hash=hash_api_key(raw.strip()), is_active=True).first()


class ApiKey(models.Model):
    """A key for an Open311 client (a city app, a hotline system) to post requests.

    Only its SHA-256 hash and its first characters (to recognise it) are stored; the whole key is shown
    once, when it is issued. Revoke a key by switching it off.
    """

    name = models.CharField(_("使用方"), max_length=80, help_text=_("例如：市级政务服务平台"))
    prefix = models.CharField(_("前缀"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Open311 密钥")
        verbose_name_plural = _("Open311 密钥")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self):
        """Give the key a fresh secret and return it (the only time it can be read)."""
        raw = "o311_" + secrets.token_urlsafe(30)
        self.prefix = raw[:9]
        self.key_hash = hash_api_key(raw)
        return raw

    def touch(self):
        now = timezone.now()
        type(self).objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
