"""Admin of 市区两级 on a district's site: the link to the city, the calls to it, and 上报市级.

Registered by ``petitions.wagtail_hooks``.

- 上级平台对接 (``CityLink`` snippets): the city's address and the three secrets the city issued. They are
  written here and never shown again (the form's secret fields are blank; left blank, the stored value
  stays; only their first characters are listed). Administrators only (``petitions.change_citylink``).
- 上报记录 (``/admin/petitions/city/calls/``): every call to the city with its state, attempts, the last
  answer or error in the city's words, and "retry now" — for the media centre's dispatchers, who forward.
- 上报市级 (``/admin/petitions/<id>/forward-to-city/``, POST, from the dispatch page): the workflow's
  ``forward_to_city`` by a dispatcher.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from rongmei.admin_views import TitledAdminTemplateMixin
from rongmei.roles import DISPATCH_PETITION

from ... import workflow
from ...models import CityCall, CityLink, Department, Petition
from . import outbox

SECRETS = ("open311_key", "webhook_secret", "system_key")


class CityLinkForm(WagtailAdminModelForm):
    """The secrets are write-only: an empty field keeps what is stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(kind=Department.Kind.CITY)
        for name in SECRETS:
            field = self.fields[name]
            field.widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
            if self.instance.pk and getattr(self.instance, name):
                field.help_text = _("已保存（%(prefix)s…）；留空则不修改。") % {
                    "prefix": getattr(self.instance, name)[:5]
                }

    def clean(self):
        cleaned = super().clean()
        for name in SECRETS:
            if not cleaned.get(name) and self.instance.pk:
                cleaned[name] = (
                    type(self.instance).objects.values_list(name, flat=True).get(pk=self.instance.pk)
                )
        return cleaned


def _prefix(value):
    return f"{value[:5]}…" if value else "—"


class CityLinkViewSet(SnippetViewSet):
    model = CityLink
    icon = "site"
    menu_label = gettext_lazy("上级平台对接")
    list_display = [
        "name",
        "city_url",
        "department",
        Column(
            "open311_key", label=gettext_lazy("Open311 密钥"), accessor=lambda link: _prefix(link.open311_key)
        ),
        Column("system_key", label=gettext_lazy("回传密钥"), accessor=lambda link: _prefix(link.system_key)),
        "is_active",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("city_url"),
            FieldPanel("department"),
            FieldPanel("open311_key"),
            FieldPanel("webhook_secret"),
            FieldPanel("system_key"),
            FieldPanel("city_topics"),
            FieldPanel("dispatch_topic"),
            FieldPanel("is_active"),
        ],
        base_form_class=CityLinkForm,
    )


def _may_dispatch(user):
    return user.is_authenticated and user.has_perm(DISPATCH_PETITION)


class CityCallListView(TitledAdminTemplateMixin, TemplateView):
    """Calls to the city, newest first: state, attempts, last answer or error, the next attempt."""

    template_name = "petitions/admin/city_calls.html"
    page_title = gettext_lazy("上报记录")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not _may_dispatch(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calls = CityCall.objects.select_related("case__petition", "case__link")
        status = self.request.GET.get("status", "")
        if status in CityCall.Status.values:
            calls = calls.filter(status=status)
        context["calls"] = list(calls.order_by("-pk")[:200])
        context["statuses"] = CityCall.Status.choices
        context["status"] = status
        context["links"] = list(CityLink.objects.select_related("department"))
        return context


@require_POST
def retry_call(request, pk):
    if not _may_dispatch(request.user):
        raise PermissionDenied
    call = get_object_or_404(CityCall, pk=pk)
    if call.status == CityCall.Status.DONE:
        messages.info(request, _("这条记录已经送达市级平台。"))
    else:
        call = outbox.retry_now(call)
        if call.status == CityCall.Status.DONE:
            messages.success(request, _("已重新发送，市级平台已收到。"))
        else:
            messages.error(
                request, _("重新发送未成功：%(error)s") % {"error": call.last_error or call.last_status_code}
            )
    return redirect("petitions_city_calls")


@require_POST
def forward_to_city(request, pk):
    """上报市级, from the dispatch page."""
    if not _may_dispatch(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition, pk=pk)
    link = outbox.active_link()
    if link is None:
        messages.error(request, _("本站没有配置上级平台对接，不能上报市级。"))
        return redirect("petitions_dispatch", pk=pk)
    try:
        workflow.perform(
            petition,
            "forward_to_city",
            request.user,
            department=link.department,
            note=request.POST.get("note", ""),
        )
    except workflow.TransitionError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("petitions_dispatch", pk=pk)
    call = CityCall.objects.filter(case__petition=petition).order_by("-pk").first()
    if call is not None and call.status == CityCall.Status.DONE:
        messages.success(
            request,
            _("已将 %(number)s 上报%(city)s，市级编号 %(city_number)s。")
            % {"number": petition.number, "city": link.name, "city_number": call.case.city_number},
        )
    else:
        messages.warning(
            request,
            _("已将 %(number)s 上报%(city)s；市级平台暂未确认，系统会自动重试（见上报记录）。%(error)s")
            % {"number": petition.number, "city": link.name, "error": call.last_error if call else ""},
        )
    return redirect("petitions_city_calls")


class CityCallMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_dispatch(request.user)
