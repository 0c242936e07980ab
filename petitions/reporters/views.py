"""The reporters' side in the Wagtail admin (记者跟进): the page where an editor arranges for a reporter
of 帮打听 or 督办 to follow a petition up, or stops it, and the button to it on the petition's admin pages.

The rules are ``petitions.reporters.columns``; these views only call them.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets.button import Button

from ..models import Petition, ReporterColumn
from . import columns as reporting


class TakeUpForm(forms.Form):
    column = forms.ChoiceField(label=gettext_lazy("跟进栏目"), choices=ReporterColumn.choices)
    reporter = forms.ModelChoiceField(
        label=gettext_lazy("跟进记者"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("留空则由您本人跟进。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter"].queryset = reporting.reporters()
        self.fields["reporter"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


def take_up(request, pk):
    """The admin page of a petition's reporter follow-up: take it up (column, reporter) or drop it."""
    if not reporting.may_take_up(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition.objects.select_related("topic", "reporter"), pk=pk)
    initial = {"column": petition.reporter_column or ReporterColumn.INQUIRY, "reporter": petition.reporter_id}
    form = TakeUpForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "drop":
            try:
                reporting.drop(petition, request.user)
            except reporting.ReportingError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已取消 %(number)s 的记者跟进。") % {"number": petition.number})
            return redirect(reverse("petitions_take_up", args=[petition.pk]))
        if form.is_valid():
            try:
                reporting.take_up(
                    petition, request.user, form.cleaned_data["column"], form.cleaned_data["reporter"]
                )
            except reporting.ReportingError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(number)s 已由记者跟进（%(column)s）。")
                    % {"number": petition.number, "column": petition.get_reporter_column_display()},
                )
                return redirect(reverse("petitions_take_up", args=[petition.pk]))
    return render(
        request,
        "petitions/admin/take_up.html",
        {
            "petition": petition,
            "form": form,
            "stories": list(petition.stories.select_related("page").order_by("published_at", "pk")),
            "page_title": _("记者跟进"),
            "header_icon": "user",
        },
    )


def take_up_button(petition, user, priority=30):
    """记者跟进 on the petition's admin pages, for editors who may arrange it (``petitions.reporters.columns``)."""
    if not reporting.may_take_up(user):
        return None
    return Button(
        gettext_lazy("记者跟进"),
        url=reverse("petitions_take_up", args=[petition.pk]),
        icon_name="user",
        priority=priority,
    )


class TakeUpButtonMixin:
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if button := take_up_button(self.object, self.request.user):
            buttons.append(button)
        return buttons
