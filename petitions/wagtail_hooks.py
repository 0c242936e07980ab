"""Admin registration: the petition snippets, the moderation queue, log actions and the home section."""

from types import SimpleNamespace

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, InspectView, SnippetViewSet, SnippetViewSetGroup

from home.sections import HomeSection

from . import (  # noqa: F401 - statistics_hooks and webhook_hooks register hooks
    admin_views,
    handling_views,
    reporting,
    statistics_hooks,
    webhook_hooks,
)
from .models import (
    CalendarCorrection,
    Department,
    Petition,
    PetitionBoardPage,
    PetitionMessage,
    ScreenedWord,
    Topic,
)


def take_up_button(petition, user, priority=30):
    """记者跟进 on the petition's admin pages, for editors who may arrange it (``petitions.reporting``)."""
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


class PetitionInspectView(TakeUpButtonMixin, InspectView):
    pass


class PetitionEditView(TakeUpButtonMixin, EditView):
    pass


@hooks.register("register_snippet_listing_buttons")
def petition_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Petition) and (button := take_up_button(snippet, user)):
        yield button


class PetitionViewSet(SnippetViewSet):
    """Petitions in the admin. Editing is for privacy (title, content, place, photos, public flag);
    the status changes only through the moderation queue and the workflow."""

    model = Petition
    icon = "comment"
    menu_label = gettext_lazy("民声诉求")
    list_display = ["number", "title", "status", "topic", "department", "submitted_at"]
    list_filter = ["status", "kind", "topic", "department", "is_public", "is_supervised", "reporter_column"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "status",
        "kind",
        "topic",
        "requested_department",
        "department",
        "title",
        "content",
        "address",
        "contact_name",
        "contact_phone",
        "is_anonymous",
        "is_public",
        "screening_matches",
        "rejection_reason",
        "submitted_at",
        "accepted_at",
        "assigned_at",
        "claimed_at",
        "replied_at",
        "closed_at",
        "rating",
        "support_count",
        "is_supervised",
        "reporter_column",
        "reporter",
        "taken_up_at",
    ]
    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("content"), FieldPanel("address")],
            gettext_lazy("内容（可删改个人隐私）"),
        ),
        InlinePanel("photos", label=gettext_lazy("图片")),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("topic")]),
        FieldRowPanel([FieldPanel("is_public"), FieldPanel("is_anonymous")]),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone")], gettext_lazy("联系方式（不公开）")
        ),
    ]

    inspect_view_class = PetitionInspectView
    edit_view_class = PetitionEditView

    def get_queryset(self, request):
        return Petition.objects.select_related("topic", "department")


class PetitionMessageViewSet(SnippetViewSet):
    """Thread messages: edit a follow-up or reply to take out personal details; moderation is in the queue."""

    model = PetitionMessage
    icon = "comment"
    menu_label = gettext_lazy("诉求留言")
    list_display = ["petition", "kind", "status", "is_public", "created_at"]
    list_filter = ["kind", "status", "is_public"]
    search_fields = ["body"]
    search_backend_name = None
    panels = [FieldPanel("body"), FieldPanel("is_public")]

    def get_queryset(self, request):
        return PetitionMessage.objects.select_related("petition")


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = gettext_lazy("办理单位")
    list_display = ["name", "kind", "parent", "accepts_petitions", "is_active"]
    list_filter = ["kind", "accepts_petitions", "is_active"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = gettext_lazy("领域")
    list_display = ["name", "slug", "reply_days", "is_active"]
    search_fields = ["name", "slug"]
    search_backend_name = None


class ScreenedWordViewSet(SnippetViewSet):
    model = ScreenedWord
    icon = "warning"
    menu_label = gettext_lazy("敏感词")
    list_display = ["word", "action", "reason", "is_active"]
    list_filter = ["action", "is_active"]
    search_fields = ["word", "reason"]
    search_backend_name = None  # a short list: the database filter is enough


class CalendarCorrectionViewSet(SnippetViewSet):
    """Editors correct the working-day calendar (a newly announced holiday, a make-up working day)."""

    model = CalendarCorrection
    icon = "date"
    menu_label = gettext_lazy("工作日历")
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]


class PetitionGroup(SnippetViewSetGroup):
    items = (
        PetitionViewSet,
        PetitionMessageViewSet,
        DepartmentViewSet,
        TopicViewSet,
        ScreenedWordViewSet,
        CalendarCorrectionViewSet,
    )
    menu_icon = "comment"
    menu_label = gettext_lazy("民声")
    menu_name = "petitions"


