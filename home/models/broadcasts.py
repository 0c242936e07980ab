"""紧急通知短信 (一处发布处处显示, the SMS part): residents with an account opt in to urgent notices by SMS
with a mobile number, and editors broadcast a notice to all of them.

- **Who receives**: exactly the residents whose ``SmsSubscription`` is ``active`` when the broadcast is
  sent out (not when it was written); one who opted out in between is not sent. Their numbers are
  private: never shown in a page, and the send log keeps each number masked (``138****5678``).
- **What**: at most ``SmsBroadcast.MAX_LENGTH`` characters, typed or taken from a pop-up notice (定时弹窗).
- **How**: the sending is a task (``home.broadcasts.send_broadcast``); each recipient gets one
  ``SmsDelivery`` row (at most one per broadcast and resident, so a task that runs twice sends once)
  with its status, time and the gateway's error if any.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def masked(phone):
    """A number as the send log and the admin show it: ``138****5678``."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


class SmsSubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True, user__is_active=True).exclude(phone="")


class SmsSubscription(models.Model):
    """A resident's choice to receive urgent notices by SMS, and the mobile number; kept private."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_notices"
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    active = models.BooleanField(_("接收紧急通知短信"), default=False)
    changed_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SmsSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("短信通知订阅")
        verbose_name_plural = _("短信通知订阅")

    def __str__(self):
        return f"{self.user} {masked(self.phone)}"


class SmsBroadcast(models.Model):
    """An urgent notice an editor sent by SMS to every resident who opted in."""

    MAX_LENGTH = 140

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        SENDING = "sending", _("发送中")
        DONE = "done", _("已发送")

    text = models.CharField(_("短信内容"), max_length=MAX_LENGTH)
    popup = models.ForeignKey(
        "home.PopupNotice",
        verbose_name=_("来自弹窗"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发送人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("紧急通知短信")
        verbose_name_plural = _("紧急通知短信")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_smsbroadcast", _("可以群发紧急通知短信"))]

    def __str__(self):
        return self.text[:30]


class SmsDelivery(models.Model):
    """One recipient's send of a broadcast: to whom (the number masked), when, and how it went."""

    class Status(models.TextChoices):
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    broadcast = models.ForeignKey(SmsBroadcast, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("居民"),
    )
    phone = models.CharField(_("手机号"), max_length=11, help_text=_("只保存遮盖后的号码。"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    sent_at = models.DateTimeField(_("时间"))
    error = models.CharField(_("错误信息"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("短信发送记录")
        verbose_name_plural = _("短信发送记录")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["broadcast", "user"], name="sms_one_delivery_per_resident")
        ]

    def __str__(self):
        return f"{self.phone} {self.get_status_display()}"
