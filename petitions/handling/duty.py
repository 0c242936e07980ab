"""The duty roster (值班表) in the Wagtail admin: a month calendar, and each day's units to add or remove.

Editors and supervisors (``manage_duty_roster``) edit it; department staff (``view_dutyshift``) read it.
Every change is checked on the server: the permission, a day not yet past (``DutyShift.check_editable``),
one entry per unit and day, a named staff member of that unit (``DutyShift.clean``). A malformed date or
month in the address is answered with a message and the current month, never an error page.

What else reads the roster: the board and the workbench (today's units), the dispatch form
(``suggested_department``) and the tick's overdue reminders.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from rongmei.admin_views import add_errors
from rongmei.roles import MANAGE_DUTY_ROSTER, VIEW_DUTY_ROSTER

from ..models import Department, DutyShift
from ..models.duty import month_days
from .choices import department_choices

WEEKDAYS = (
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
)


def may_manage(user):
    return user.is_authenticated and user.has_perm(MANAGE_DUTY_ROSTER)


def may_view(user):
    return user.is_authenticated and (user.has_perm(VIEW_DUTY_ROSTER) or may_manage(user))


class DutyMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


def suggested_department(petition, shifts=None):
    """The unit the dispatch form preselects: the one the resident asked for, else the topic's owner unit,
    else the first unit on duty today that accepts petitions (``None`` when there is none)."""
    if petition.requested_department_id:
        return petition.requested_department_id
    if petition.topic_id and petition.topic.owner_id:
        return petition.topic.owner_id
    shifts = DutyShift.objects.today() if shifts is None else shifts
    for shift in shifts:
        if shift.department.accepts_petitions and shift.department.is_active:
            return shift.department_id
    return None


def _month(value):
    """The first day of the month ``YYYY-MM`` names, or of this month when it names none."""
    today = timezone.localdate()
    if value:
        try:
            year, month = (int(part) for part in value.split("-"))
            return datetime.date(year, month, 1), True
        except (TypeError, ValueError):
            return today.replace(day=1), False
    return today.replace(day=1), True


def _day(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _shift_month(first, months):
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def calendar(request):
    """The month calendar: each day's units on duty, and (for those who may) a link to arrange the day."""
    if not may_view(request.user):
        raise PermissionDenied
    first, valid = _month(request.GET.get("month"))
    if not valid:
        messages.error(request, _("月份格式应为 年-月，例如 2026-12；已显示本月。"))
    weeks = month_days(first)
    shown = [day for week in weeks for day in week if day]
    by_day = {}
    for shift in DutyShift.objects.between(shown[0], shown[-1]):
        by_day.setdefault(shift.day, []).append(shift)
    today = timezone.localdate()
    return render(
        request,
        "petitions/admin/duty_calendar.html",
        {
            "month": first,
            "previous": _shift_month(first, -1),
            "next": _shift_month(first, 1),
            "weekdays": WEEKDAYS,
            "weeks": [[(day, by_day.get(day, [])) if day else None for day in week] for week in weeks],
            "today": today,
            "today_shifts": list(DutyShift.objects.today()),
            "may_manage": may_manage(request.user),
            "page_title": _("值班表"),
            "header_icon": "date",
        },
    )


def staff_members():
    """Everyone who may keep a duty: active members of some unit's staff group."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__department__isnull=False)
        .distinct()
        .order_by("username")
    )


class ShiftForm(forms.Form):
    department = forms.TypedChoiceField(label=gettext_lazy("值班单位"), coerce=int)
    staff = forms.ModelChoiceField(
        label=gettext_lazy("值班人员（可不填）"), queryset=get_user_model().objects.none(), required=False
    )
    note = forms.CharField(label=gettext_lazy("备注（如值班电话）"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "---------"), *department_choices()]
        self.fields["staff"].queryset = staff_members()
        self.fields["staff"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


def day_view(request, day):
    """One day of the roster: its units, a form to add one, a button to remove each (days not yet past)."""
    if not may_view(request.user):
        raise PermissionDenied
    date = _day(day)
    if date is None:
        messages.error(request, _("日期格式应为 年-月-日，例如 2026-12-02。"))
        return redirect("petitions_duty")
    form = ShiftForm(request.POST or None)
    if request.method == "POST":
        if not may_manage(request.user):
            raise PermissionDenied
        try:
            DutyShift.check_editable(date)
        except ValidationError as error:  # the form is not shown for a past day: say so above the page
            messages.error(request, " ".join(error.messages))
            return redirect("petitions_duty_day", day=date.isoformat())
        if form.is_valid():
            shift = DutyShift(
                day=date,
                department=Department.objects.filter(pk=form.cleaned_data["department"]).first(),
                staff=form.cleaned_data["staff"],
                note=form.cleaned_data["note"],
                created_by=request.user,
            )
            try:
                if shift.department is None:
                    raise ValidationError({"department": _("请选择值班单位。")})
                shift.full_clean(exclude=["created_by"])
                with transaction.atomic():
                    shift.save()
            except ValidationError as error:
                add_errors(form, error)
            except IntegrityError:  # a parallel request put the same unit on that day first
                form.add_error(
                    "department", _("%(department)s 当天已在值班表上。") % {"department": shift.department}
                )
            else:
                messages.success(
                    request,
                    _("已安排 %(department)s 于 %(day)s 值班。")
                    % {"department": shift.department.name, "day": f"{date:%Y-%m-%d}"},
                )
                return redirect("petitions_duty_day", day=date.isoformat())
    today = timezone.localdate()
    return render(
        request,
        "petitions/admin/duty_day.html",
        {
            "day": date,
            "shifts": list(DutyShift.objects.on(date)),
            "form": form,
            "may_manage": may_manage(request.user),
            "editable": date >= today,
            "month": date.replace(day=1),
            "page_title": _("%(day)s 值班") % {"day": f"{date:%Y-%m-%d}"},
            "header_icon": "date",
        },
    )


@require_POST
def remove(request, day, pk):
    if not may_manage(request.user):
        raise PermissionDenied
    shift = get_object_or_404(DutyShift.objects.select_related("department"), pk=pk)
    try:
        DutyShift.check_editable(shift.day)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        shift.delete()
        messages.success(
            request,
            _("已取消 %(department)s 于 %(day)s 的值班。")
            % {"department": shift.department.name, "day": f"{shift.day:%Y-%m-%d}"},
        )
    return redirect(reverse("petitions_duty_day", kwargs={"day": shift.day.isoformat()}))
