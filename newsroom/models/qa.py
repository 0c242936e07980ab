"""Live Q&A sessions (在线访谈 / 在线答政): the page, its officials, residents' questions and the answers.

An editor schedules a ``QASessionPage`` with its theme, time window and the officials taking part (each
from a ``petitions.Department``). Residents ask from publication (or ``questions_from``) until
``ends_at``; every question is screened like a petition (``rongmei.screening``) and held for a
moderator. Released questions and their answers are public, newest first; the page polls
``updates/`` every few seconds while the session is live, and becomes an archive after ``ends_at``.

What may change a question, and who may change it, is in ``newsroom.qa.rules``; the public views and
the live feed in ``newsroom.qa.views`` and ``newsroom.qa.feed``.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from rongmei.masking import mask_personal_data
from rongmei.routes import ServedByViews

from ..serializers import ReleasedQuestionsField
from .base import CardMixin, ScheduledMixin

QUESTION_MAX_LENGTH = 500
ANSWER_MAX_LENGTH = 3000


class QASessionPage(ScheduledMixin, ServedByViews, RoutablePageMixin, CardMixin, Page):
    """在线访谈: a scheduled session where officials answer residents' questions live, then an archive."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("预告")
        LIVE = "live", _("访谈中")
        ARCHIVE = "archive", _("已结束")

    summary = models.CharField(_("访谈主题"), max_length=300)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = RichTextField(_("访谈介绍"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    questions_from = models.DateTimeField(
        _("开始征集问题时间"), null=True, blank=True, help_text=_("留空则页面发布后即可提问。")
    )
    departments = ParentalManyToManyField(
        "petitions.Department",
        verbose_name=_("参与单位"),
        blank=True,
        related_name="+",
        help_text=_("嘉宾所在单位自动计入；这些单位的工作人员可以在后台回答问题。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]), FieldPanel("questions_from")],
            _("时间"),
        ),
        FieldPanel("departments"),
        InlinePanel("officials", label=_("访谈嘉宾")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("introduction")]
    api_fields = [
        APIField("summary"),
        APIField("introduction"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("state"),
        APIField("cover_image"),
        APIField("questions", serializer=ReleasedQuestionsField(source="*")),
    ]

    parent_page_types = ["home.HomePage", "newsroom.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")

    def clean(self):
        super().clean()
        errors = self.window_errors()
        if self.questions_from and self.ends_at and self.questions_from >= self.ends_at:
            errors["questions_from"] = _("开始征集问题的时间必须早于访谈结束时间。")
        if errors:
            raise ValidationError(errors)

    # --- time -----------------------------------------------------------------------------------------

    def question_refusal(self, now=None):
        """Why a question cannot be asked now, or ``""`` when it can."""
        now = now or timezone.now()
        if now >= self.ends_at:
            return _("本期访谈已经结束，不再接收提问。您可以到“民声”板块反映问题。")
        if self.questions_from and now < self.questions_from:
            return _("本期访谈将于 %(time)s 开始征集问题，请届时再来提问。") % {
                "time": timezone.localtime(self.questions_from).strftime("%Y-%m-%d %H:%M")
            }
        return ""

    # --- who takes part -------------------------------------------------------------------------------

    def department_ids(self):
        """The taking-part departments: those chosen, and those of the officials."""
        ids = set(self.departments.values_list("pk", flat=True))
        ids.update(self.officials.values_list("department_id", flat=True))
        return ids

    # --- routes ---------------------------------------------------------------------------------------
    # ``newsroom.qa.views`` serves them: it sits above the models; ``NewsroomConfig.ready`` registers its views.

    @path("")
    def index_view(self, request):
        return self.serve_view("session_page", request)

    @path("ask/", name="ask")
    def ask_view(self, request):
        return self.serve_view("ask", request)

    @path("updates/", name="updates")
    def updates_view(self, request):
        return self.serve_view("updates", request)


class QASessionOfficial(Orderable):
    """An official taking part in a session (嘉宾): name, title, photo and their department."""

    page = ParentalKey(QASessionPage, related_name="officials", on_delete=models.CASCADE)
    name = models.CharField(_("姓名"), max_length=30)
    title = models.CharField(_("职务"), max_length=80)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        "petitions.Department", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("title")]),
        FieldPanel("department"),
        FieldPanel("photo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("访谈嘉宾")
        verbose_name_plural = _("访谈嘉宾")

    def __str__(self):
        return f"{self.name}（{self.title}）"


class QAQuestionQuerySet(models.QuerySet):
    def released(self):
        """What the public may read."""
        return self.filter(status=QAQuestion.Status.RELEASED)

    def pending(self):
        return self.filter(status=QAQuestion.Status.PENDING)

    def changed_in_public(self):
        """Questions whose public appearance ever changed (released, withdrawn or answered since)."""
        return self.filter(public_changed_at__isnull=False)


class QAQuestion(models.Model):
    """A resident's question to a session. Held until a moderator releases it.

    ``contact_phone`` is for the media centre only and is never shown publicly; ``ip_hash`` is a keyed
    hash of the address (for abuse checks), never the address itself.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        RELEASED = "released", _("已公开")
        REJECTED = "rejected", _("未通过")

    session = models.ForeignKey(
        QASessionPage, verbose_name=_("在线访谈"), on_delete=models.CASCADE, related_name="questions"
    )
    body = models.TextField(_("问题"), max_length=QUESTION_MAX_LENGTH)
    asker_name = models.CharField(_("称呼"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提问账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="qa_questions",
    )
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.CharField(_("未通过理由"), max_length=200, blank=True)
    screening_matches = models.JSONField(_("命中敏感词"), default=list, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("提问时间"), default=timezone.now)
    released_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    # When what the public sees of this question last changed; the newest per session versions its feed.
    public_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("转为民声诉求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="qa_questions",
    )

    objects = QAQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("访谈提问")
        verbose_name_plural = _("访谈提问")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["session", "public_changed_at"], name="qa_question_feed"),
            models.Index(fields=["session", "status", "submitted_at"], name="qa_question_queue"),
        ]

    def __str__(self):
        return self.body[:30]

    @property
    def public_body(self):
        return mask_personal_data(self.body)

    @property
    def public_asker(self):
        return mask_personal_data(self.asker_name) or _("网友")


class QAAnswer(models.Model):
    """An official's answer to a question, given in the admin by staff of a taking-part department."""

    question = models.ForeignKey(
        QAQuestion, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="answers"
    )
    official = models.ForeignKey(
        QASessionOfficial,
        verbose_name=_("回答嘉宾"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    department = models.ForeignKey(
        "petitions.Department", verbose_name=_("回答单位"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("回答"), max_length=ANSWER_MAX_LENGTH)
    answered_at = models.DateTimeField(_("回答时间"), default=timezone.now)

    class Meta:
        verbose_name = _("访谈回答")
        verbose_name_plural = _("访谈回答")
        ordering = ["answered_at", "pk"]

    def __str__(self):
        return self.body[:30]


# --- whether a session's poll must check privacy settings (cached; see ``newsroom.qa.views``) -------


def restriction_cache_key(page_id):
    return f"qa:restricted:{page_id}"


def _forget_restrictions(sender, instance, **kwargs):
    """A privacy setting changed somewhere: the polls ask again whether their session is restricted (a
    restriction on an ancestor covers the sessions under it, so every session's flag goes)."""
    ids = QASessionPage.objects.descendant_of(instance.page, inclusive=True).values_list("pk", flat=True)
    cache.delete_many([restriction_cache_key(pk) for pk in ids])


def _connect_restriction_signals():
    for signal in (post_save, post_delete):
        signal.connect(
            _forget_restrictions, sender=PageViewRestriction, dispatch_uid=f"qa-restrictions-{signal}"
        )


_connect_restriction_signals()
