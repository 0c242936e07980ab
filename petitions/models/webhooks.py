"""Data exchange with district platforms (四级联动): webhooks, their events and delivery attempts.

- ``Webhook``: a department's outside system (a district platform, a bureau's own case system). When a
  petition is dispatched to the department (or, with ``include_sub_units``, to a unit below it), the site
  POSTs a signed event to ``url``; with no ``url`` the system only polls the event feed. Its ``api_key``
  (an ``ApiKey`` of the department-system scope bound to it) is the key the system answers back with
  (claim, reply, return through ``/api/``); its ``secret`` signs both ways (HMAC-SHA256, see
  ``petitions.exchange.webhooks``). The secret is kept as written because signing needs it; it is shown once when
  issued and never again in the admin (``issue_credentials`` gives a new secret and a new key).
- ``WebhookEvent``: one thing that happened to a petition at a department (``petition.dispatched`` ...),
  with the payload as sent. The event log is also the polling feed.
- ``WebhookDelivery``: one event to one webhook: attempts, last answer, when to try again.
"""

import secrets
import uuid

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .api_keys import ApiKey
from .petition import Petition
from .units import Department


def new_webhook_secret():
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def covering(self, department):
        """Active webhooks that hear of ``department``: its own, and those of units above it that include
        their sub-units."""
        own, above, seen = [department.pk], [], {department.pk}
        parent = department.parent
        while parent is not None and parent.pk not in seen:
            above.append(parent.pk)
            seen.add(parent.pk)
            parent = parent.parent
        return self.active().filter(
            models.Q(department_id__in=own) | models.Q(department_id__in=above, include_sub_units=True)
        )


class Webhook(models.Model):
    """A department's outside system that receives petition events (and may poll them, and answer back)."""

    department = models.ForeignKey(
        Department, verbose_name=_("办理单位"), on_delete=models.CASCADE, related_name="webhooks"
    )
    name = models.CharField(_("对接系统"), max_length=80, help_text=_("例如：西区社会治理平台"))
    url = models.URLField(
        _("接收地址"),
        max_length=300,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("以 http:// 或 https:// 开头；留空则不推送，只供对方轮询事件。"),
    )
    include_sub_units = models.BooleanField(
        _("包含下级单位"), default=True, help_text=_("转办给下级单位的诉求也推送给这个系统。")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    secret = models.CharField(max_length=80, editable=False, default=new_webhook_secret)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["department__name", "name"]
        verbose_name = _("数据对接")
        verbose_name_plural = _("数据对接")

    def __str__(self):
        return f"{self.department} · {self.name}"

    def department_ids(self):
        """The units whose events this system sees."""
        return self.department.descendant_ids() if self.include_sub_units else [self.department_id]

    @property
    def api_key(self):
        """The key the system answers back with now (earlier ones are revoked); ``None`` before one is
        issued. Reads ``api_keys`` through its prefetch when there is one."""
        return next((key for key in self.api_keys.all() if key.is_active), None)

    def issue_credentials(self, user=None):
        """A fresh signing secret and a fresh API key (the old key is revoked): ``(secret, raw key)``, to be
        shown once. The secret is saved with the webhook; the key is saved at once, so save a new
        webhook first."""
        self.secret = new_webhook_secret()
        _key, raw = ApiKey.objects.issue(
            name=str(_("数据对接：%(name)s") % {"name": self.name}),
            scope=ApiKey.Scope.DEPARTMENT_SYSTEM,
            webhook=self,
            created_by=user,
        )
        return self.secret, raw


class WebhookEventQuerySet(models.QuerySet):
    def for_webhook(self, webhook):
        return self.filter(department_id__in=webhook.department_ids())


class WebhookEvent(models.Model):
    """Something that happened to a petition at a department, as told to the department's systems."""

    class Type(models.TextChoices):
        DISPATCHED = "petition.dispatched", _("转办")
        SUPERVISED = "petition.supervised", _("督办")
        REOPENED = "petition.reopened", _("重新办理")
        EXTENDED = "petition.extension_approved", _("批准延期")
        EXTENSION_REFUSED = "petition.extension_refused", _("不批准延期")

    # the integer primary key orders the feed and is its cursor; ``uuid`` names the event to receivers
    uuid = models.UUIDField(_("事件编号"), default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("类型"), max_length=40, choices=Type.choices)
    petition = models.ForeignKey(
        Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="webhook_events"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("办理单位"), on_delete=models.CASCADE, related_name="webhook_events"
    )
    payload = models.JSONField(_("内容"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = WebhookEventQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("对接事件")
        verbose_name_plural = _("对接事件")
        indexes = [models.Index(fields=["department", "id"], name="webhook_event_feed_idx")]

    def __str__(self):
        return f"{self.get_type_display()} {self.petition.number}"


class WebhookDeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class WebhookDelivery(models.Model):
    """One event sent to one webhook: retried with back-off until a 2xx answer, or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待投递")
        DELIVERED = "delivered", _("已送达")
        GAVE_UP = "gave_up", _("已放弃")

    event = models.ForeignKey(
        WebhookEvent, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook = models.ForeignKey(
        Webhook, verbose_name=_("数据对接"), on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True, default=timezone.now)
    last_attempt_at = models.DateTimeField(_("最近尝试"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("投递记录")
        verbose_name_plural = _("投递记录")
        constraints = [
            models.UniqueConstraint(fields=["event", "webhook"], name="webhook_delivery_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx")]

    def __str__(self):
        return f"{self.event} → {self.webhook}"
