"""The weekly ranking report (民情数据排名周报): frozen per-department figures, and its public page."""

import datetime

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from rongmei.routes import ServedByViews


class WeeklyReport(models.Model):
    """One week's (Monday to Sunday, Asia/Shanghai) figures per department, frozen when it is made.

    ``rows`` holds one dict per department, best first: ``department_id``, ``name``, ``rank`` and every
    count and rate of ``petitions.supervision.stats`` (with sub-units included), with ``score`` and ``grade`` from
    ``petitions.supervision.scoring`` under ``scheme`` (the scoring scheme frozen with the report). ``totals`` is the
    county's figures.
    A report is never recomputed: the petitions may change later, the published ranking does not.
    ``petitions.supervision.reports.figures`` gives its rows as shown, with the change since the week before.

    The model also carries the statistics permissions (there is no other model they belong to):
    ``view_statistics`` opens the admin statistics and ledger views; ``view_petition_contacts`` adds the
    residents' contact name and phone to the ledger and its exports.
    """

    week_start = models.DateField(_("周一"), unique=True)
    week_end = models.DateField(_("周日"))
    rows = models.JSONField(_("各单位数据"), default=list)
    totals = models.JSONField(_("全县合计"), default=dict)
    # the ScoringScheme as it was when the report was made ({} for reports made before scoring existed)
    scheme = models.JSONField(_("考核方案"), default=dict, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        ordering = ["-week_start"]
        verbose_name = _("排名周报")
        verbose_name_plural = _("排名周报")
        permissions = [
            ("view_statistics", _("可以查看民声统计和台账")),
            ("view_petition_contacts", _("可以在台账中查看联系人和电话")),
        ]

    def __str__(self):
        return f"{self.week_start:%Y-%m-%d} — {self.week_end:%Y-%m-%d}"

    @property
    def slug(self):
        return f"{self.week_start:%Y-%m-%d}"

    def previous(self):
        return WeeklyReport.objects.filter(week_start=self.week_start - datetime.timedelta(days=7)).first()


class PetitionReportIndexPage(ServedByViews, RoutablePageMixin, Page):
    """民情数据排名周报: the published weekly reports, under the petition board.

    ``/`` shows the latest report and the list of weeks; ``/<yyyy-mm-dd>/`` shows the week starting that
    Monday. Reports come from the ``weekly_petition_report`` command, not from editors; the view that
    shows one is ``petitions.supervision.reports.report_page``.
    """

    intro = models.TextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["petitions.PetitionBoardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("排名周报页")
        verbose_name_plural = _("排名周报页")

    @path("")
    def latest(self, request):
        return self.serve_view("report", request, WeeklyReport.objects.first())

    @re_path(r"^(?P<day>\d{4}-\d{2}-\d{2})/$")
    def week(self, request, day):
        try:
            start = datetime.date.fromisoformat(day)
        except ValueError:
            raise Http404 from None
        report = WeeklyReport.objects.filter(week_start=start).first()
        if report is None:
            raise Http404
        return self.serve_view("report", request, report)
