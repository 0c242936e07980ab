"""API keys: who may call the site's machine interfaces, and what for. One model, two scopes.

- ``open311``: an Open311 client (a city app, a hotline system) posting service requests
  (``petitions.exchange.open311``). Issued by editors in the admin (API 密钥), with the intake channel
  (来源) its petitions are counted under.
- ``department_system``: a department's outside system answering back through ``/api/`` (claim, reply,
  return, request an extension) and reading the event feed. It is bound to a data exchange (``webhook``),
  which says for which department, and whether its sub-units too; the key acts for nobody else. It is
  issued when the data exchange is registered, with the secret that signs the system's requests.

A key is stored as its SHA-256 hash and its first characters (to recognise it); the whole key is shown
once, when it is issued. Revoking switches it off; reissuing revokes it and issues a successor with the
same name, scope and data exchange. A data exchange has at most one active key.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .petition import IntakeChannel


def hash_api_key(raw):
    # the salt names Open311 because its keys came first; every key is hashed with it, so none breaks
    return hashlib.sha256(f"open311-api-key:{raw}".encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def authenticate(self, raw, scope=None):
        """The active key matching ``raw`` (of ``scope``, when given), or ``None``; the match is by hash,
        never by the key itself. The one lookup of a presented key, for the API and for Open311."""
        if not raw or len(raw) > 100:
            return None
        keys = self.active().select_related("webhook__department").filter(key_hash=hash_api_key(raw.strip()))
        if scope is not None:
            keys = keys.filter(scope=scope)
        return keys.first()

    def issue(self, *, name, scope, webhook=None, created_by=None, intake_channel=IntakeChannel.APP):
        """Issue a new key; returns ``(key, raw)`` — ``raw`` is the only time the key can be read. A data
        exchange's earlier key is revoked, so it has one active key."""
        with transaction.atomic():
            if webhook is not None:
                self.filter(webhook=webhook).active().update(is_active=False)
            key = self.model(
                name=name[:80],
                scope=scope,
                webhook=webhook,
                created_by=created_by,
                intake_channel=intake_channel,
            )
            raw = key.set_secret()
            key.save()
        return key, raw


class ApiKey(models.Model):
    """A key a machine client presents: an Open311 client's, or a department system's (bound to its data
    exchange). See the module's docstring for what each may do."""

    class Scope(models.TextChoices):
        OPEN311 = "open311", _("Open311 客户端")
        DEPARTMENT_SYSTEM = "department_system", _("办理单位对接系统")

    # the first characters tell a reader which kind of key they hold
    PREFIXES = {Scope.OPEN311: "o311_", Scope.DEPARTMENT_SYSTEM: "dept_"}

    name = models.CharField(_("使用方"), max_length=80, help_text=_("例如：市级政务服务平台"))
    scope = models.CharField(
        _("用途"), max_length=20, choices=Scope.choices, default=Scope.OPEN311, editable=False
    )
    webhook = models.ForeignKey(
        "petitions.Webhook",
        verbose_name=_("数据对接"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    # the 来源 of the petitions an Open311 client posts: a city app's are App/API, a 12345 hotline system's 12345
    intake_channel = models.CharField(
        _("诉求来源"),
        max_length=20,
        choices=[choice for choice in IntakeChannel.choices if choice[0]],
        default=IntakeChannel.APP,
        blank=True,
        help_text=_("这个 Open311 客户端提交的诉求记为哪个来源；留空即 App/API。"),
    )
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
        verbose_name = _("API 密钥")
        verbose_name_plural = _("API 密钥")
        constraints = [
            # a department system's key always names its data exchange; an Open311 client's never does
            models.CheckConstraint(
                condition=models.Q(scope="open311", webhook__isnull=True)
                | models.Q(scope="department_system", webhook__isnull=False),
                name="api_key_scope_matches_webhook",
            ),
            models.UniqueConstraint(
                fields=["webhook"], condition=models.Q(is_active=True), name="api_key_one_active_per_webhook"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def set_secret(self):
        """Give the key a fresh secret and return it (the only time it can be read)."""
        raw = self.PREFIXES[self.scope] + secrets.token_urlsafe(30)
        self.prefix = raw[:9]
        self.key_hash = hash_api_key(raw)
        return raw

    def revoke(self):
        type(self).objects.filter(pk=self.pk).update(is_active=False)
        self.is_active = False

    def reissue(self, user=None):
        """Revoke this key and issue its successor (same name, scope and data exchange): ``(key, raw)``."""
        with transaction.atomic():
            self.revoke()
            return type(self).objects.issue(
                name=self.name,
                scope=self.scope,
                webhook=self.webhook,
                created_by=user,
                intake_channel=self.intake_channel,
            )

    @property
    def petition_channel(self):
        """The 来源 of the petitions this key posts (a key left without one posts as App/API)."""
        return self.intake_channel or IntakeChannel.APP

    def touch(self):
        now = timezone.now()
        type(self).objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
