"""值班: the duty roster — which handling units (or which named staff member of one) are on duty each day.

The rules, written here once:

- a unit is on duty at most once a day (``duty_shift_once``); a named staff member must be someone who acts
  for that unit (``handles``: its staff, or the staff of a unit above it);
- the roster of a day already past is history: it is shown, never edited (``DutyShift.check_editable``,
  asked by the admin calendar before any change);
- the board and the workbench show today's units (``DutyShift.objects.today()``); the dispatch form
  suggests the first of them for a petition whose topic has no owner unit (``Topic.owner``); the tick
  reminds them of overdue petitions (``petitions.workflow.tick``).

Who may edit the roster is ``manage_duty_roster`` (``rongmei.roles``: editors and supervisors); department
staff may read it (``view_dutyshift``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .units import Department, handles


class DutyShiftQuerySet(models.QuerySet):
    def on(self, day):
        return (
            self.filter(day=day)
            .select_related("department", "staff")
            .order_by("department__sort_order", "department__name")
        )

    def today(self):
        return self.on(timezone.localdate())

    def between(self, first, last):
        return (
            self.filter(day__gte=first, day__lte=last)
            .select_related("department", "staff")
            .order_by("day", "department__sort_order", "department__name")
        )


class DutyShift(models.Model):
    """One handling unit on duty on one day, optionally with the staff member who keeps the duty."""

    day = models.DateField(_("值班日期"))
    department = models.ForeignKey(
        Department, verbose_name=_("值班单位"), on_delete=models.CASCADE, related_name="duty_shifts"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("值班人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duty_shifts",
        help_text=_("可不填；填写时须是该单位的工作人员。"),
    )
    note = models.CharField(_("备注"), max_length=100, blank=True, help_text=_("如值班电话。"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("安排时间"), default=timezone.now)

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        ordering = ["day", "department__sort_order", "department__name"]
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        permissions = [("manage_duty_roster", _("可以编辑值班表"))]
        constraints = [models.UniqueConstraint(fields=["day", "department"], name="duty_shift_once")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.department}"

    @property
    def staff_name(self):
        if self.staff is None:
            return ""
        return self.staff.get_full_name() or self.staff.get_username()

    @staticmethod
    def check_editable(day, today=None):
        """Refuse a change to the roster of a day already past (it is the record of who was on duty)."""
        today = today or timezone.localdate()
        if day < today:
            raise ValidationError(
                _("%(day)s 已经过去，不能再修改当天的值班安排。") % {"day": f"{day:%Y-%m-%d}"}
            )

    def clean(self):
        errors = {}
        if self.department_id and (
            DutyShift.objects.filter(day=self.day, department_id=self.department_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["department"] = _("%(department)s 当天已在值班表上。") % {
                "department": self.department.name
            }
        if self.department_id and not self.department.is_active:
            errors["department"] = _("该单位已停用，不能安排值班。")
        if self.staff_id and self.department_id and not handles(self.staff, self.department):
            errors["staff"] = _("值班人员须是该单位的工作人员。")
        if errors:
            raise ValidationError(errors)


def month_days(first):
    """Every date of the month that starts on ``first``, in weeks (Monday first), ``None`` outside it."""
    start = first - datetime.timedelta(days=first.weekday())
    next_month = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    weeks, day = [], start
    while day < next_month:
        weeks.append([day + datetime.timedelta(days=offset) for offset in range(7)])
        day += datetime.timedelta(days=7)
    return [[d if d.month == first.month else None for d in week] for week in weeks]
