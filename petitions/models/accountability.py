"""问责: supervision letters (督办函), recommendation letters (建议函) and interviews (约谈) sent to a department.

A supervisor issues one to a handling unit, about one or more petitions or about a pattern, with a deadline
for the department's written response. Each kind is numbered on its own per year (督办〔2026〕第3号): the
number is the highest of its kind and year plus one, taken under a unique constraint and retried when two
supervisors issue at once (``petitions.workflow.accountability.issue``). The department's staff write the
response; the supervisor accepts it or returns it for a better one, which reopens the letter. An 约谈 also
records when the interview was held, who attended and what was said.

Every step goes through ``petitions.workflow.accountability`` and is written to Wagtail's audit log, as the
petition workflow's steps are. Only supervisors and the department's own staff may read a letter.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .petition import Petition
from .units import Department


class AccountabilityLetterQuerySet(models.QuerySet):
    def for_departments(self, department_ids):
        return self.filter(department_id__in=department_ids)

    def awaiting_response(self):
        return self.filter(
            status__in=[AccountabilityLetter.Status.ISSUED, AccountabilityLetter.Status.RETURNED]
        )


class AccountabilityLetter(models.Model):
    """One 督办函, 建议函 or 约谈 to a department, and the department's written response to it."""

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("督办函")
        RECOMMENDATION = "recommendation", _("建议函")
        INTERVIEW = "interview", _("约谈")

    class Status(models.TextChoices):
        ISSUED = "issued", _("待回复")
        RESPONDED = "responded", _("已回复")
        ACCEPTED = "accepted", _("已认可")
        RETURNED = "returned", _("退回重新回复")

    #: the word of each kind in its number, 督办〔2026〕第3号
    NUMBER_WORDS = {
        Kind.SUPERVISION: _("督办"),
        Kind.RECOMMENDATION: _("建议"),
        Kind.INTERVIEW: _("约谈"),
    }

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("办理单位"),
        on_delete=models.PROTECT,
        related_name="accountability_letters",
    )
    petitions = models.ManyToManyField(
        Petition, verbose_name=_("相关诉求"), blank=True, related_name="accountability_letters"
    )
    subject = models.CharField(_("事由"), max_length=120)
    text = models.TextField(_("正文"), max_length=5000)
    deadline = models.DateField(_("回复期限"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"))
    # 约谈 only
    interviewed_on = models.DateField(_("约谈日期"), null=True, blank=True)
    attendees = models.CharField(_("参加人员"), max_length=500, blank=True)
    record = models.TextField(_("约谈记录"), max_length=5000, blank=True)

    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ISSUED)
    response = models.TextField(_("书面回复"), max_length=5000, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    # the first response's time: a late first response stays late after a return
    first_responded_at = models.DateTimeField(_("首次回复时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = AccountabilityLetterQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("问责函件")
        verbose_name_plural = _("问责函件")
        permissions = [("issue_accountability_letter", _("可以签发督办函、建议函和记录约谈"))]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="accountability_letter_number"),
        ]
        indexes = [models.Index(fields=["department", "issued_at"], name="accountability_dept_idx")]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def number(self):
        """督办〔2026〕第3号"""
        return _("%(word)s〔%(year)s〕第%(sequence)s号") % {
            "word": self.NUMBER_WORDS[self.kind],
            "year": self.year,
            "sequence": self.sequence,
        }

    def is_late(self, now):
        """Whether the first response came after the deadline's day, or none came and the day is past."""
        answered = self.first_responded_at
        if answered is not None:
            return timezone.localdate(answered) > self.deadline
        return timezone.localdate(now) > self.deadline
