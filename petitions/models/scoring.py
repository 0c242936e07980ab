"""The department scoring scheme (百分制考核): one editable set of weights for the whole installation."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

ACCOUNTABILITY_DEDUCTIONS = ["supervision_letter_deduction", "interview_deduction", "late_response_deduction"]
WEIGHT_FIELDS = ["on_time_weight", "completion_weight", "satisfaction_weight", "response_weight"]


def _points(label, default):
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=1,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


@register_setting(icon="tasks")
class ScoringScheme(BaseGenericSetting):
    """百分制考核: how a department's week becomes a score out of 100 and a grade A–D.

    The rule itself is ``petitions.supervision.scoring.score``; this holds its numbers. The four weights must add up
    to 100. Each weekly report freezes the scheme it used (``WeeklyReport.scheme``), so editing it
    changes the next reports only. Editing needs ``petitions.change_scoringscheme``.
    """

    on_time_weight = _points(_("按期办结率分值"), 30)
    completion_weight = _points(_("办结率分值"), 30)
    satisfaction_weight = _points(_("满意率分值"), 30)
    response_weight = _points(_("首次答复用时分值"), 10)
    response_full_hours = models.PositiveIntegerField(
        _("满分用时（小时）"), default=24, help_text=_("平均首次答复用时不超过此值得满分。")
    )
    response_zero_hours = models.PositiveIntegerField(
        _("零分用时（小时）"), default=120, help_text=_("平均首次答复用时达到此值得零分，其间按比例计分。")
    )
    return_deduction = _points(_("每件退回扣分"), 1)
    supervised_deduction = _points(_("每件督办扣分"), 2)
    supervision_letter_deduction = _points(_("每份督办函扣分"), 2)
    interview_deduction = _points(_("每次约谈扣分"), 5)
    late_response_deduction = _points(_("每份逾期或未回复的函件扣分"), 2)
    grade_a = _points(_("A 级最低分"), 90)
    grade_b = _points(_("B 级最低分"), 80)
    grade_c = _points(_("C 级最低分"), 60)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(name) for name in WEIGHT_FIELDS]),
            ],
            heading=_("分值（合计 100 分）"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("response_full_hours"), FieldPanel("response_zero_hours")])],
            heading=_("首次答复用时"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("return_deduction"), FieldPanel("supervised_deduction")])],
            heading=_("扣分"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("supervision_letter_deduction"),
                        FieldPanel("interview_deduction"),
                        FieldPanel("late_response_deduction"),
                    ]
                )
            ],
            heading=_("问责扣分（督办函、约谈、逾期回复）"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("grade_a"), FieldPanel("grade_b"), FieldPanel("grade_c")])],
            heading=_("等级"),
        ),
    ]

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")

    def __str__(self):
        return str(self._meta.verbose_name)

    def clean(self):
        errors = {}
        weights = [getattr(self, name) for name in WEIGHT_FIELDS]
        if all(weight is not None for weight in weights) and sum(weights) != 100:
            errors["on_time_weight"] = _("四项分值合计应为 100 分，现在是 %(total)s 分。") % {
                "total": f"{sum(weights):g}"
            }
        if (
            self.response_full_hours is not None
            and self.response_zero_hours is not None
            and self.response_zero_hours <= self.response_full_hours
        ):
            errors["response_zero_hours"] = _("零分用时应大于满分用时。")
        grades = [self.grade_a, self.grade_b, self.grade_c]
        if all(value is not None for value in grades) and not grades[0] > grades[1] > grades[2]:
            errors["grade_b"] = _("等级分数线应为 A > B > C。")
        if errors:
            raise ValidationError(errors)

    def as_dict(self):
        """The scheme as plain numbers, as a weekly report freezes it."""
        names = [
            *WEIGHT_FIELDS,
            "response_full_hours",
            "response_zero_hours",
            "return_deduction",
            "supervised_deduction",
            *ACCOUNTABILITY_DEDUCTIONS,
            "grade_a",
            "grade_b",
            "grade_c",
        ]
        return {name: float(getattr(self, name)) for name in names}
