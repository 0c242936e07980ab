"""评比: a contest page where residents send entries (a title, a text, photos), editors moderate them,
residents vote, and the ranked results show after the close.

- **Phases, by the clock**: before ``entries_open_at`` the contest is ``upcoming``; from it residents
  send entries (``entries``); from ``voting_opens_at`` they vote (``voting``) and no new entry is taken;
  from ``closes_at`` it is ``closed`` and the results show.
- **Moderation**: every entry passes the keyword screen (``rongmei.screening``): a refused word refuses
  it at once, a held word or none leaves it ``pending`` for an editor, who approves or rejects it. Only
  approved entries are shown and may be voted for. The entrant's name and phone are for the editors only.
- **Votes**: one person (the survey rules of ``home.participation``: account and browser) gives at most
  ``votes_per_person`` votes in one contest, each to a different entry — one vote per entry, never two;
  the database refuses a second vote for the same entry by the same browser or account. Votes are counted
  openly while voting unless the editor hides the counts until the close (``hide_counts``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from rongmei.routes import ServedByViews


class ContestPage(ServedByViews, RoutablePageMixin, Page):
    """评比: entries, then votes, then results, each phase by its time (see the module docstring)."""

    intro = RichTextField(_("说明"), blank=True)
    entries_open_at = models.DateTimeField(_("征集开始时间"))
    voting_opens_at = models.DateTimeField(_("投票开始时间"), help_text=_("此时征集结束，开始投票。"))
    closes_at = models.DateTimeField(_("截止时间"), help_text=_("此时投票结束，公布结果。"))
    votes_per_person = models.PositiveSmallIntegerField(
        _("每人可投票数"),
        default=3,
        help_text=_("每人最多可投的作品数，同一作品只能投一票。"),
    )
    hide_counts = models.BooleanField(
        _("截止前隐藏票数"), default=False, help_text=_("勾选后，投票截止前居民看不到各作品的票数。")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("entries_open_at"), FieldPanel("voting_opens_at")]),
                FieldPanel("closes_at"),
                FieldRowPanel([FieldPanel("votes_per_person"), FieldPanel("hide_counts")]),
            ],
            _("规则"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    # Where the surveys are: below the home page (a plain page takes only plain pages below it).
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "home/contest_page.html"

    class Meta:
        verbose_name = _("评比")
        verbose_name_plural = _("评比")

    def clean(self):
        super().clean()
        errors = {}
        if self.entries_open_at and self.voting_opens_at and self.voting_opens_at <= self.entries_open_at:
            errors["voting_opens_at"] = _("投票开始时间必须晚于征集开始时间。")
        if self.voting_opens_at and self.closes_at and self.closes_at <= self.voting_opens_at:
            errors["closes_at"] = _("截止时间必须晚于投票开始时间。")
        if self.votes_per_person == 0:
            errors["votes_per_person"] = _("每人至少可投一票。")
        if errors:
            raise ValidationError(errors)

    # The routes' bodies are in ``home.views``, which sits above the models (``rongmei.routes``).
    @path("")
    def index_route(self, request):
        return self.serve_view("contest", request)

    @path("enter/", name="enter")
    def enter_route(self, request):
        return self.serve_view("contest_enter", request)

    @path("vote/<id:pk>/", name="vote")
    def vote_route(self, request, pk):
        return self.serve_view("contest_vote", request, pk)

    @path("results/", name="results")
    def results_route(self, request):
        return self.serve_view("contest_results", request)

    def phase(self, now=None):
        now = now or timezone.now()
        if now < self.entries_open_at:
            return "upcoming"
        if now < self.voting_opens_at:
            return "entries"
        if now < self.closes_at:
            return "voting"
        return "closed"

    def next_change(self, now=None):
        """When the phase changes next, or None once closed."""
        now = now or timezone.now()
        return next(
            (
                moment
                for moment in (self.entries_open_at, self.voting_opens_at, self.closes_at)
                if now < moment
            ),
            None,
        )

    def counts_visible(self, now=None):
        phase = self.phase(now)
        return phase == "closed" or (phase == "voting" and not self.hide_counts)

    def ranked_entries(self):
        """The approved entries, most votes first (ties: the earlier entry first), with ``votes``."""
        return (
            self.entries.approved()
            .annotate(votes=models.Count("ballots"))
            .order_by("-votes", "submitted_at", "pk")
            .prefetch_related("photos__image")
        )


class ContestEntryQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ContestEntry.Status.APPROVED)

    def waiting(self):
        return self.filter(status=ContestEntry.Status.PENDING)


class ContestEntry(models.Model):
    """One resident's entry in a contest: shown once an editor approved it; contact details never."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    contest = models.ForeignKey(
        ContestPage, verbose_name=_("评比"), on_delete=models.CASCADE, related_name="entries"
    )
    title = models.CharField(_("作品标题"), max_length=60)
    text = models.TextField(_("作品说明"), max_length=1000)
    contact_name = models.CharField(_("联系人"), max_length=30)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    screening_reason = models.CharField(_("筛查提示"), max_length=200, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    submitted_from = models.GenericIPAddressField(null=True, blank=True)

    objects = ContestEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("评比作品")
        verbose_name_plural = _("评比作品")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("moderate_contestentry", _("可以审核评比作品"))]
        indexes = [models.Index(fields=["contest", "status"])]

    def __str__(self):
        return self.title


class ContestEntryPhoto(models.Model):
    """One photo of an entry, in the order the resident chose them."""

    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.entry} ({self.sort_order})"


class ContestVote(models.Model):
    """One vote for one entry: by an account and a browser (``voter``, the browser's token)."""

    contest = models.ForeignKey(ContestPage, on_delete=models.CASCADE, related_name="ballots")
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voter = models.CharField(max_length=32)
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("评比投票")
        verbose_name_plural = _("评比投票")
        constraints = [
            models.UniqueConstraint(fields=["entry", "voter"], name="contest_one_vote_per_browser"),
            models.UniqueConstraint(
                fields=["entry", "user"],
                condition=models.Q(user__isnull=False),
                name="contest_one_vote_per_account",
            ),
        ]
        indexes = [models.Index(fields=["contest", "voter"]), models.Index(fields=["contest", "user"])]

    def __str__(self):
        return f"{self.entry} {self.voted_at:%Y-%m-%d %H:%M}"
