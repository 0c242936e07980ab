"""The petition snippets in the Wagtail admin: petitions (with the 记者跟进, 重新办理 and 回访 buttons on
their pages, their intake channel and their return visits), thread messages, departments, topics, the
screened words and the calendar corrections, in one 民声 menu group.

Registered by ``petitions.wagtail_hooks``.
"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import Button
from wagtail.search.backends import get_search_backend
from wagtail.snippets.views.snippets import (
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .. import workflow
from ..models import CalendarCorrection, Department, Petition, PetitionMessage, ScreenedWord, Topic
from ..models.petition import number_from
from ..reporters.views import TakeUpButtonMixin


class ReopenButtonMixin:
    """重新办理 on a closed petition's admin page, for the staff who may send it back (the workflow says)."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.reopen_count < 1 and workflow.can(self.request.user, self.object, "reopen"):
            buttons.append(
                Button(
                    gettext_lazy("重新办理"),
                    url=reverse("petitions_reopen", args=[self.object.pk]),
                    icon_name="resubmit",
                    priority=40,
                )
            )
        return buttons


class ReturnVisitButtonMixin:
    """回访 on the admin page of a petition that may be visited now, for supervisors and editors."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if workflow.can(self.request.user, self.object, "return_visit"):
            buttons.append(
                Button(
                    gettext_lazy("回访"),
                    url=reverse("petitions_return_visit", args=[self.object.pk]),
                    icon_name="mail",
                    priority=45,
                )
            )
        return buttons


class DuplicateButtonMixin:
    """标记为重复 on the admin page of a petition that may be marked now, for supervisors and editors."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if workflow.can(self.request.user, self.object, "mark_duplicate"):
            buttons.append(
                Button(
                    gettext_lazy("标记为重复"),
                    url=reverse("petitions_mark_duplicate", args=[self.object.pk]),
                    icon_name="duplicate",
                    priority=46,
                )
            )
        return buttons


class PetitionInspectView(
    DuplicateButtonMixin, ReturnVisitButtonMixin, ReopenButtonMixin, TakeUpButtonMixin, InspectView
):
    """The petition's admin page, with its return visits (回访) under its fields (staff only)."""

    template_name = "petitions/admin/petition_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["return_visits"] = list(self.object.return_visits.select_related("recorded_by"))
        return context


#: a petition's number as staff type it: MS-2026-000003, ms-2026-3, 2026-000003
#: how many full-text matches the admin list narrows to (newest first after that)
SEARCH_LIMIT = 1000


class PetitionIndexView(IndexView):
    """The petition list searches by number (exactly) or by the words of the title and the text."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        if number_from(self.search_query):
            return queryset.by_number(self.search_query)
        # Searched over every petition, then narrowed by the list's filters, which the index need not know.
        matches = get_search_backend().search(self.search_query, Petition, order_by_relevance=False)
        return queryset.filter(pk__in=[petition.pk for petition in matches[:SEARCH_LIMIT]])


class PetitionEditView(TakeUpButtonMixin, EditView):
    def save_instance(self):
        """Save, telling the workflow's watchers (an edited topic moves the petition's statistics)."""
        # EditView.form_valid runs this inside a transaction; the row is locked while it changes
        saved = Petition.objects.select_for_update(of=("self",)).get(pk=self.object.pk)
        changed = workflow.watching(saved)
        instance = super().save_instance()
        changed(instance)
        return instance


class PetitionViewSet(SnippetViewSet):
    """Petitions in the admin. Editing is for privacy (title, content, place, photos, public flag);
    the status changes only through the moderation queue and the workflow."""

    model = Petition
    icon = "comment"
    menu_label = gettext_lazy("民声诉求")
    list_display = ["number", "title", "status", "topic", "department", "intake_channel", "submitted_at"]
    list_filter = [
        "status",
        "kind",
        "intake_channel",
        "topic",
        "department",
        "is_public",
        "is_supervised",
        "reporter_column",
    ]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "status",
        "kind",
        "intake_channel",
        "source_key",  # on a city's site: the district that reported it (区县上报)
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
        "dissatisfied_at",
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

    index_view_class = PetitionIndexView
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
