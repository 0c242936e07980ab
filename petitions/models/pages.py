"""The board page (民声): list, petition pages, posting, tracking and "my petitions"."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page

from ..blocks import PetitionBlock


class PetitionBoardPage(RoutablePageMixin, Page):
    """民声: the public board — list, petition pages, the posting form, tracking, and "my petitions".

    The routes are thin: each calls a view in ``petitions.intake.views`` with this page.
    """

    intro = models.TextField(_("导语"), blank=True, help_text=_("显示在列表上方的一两句说明。"))
    per_page = models.PositiveSmallIntegerField(_("每页条数"), default=20)
    featured = StreamField(
        [("petition", PetitionBlock())],
        verbose_name=_("精选诉求"),
        blank=True,
        help_text=_("置顶显示在列表上方的典型诉求及其办理过程。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("featured"),
        FieldPanel("per_page"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["petitions.PetitionReportIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("民声板块")
        verbose_name_plural = _("民声板块")

    @path("")
    def board(self, request):
        from ..intake import views

        return views.board(request, self)

    @re_path(r"^(?P<number>MS-\d{4}-\d{6,})/$")
    def detail(self, request, number):
        from ..intake import views

        return views.detail(request, self, number)

    @re_path(r"^(?P<number>MS-\d{4}-\d{6,})/support/$")
    def support(self, request, number):
        from ..intake import views

        return views.support(request, self, number)

    @path("new/")
    def new(self, request):
        from ..intake import views

        return views.new(request, self)

    @path("new/done/")
    def done(self, request):
        from ..intake import views

        return views.done(request, self)

    @path("track/")
    def track(self, request):
        from ..intake import views

        return views.track(request, self)

    @path("track/petition/")
    def tracked(self, request):
        from ..intake import views

        return views.tracked(request, self)

    @path("mine/")
    def mine(self, request):
        from ..intake import views

        return views.mine(request, self)