register_snippet(PetitionGroup)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("petitions/moderation/", admin_views.ModerationQueueView.as_view(), name="petitions_moderation"),
        path(
            "petitions/moderation/petition/<int:pk>/<str:decision>/",
            admin_views.decide_petition,
            name="petitions_decide_petition",
        ),
        path(
            "petitions/moderation/message/<int:pk>/<str:decision>/",
            admin_views.decide_message,
            name="petitions_decide_message",
        ),
    ]


@hooks.register("register_admin_urls")
def register_handling_urls():
    return [
        path("petitions/handling/", handling_views.HandlingView.as_view(), name="petitions_handling"),
        path("petitions/<int:pk>/dispatch/", handling_views.dispatch_petition, name="petitions_dispatch"),
        path(
            "petitions/dispatch/<int:pk>/letter/",
            handling_views.referral_letter,
            name="petitions_referral_letter",
        ),
        path(
            "petitions/extension/<int:pk>/<str:decision>/",
            handling_views.decide_extension,
            name="petitions_decide_extension",
        ),
        path("petitions/<int:pk>/supervise/", handling_views.supervise, name="petitions_supervise"),
        path("petitions/<int:pk>/reporter/", handling_views.take_up, name="petitions_take_up"),
        path("petitions/workbench/", handling_views.WorkbenchView.as_view(), name="petitions_workbench"),
        path("petitions/workbench/<int:pk>/<str:action>/", handling_views.handle, name="petitions_handle"),
    ]


class HandlingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("petitions.dispatch_petition")


class WorkbenchMenuItem(MenuItem):
    def is_shown(self, request):
        return handling_views.is_staff_of_a_department(request.user)


@hooks.register("register_admin_menu_item")
def register_handling_menu_item():
    return HandlingMenuItem(
        gettext_lazy("转办与督办"), reverse("petitions_handling"), icon_name="resubmit", order=251
    )


@hooks.register("register_admin_menu_item")
def register_workbench_menu_item():
    return WorkbenchMenuItem(
        gettext_lazy("诉求办理工作台"), reverse("petitions_workbench"), icon_name="tasks", order=252
    )


class WorkbenchPanel(Component):
    """The dashboard panel of a department's staff: how many petitions wait, are due soon or overdue."""

    name = "petitions_workbench"
    order = 50
    template_name = "petitions/admin/workbench_panel.html"

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context):
        return {"counts": self.counts, "url": reverse("petitions_workbench")}


class HandlingPanel(WorkbenchPanel):
    """The media centre's dashboard panel: petitions to dispatch, extensions to decide, overdue ones."""

    name = "petitions_handling"
    template_name = "petitions/admin/handling_panel.html"

    def get_context_data(self, parent_context):
        return {"counts": self.counts, "url": reverse("petitions_handling")}


@hooks.register("construct_homepage_panels")
def add_workbench_panel(request, panels):
    if request.user.has_perm("petitions.dispatch_petition"):
        panels.append(HandlingPanel(handling_views.media_centre_counts()))
    if handling_views.is_staff_of_a_department(request.user):
        panels.append(WorkbenchPanel(handling_views.counts(request.user)))


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("petitions.moderate_petition")


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        gettext_lazy("民声审核"), reverse("petitions_moderation"), icon_name="tasks", order=250
    )


@hooks.register("register_log_actions")
def register_petition_log_actions(actions):
    from .workflow import LOG_ACTIONS

    for name, label in {**LOG_ACTIONS, **reporting.LOG_ACTIONS}.items():
        actions.register_action(f"petitions.{name}", label, label)


@hooks.register("register_home_section")
def petitions_section(request, home_page):
    board = PetitionBoardPage.objects.child_of(home_page).live().first()
    if board is None:
        return None
    petitions = (
        Petition.objects.visible_on_board().filter(replied_at__isnull=False).order_by("-replied_at")[:6]
    )
    items = [
        SimpleNamespace(
            title=petition.public_title,
            url=f"{board.url}{petition.number}/",
            card_summary=petition.public_content,
            search_description="",
            card_image=None,
            card_meta=f"{petition.get_status_display()} · {petition.topic.name}",
        )
        for petition in petitions
    ]
    return HomeSection(key="petitions", title=_("民声"), items=items, more_url=board.url, order=20)
