"""Admin of the data exchange with district platforms: webhooks, their delivery attempts, "retry now".

Registered by ``petitions.wagtail_hooks``, with the Open311 API keys' snippet. Registering a webhook makes its signing secret and issues the
API key its system answers back with (an ``ApiKey`` bound to it); both are shown once, in the success
message, and can be issued afresh ("重新签发") — the old key is switched off. Everything here needs the
``petitions.change_webhook`` permission (administrators, or a group given it).
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
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import ApiKey, Webhook, WebhookDelivery
from . import webhooks

PERMISSION = "petitions.change_webhook"


def _issue(webhook, user):
    """A fresh secret and a fresh bound API key for ``webhook`` (the old key is switched off)."""
    secret = webhook.rotate_secret()
    if webhook.api_key_id:
        ApiKey.objects.filter(pk=webhook.api_key_id).update(is_active=False)
    key = ApiKey(name=str(_("数据对接：%(name)s") % {"name": webhook.name})[:80], created_by=user)
    raw = key.issue()
    key.save()
    webhook.api_key = key
    return secret, raw


def _issued_message(webhook, secret, raw):
    return _(
        "%(name)s 的签名密钥：%(secret)s；回传 API 密钥：%(key)s —— 请立即复制交给对接方，此后无法再次查看。"
    ) % {"name": webhook.name, "secret": secret, "key": raw}


class WebhookCreateView(SnippetCreateView):
    """Register a webhook: its secret and API key are made here and shown once."""

    def save_instance(self):
        self.secret, self.raw_key = _issue(self.form.instance, self.request.user)
        return super().save_instance()

    def get_success_message(self, instance):
        return _issued_message(instance, self.secret, self.raw_key)


class WebhookViewSet(SnippetViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = gettext_lazy("数据对接")
    add_view_class = WebhookCreateView
    list_display = ["name", "department", "url", "include_sub_units", "is_active", "api_key"]
    list_filter = ["is_active", "include_sub_units", "department"]
    panels = [
        FieldPanel("department"),
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("include_sub_units"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return Webhook.objects.select_related("department", "api_key")


class DeliveryListView(WagtailAdminTemplateMixin, TemplateView):
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
        context["webhooks"] = list(Webhook.objects.select_related("department", "api_key"))
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
        secret, raw = _issue(webhook, request.user)
        webhook.save()
    messages.success(request, _issued_message(webhook, secret, raw))
    return redirect(reverse("petitions_webhook_deliveries"))


class WebhookMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class ApiKeyCreateView(SnippetCreateView):
    """Issue a key: the secret is made here and shown once in the success message."""

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        self.raw_key = self.form.instance.issue()
        return super().save_instance()

    def get_success_message(self, instance):
        return _("已签发 %(name)s 的密钥：%(key)s —— 请立即复制交给使用方，此后无法再次查看。") % {
            "name": instance.name,
            "key": self.raw_key,
        }


class ApiKeyViewSet(SnippetViewSet):
    model = ApiKey
    icon = "key"
    menu_label = gettext_lazy("Open311 密钥")
    add_view_class = ApiKeyCreateView
    list_display = ["name", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    panels = [FieldPanel("name"), FieldPanel("is_active")]
