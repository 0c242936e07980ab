"""Per-day aggregates of the supervision statistics: what each day adds to every figure, kept by the workflow.

One row per local day (Asia/Shanghai) × handling unit × topic holds the counts that
``petitions.supervision.daily`` adds up into a period's figures, so a year's statistics read a few
thousand small rows instead of the whole archive. The rows are derived data: ``supervision.daily`` keeps
them up to date inside the transaction of every change a petition goes through, and rebuilds them from
the petitions (``manage.py rebuild_daily_figures``). What each column counts is written there.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The counted columns, in the order the upsert writes them.
MEASURES = [
    "received",
    "accepted",
    "dispatched",
    "dispatched_closed",
    "replied",
    "responded",
    "response_seconds",
    "closed",
    "due",
    "due_on_time",
    "claim_late",
    "rated",
    "rated_satisfied",
    "supervised",
    "returned",
]


class DailyFigures(models.Model):
    """What one day added to the figures of one handling unit, topic and intake channel (``department_key``
    0: none; ``channel_key`` "": not recorded)."""

    day = models.DateField(_("日期"))
    # plain keys, not foreign keys: 0 stands for "no department", which a unique key must see as one value
    department_key = models.PositiveIntegerField(_("办理单位"), default=0)
    topic_key = models.PositiveIntegerField(_("领域"))
    channel_key = models.CharField(_("来源"), max_length=32, blank=True, default="")

    received = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    dispatched = models.IntegerField(default=0)
    dispatched_closed = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    responded = models.IntegerField(default=0)
    response_seconds = models.FloatField(default=0.0)
    closed = models.IntegerField(default=0)
    due = models.IntegerField(default=0)
    due_on_time = models.IntegerField(default=0)
    claim_late = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    rated_satisfied = models.IntegerField(default=0)
    supervised = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department_key", "topic_key", "channel_key"],
                name="petition_daily_figures_once",
            )
        ]
        indexes = [
            models.Index(fields=["department_key", "day"], name="petition_daily_department_idx"),
            models.Index(fields=["topic_key", "day"], name="petition_daily_topic_idx"),
        ]

    def __str__(self):
        return f"{self.day} {self.department_key}/{self.topic_key}/{self.channel_key or '-'}"
