"""回访: a supervisor's or editor's return visit to the resident after a petition was answered.

After a 不满意 rating, and for any other finished petition the media centre or the supervisors choose, staff
call, visit or message the resident and record what they said and two ratings (双评议): of the answer and of
the handling. Recorded only through the workflow's ``return_visit`` step (``petitions.workflow``), which
writes it to the audit log; never shown in public, and it holds no contact details of its own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .petition import Petition


class ReturnVisit(models.Model):
    """One return visit (回访) of a petition's resident."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话")
        VISIT = "visit", _("上门")
        MESSAGE = "message", _("短信或留言")

    Rating = Petition.Rating
    #: the key of this row's id in its step's audit-log entry (``workflow.perform``)
    log_key = "return_visit"

    petition = models.ForeignKey(
        Petition, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="return_visits"
    )
    visited_at = models.DateTimeField(_("回访时间"))
    method = models.CharField(_("回访方式"), max_length=10, choices=Method.choices)
    resident_said = models.TextField(_("居民意见"), max_length=2000)
    answer_rating = models.CharField(_("对答复的评价"), max_length=12, choices=Rating.choices)
    handling_rating = models.CharField(_("对办理的评价"), max_length=12, choices=Rating.choices)
    # whether the petition had a 不满意 before this visit (set by the workflow): the visits the
    # "turned satisfied" figure counts
    follows_dissatisfied = models.BooleanField(_("不满意后回访"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        ordering = ["-visited_at", "-pk"]
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        permissions = [("record_return_visit", _("可以记录回访"))]
        indexes = [
            models.Index(fields=["petition", "visited_at"], name="return_visit_petition_idx"),
            models.Index(fields=["visited_at"], name="return_visit_period_idx"),
        ]

    def __str__(self):
        return f"{self.petition.number} · {self.get_method_display()}"

    @property
    def satisfied(self):
        """Whether the resident called the answer 满意 or 基本满意 on this visit."""
        return self.answer_rating in SATISFIED_RATINGS


SATISFIED_RATINGS = (Petition.Rating.SATISFIED, Petition.Rating.FAIR)
