"""Admin for the merchants app: the moderation queues, their buttons, and the home page's section."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.sections import HomeSection

from . import admin_views
from .models import ClassifiedAd, DirectoryIndexPage, MerchantApplication, MerchantPage


class MerchantApplicationViewSet(SnippetViewSet):
    model = MerchantApplication
    icon = "form"
    menu_label = gettext_lazy("商家入驻申请")
    list_display = ["business_name", "category", "contact_name", "status", "screening_reason", "created_at"]
    list_filter = ["status"]
    search_fields = ["business_name", "licence_number", "contact_name"]
    add_to_admin_menu = False
    inspect_view_enabled = True
    # Status changes only through the 通过 / 拒绝 buttons, which do the whole approval in one transaction.
    panels = [
        FieldPanel("business_name"),
        FieldPanel("category"),
        FieldPanel("licence_number"),
        FieldPanel("address"),
        FieldPanel("street"),
        FieldPanel("phone"),
        FieldPanel("price_per_person"),
        FieldPanel("description"),
        FieldPanel("contact_name"),
        FieldPanel("contact_phone"),
        FieldPanel("email"),
        FieldPanel("status", read_only=True),
        FieldPanel("screening_reason", read_only=True),
        FieldPanel("review_note", read_only=True),
        FieldPanel("merchant_page", read_only=True),
    ]

    def get_queryset(self, request):
        return MerchantApplication.objects.select_related("category")


class ClassifiedAdViewSet(SnippetViewSet):
    model = ClassifiedAd
    icon = "tag"
    menu_label = gettext_lazy("分类广告")
    list_display = [
        "title",
        "board",
        "status",
        "screening_reason",
        "report_count",
        "hidden_for_reports",
        "expires_at",
    ]
    list_filter = ["board", "status", "hidden_for_reports"]
    search_fields = ["title", "description"]
    inspect_view_enabled = True


class MerchantsGroup(SnippetViewSetGroup):
    items = (MerchantApplicationViewSet, ClassifiedAdViewSet)
    menu_icon = "site"
    menu_label = gettext_lazy("吃喝玩乐")
    menu_name = "merchants"


register_snippet(MerchantsGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "merchants/applications/<int:pk>/<str:action>/",
            admin_views.application_review,
            name="merchants_application_review",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def moderation_buttons(snippet, user, next_url=None):
    buttons = []
    waiting = (MerchantApplication.Status.PENDING, MerchantApplication.Status.HELD)
    if (
        isinstance(snippet, MerchantApplication)
        and snippet.status in waiting
        and user.has_perm("merchants.change_merchantapplication")
    ):
        for action, label, priority in (("approve", _("通过"), 10), ("reject", _("拒绝"), 11)):
            url = reverse("merchants_application_review", args=[snippet.pk, action])
            buttons.append(
                Button(label, url, priority=priority, icon_name="check" if action == "approve" else "cross")
            )
    return buttons


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("merchants.application_approved", _("通过入驻申请"), _("通过了商家入驻申请"))
    actions.register_action("merchants.application_rejected", _("拒绝入驻申请"), _("拒绝了商家入驻申请"))


@hooks.register("register_home_section")
def directory_section(request, home_page):
    """吃喝玩乐 highlights: the newest verified merchants."""
    directory = DirectoryIndexPage.objects.child_of(home_page).live().first()
    if directory is None:
        return None
    merchants = list(
        MerchantPage.objects.descendant_of(directory)
        .live()
        .public()
        .filter(verified=True)
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-first_published_at")[:6]
    )
    return HomeSection(
        key="directory", title=_("吃喝玩乐"), items=merchants, more_url=directory.url, order=60
    )
