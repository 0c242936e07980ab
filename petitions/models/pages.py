"""The board page (民声): list, petition pages, posting, tracking and "my petitions"."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page

from rongmei.routes import ServedByViews

from ..blocks import PetitionBlock


class PetitionBoardPage(ServedByViews, RoutablePageMixin, Page):
    """民声: the public board — list, petition pages, the posting form, tracking, and "my petitions".

    The routes are thin: each is served by the view ``petitions.intake.views`` registers under its name
    (``rongmei.routes``).
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
    # the posting form and its confirmation: no pop-up notice over a resident writing (home.popups)
    popup_free_routes = ("new/",)

    class Meta:
        verbose_name = _("民声板块")
        verbose_name_plural = _("民声板块")

    @path("")
    def board(self, request):
        return self.serve_view("board", request)

    @re_path(r"^(?P<number>MS-\d{4}-\d{6,})/$")
    def detail(self, request, number):
        return self.serve_view("detail", request, number)

    @re_path(r"^(?P<number>MS-\d{4}-\d{6,})/support/$")
    def support(self, request, number):
        return self.serve_view("support", request, number)

    @re_path(r"^(?P<number>MS-\d{4}-\d{6,})/support/confirm/$")
    def support_confirm(self, request, number):
        return self.serve_view("support_confirm", request, number)

    @path("new/")
    def new(self, request):
        return self.serve_view("new", request)

    @path("new/done/")
    def done(self, request):
        return self.serve_view("done", request)

    @path("track/")
    def track(self, request):
        return self.serve_view("track", request)

    @path("track/petition/")
    def tracked(self, request):
        return self.serve_view("tracked", request)

    @path("mine/")
    def mine(self, request):
        return self.serve_view("mine", request)
