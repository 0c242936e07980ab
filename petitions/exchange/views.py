"""Admin of the data exchange with district platforms and of every API key.

Registered by ``petitions.wagtail_hooks`` (hooks only register; the view sets live here).

- 数据对接 (``Webhook`` snippets), 推送记录 (delivery attempts, "retry now"): registering a webhook makes its
  signing secret and issues the department-system key its system answers back with; both are shown once,
  in the success message, and can be issued afresh ("重新签发") — the old key is revoked. All of it needs
  the ``petitions.change_webhook`` permission (administrators, or a group given it).
- API 密钥 (``ApiKey`` snippets): the one list of every key, of both scopes. Editors issue Open311 clients'
  keys here (shown once) and revoke a key by switching it off; a department system's key is issued and
  reissued with its data exchange, and only who may change data exchanges may change it here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from rongmei.admin_views import TitledAdminTemplateMixin

from ..models import ApiKey, IntakeChannel, Webhook, WebhookDelivery
from . import webhooks

PERMISSION = "petitions.change_webhook"


def _issued_message(webhook, secret, raw):
    return _(
        "%(name)s 的签名密钥：%(secret)s；回传 API 密钥：%(key)s —— 请立即复制交给对接方，此后无法再次查看。"
    ) % {"name": webhook.name, "secret": secret, "key": raw}


class WebhookCreateView(SnippetCreateView):
    """Register a webhook: its secret and API key are made here and shown once."""

    def save_instance(self):
        with transaction.atomic():  # never a webhook without its key
            webhook = super().save_instance()
            self.secret, self.raw_key = webhook.issue_credentials(self.request.user)
            webhook.save(update_fields=["secret"])
        return webhook

    def get_success_message(self, instance):
        return _issued_message(instance, self.secret, self.raw_key)


class WebhookViewSet(SnippetViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = gettext_lazy("数据对接")
    add_view_class = WebhookCreateView
    list_display = [
        "name",
        "department",
        "url",
        "include_sub_units",
        "is_active",
        Column("api_key", label=gettext_lazy("回传密钥")),
    ]
    list_filter = ["is_active", "include_sub_units", "department"]
    panels = [
        FieldPanel("department"),
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("include_sub_units"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return Webhook.objects.select_related("department").prefetch_related("api_keys")


class ApiKeyCreateView(SnippetCreateView):
    """Issue an Open311 client's key: the secret is made here and shown once in the success message."""

    def save_instance(self):
        data = self.form.cleaned_data
        key, self.raw_key = ApiKey.objects.issue(
            name=data["name"],
            scope=ApiKey.Scope.OPEN311,
            created_by=self.request.user,
            intake_channel=data.get("intake_channel") or IntakeChannel.APP,
        )
        if not data["is_active"]:
            key.revoke()
        log(instance=key, action="wagtail.create", content_changed=True)
        return key

    def get_success_message(self, instance):
        return _("已签发 %(name)s 的密钥：%(key)s —— 请立即复制交给使用方，此后无法再次查看。") % {
            "name": instance.name,
            "key": self.raw_key,
        }


class ApiKeyEditView(SnippetEditView):
    """Rename or revoke a key; a department system's key only by who may change its data exchange."""

    def dispatch(self, request, *args, **kwargs):
        key = self.get_object()
        if key.scope == ApiKey.Scope.DEPARTMENT_SYSTEM and not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ApiKeyViewSet(SnippetViewSet):
    model = ApiKey
    icon = "key"
    menu_label = gettext_lazy("API 密钥")
    add_view_class = ApiKeyCreateView
    edit_view_class = ApiKeyEditView
    list_display = [
        "name",
        "scope",
        "intake_channel",
        "webhook",
        "prefix",
        "is_active",
        "created_at",
        "last_used_at",
    ]
    list_filter = ["scope", "intake_channel", "is_active"]
    panels = [FieldPanel("name"), FieldPanel("intake_channel"), FieldPanel("is_active")]

    def get_queryset(self, request):
        return ApiKey.objects.select_related("webhook__department")


class DeliveryListView(TitledAdminTemplateMixin, TemplateView):
    """Delivery attempts, newest first: status, attempts, last answer or error, the next attempt."""

    template_name = "petitions/admin/webhook_deliveries.html"
    page_title = gettext_lazy("推送记录")
    header_icon = "link-external"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deliveries = WebhookDelivery.objects.select_related("event__petition", "webhook__department")
        status = self.request.GET.get("status", "")
        if status in WebhookDelivery.Status.values:
            deliveries = deliveries.filter(status=status)
        context["deliveries"] = list(deliveries.order_by("-pk")[:200])
        context["statuses"] = WebhookDelivery.Status.choices
        context["status"] = status
        context["webhooks"] = list(Webhook.objects.select_related("department").prefetch_related("api_keys"))
        return context


@require_POST
def retry_delivery(request, pk):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        messages.info(request, _("这条推送已经送达。"))
    else:
        delivery = webhooks.retry_now(delivery)
        if delivery.status == WebhookDelivery.Status.DELIVERED:
            messages.success(request, _("已重新推送并送达。"))
        else:
            messages.error(
                request,
                _("重新推送未成功：%(error)s") % {"error": delivery.last_error or delivery.last_status_code},
            )
    return redirect(reverse("petitions_webhook_deliveries"))


@require_POST
def reissue(request, pk):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        webhook = get_object_or_404(Webhook.objects.select_for_update(), pk=pk)
        secret, raw = webhook.issue_credentials(request.user)
        webhook.save(update_fields=["secret"])
    messages.success(request, _issued_message(webhook, secret, raw))
    return redirect(reverse("petitions_webhook_deliveries"))


class WebhookMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)
