"""The handling side's records: calendar corrections, dispatches (with their referral letters) and
extension requests. Their rules live in ``petitions.workflow.deadlines`` and ``petitions.workflow``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .petition import Petition
from .units import Department


class CalendarCorrection(models.Model):
    """An editor's correction of the working-day calendar for one date; it overrides the library's data
    (for a holiday announced after the installed ``chinesecalendar`` release, or a local day off)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("工作日"), help_text=_("勾选表示这一天上班（如调休补班），不勾选表示放假。")
    )
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("工作日历修正")
        verbose_name_plural = _("工作日历修正")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {_('上班') if self.is_working_day else _('放假')}"


class PetitionDispatch(models.Model):
    """One dispatch (转办) of a petition to a department; its printable referral letter (社情民意处置函)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="dispatches")
    department = models.ForeignKey(
        Department, verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="dispatches"
    )
    note = models.TextField(_("转办说明"), max_length=1000, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatched_at = models.DateTimeField(_("转办时间"))
    claim_due_at = models.DateTimeField(_("签收期限"))
    reply_due_at = models.DateTimeField(_("答复期限"))
    # set when the department returns (退回) the petition: the weekly scoring deducts points per return
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)

    class Meta:
        ordering = ["-dispatched_at", "-pk"]
        # the statistics: today's claim deadlines so far of the dispatches not returned
        indexes = [
            models.Index(
                fields=["claim_due_at"],
                condition=models.Q(returned_at__isnull=True),
                name="petition_dispatch_claim_idx",
            )
        ]
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")

    def __str__(self):
        return f"{self.petition.number} → {self.department}"

    @property
    def letter_number(self):
        return f"ZB-{self.dispatched_at:%Y}-{self.pk:06d}"


class ExtensionRequest(models.Model):
    """延期: a department asks for more working days; an editor approves or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extension_requests")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.CharField(_("延期理由"), max_length=300)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self):
        return f"{self.petition.number} +{self.days}"


class PetitionReminder(models.Model):
    """A reminder already sent, so that the scheduled tick sends each one once (it may run twice).

    ``key`` tells reminders of the same kind apart: the deadline for "due soon" (a new deadline after an
    extension or a reopening deserves a new reminder), the reply time for "please rate", the local date
    for "overdue" (sent once a day to the handling unit and the units on duty)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期提醒")
        RATE = "rate", _("评价提醒")
        OVERDUE = "overdue", _("超期提醒")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已发提醒")
        verbose_name_plural = _("已发提醒")
        constraints = [
            models.UniqueConstraint(fields=["petition", "kind", "key"], name="petition_reminder_once")
        ]

    def __str__(self):
        return f"{self.petition_id} {self.kind} {self.key}"
