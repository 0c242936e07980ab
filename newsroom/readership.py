"""Readership statistics (浏览统计) for editors: views per story and per channel per day, and the top stories.

The figures are the day rows that ``newsroom.counters`` writes (``PageViewDay``): a view counts once it has
left the cache, in a batch of ``counters.FLUSH_EVERY`` or by ``flush_view_counts`` every five minutes, so
today's figures run a few minutes behind. A story's channel is its parent page (a news channel or a
department's channel); each language's copy of a story is its own page and is counted as such.

Three queries whatever the period: the top stories, the per-channel per-day sums (grouped by the parent's
tree path, which Wagtail keeps in ``Page.path``), and the pages that name them.
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Page

from rongmei import exports, validators
from rongmei.admin_views import TitledAdminTemplateMixin

from .models import PageViewDay

PERMISSION = "newsroom.view_pageviewday"
DEFAULT_DAYS = 7
MAX_DAYS = 92
TOP = 20


def may_read(user):
    return user.is_authenticated and user.has_perm(PERMISSION)


class ReadershipMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read(request.user)


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("开始日期"), widget=AdminDateInput())
    end = forms.DateField(label=gettext_lazy("结束日期"), widget=AdminDateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        validators.check_date_range(start, end)
        if start and end and (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(_("一次最多统计 %(days)s 天。") % {"days": MAX_DAYS})
        return cleaned


def default_period(today=None):
    today = today or timezone.localdate()
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def days_of(start, end):
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def top_stories(start, end, limit=TOP):
    """The most read pages of the period, most read first: ``[(page, views), ...]``."""
    rows = list(
        PageViewDay.objects.filter(day__range=(start, end))
        .values("page")
        .annotate(views=Sum("count"))
        .order_by("-views", "page")[:limit]
    )
    pages = Page.objects.select_related("locale").in_bulk([row["page"] for row in rows])
    return [(pages[row["page"]], row["views"]) for row in rows if row["page"] in pages]


def channels_by_day(start, end):
    """Views per channel per day: ``[(channel page, {day: views}, total), ...]``, the most read channel first."""
    parent_path = Substr("page__path", 1, Length("page__path") - Page.steplen)
    rows = (
        PageViewDay.objects.filter(day__range=(start, end))
        .annotate(parent=parent_path)
        .values("parent", "day")
        .annotate(views=Sum("count"))
    )
    per_channel = {}
    for row in rows:
        per_channel.setdefault(row["parent"], {})[row["day"]] = row["views"]
    channels = Page.objects.select_related("locale").in_bulk(list(per_channel), field_name="path")
    found = [
        (channels[path], days, sum(days.values())) for path, days in per_channel.items() if path in channels
    ]
    return sorted(found, key=lambda item: (-item[2], item[0].path))


class ReadershipView(TitledAdminTemplateMixin, TemplateView):
    template_name = "newsroom/admin/readership.html"
    page_title = gettext_lazy("浏览统计")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        start, end = default_period()
        form = PeriodForm(request.GET or {"start": start, "end": end})
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if form.is_valid() and request.GET.get("format") == "csv":
            return self.csv(start, end)
        return self.render_to_response(self.get_context_data(form=form, start=start, end=end))

    def get_context_data(self, start, end, **kwargs):
        context = super().get_context_data(**kwargs)
        channels = channels_by_day(start, end)
        days = days_of(start, end)
        context.update(
            start=start,
            end=end,
            days=days,
            top=top_stories(start, end),
            channels=[
                (page, [by_day.get(day, 0) for day in days], total) for page, by_day, total in channels
            ],
            daily_totals=[sum(by_day.get(day, 0) for _page, by_day, _total in channels) for day in days],
            total=sum(total for _page, _days, total in channels),
        )
        return context

    def csv(self, start, end):
        """The channel table, a row per channel and a column per day, for a spreadsheet."""
        days = days_of(start, end)
        header = [_("栏目"), _("语言"), *[day.isoformat() for day in days], _("合计")]
        rows = (
            [page.title, page.locale.get_display_name(), *[by_day.get(day, 0) for day in days], total]
            for page, by_day, total in channels_by_day(start, end)
        )
        return exports.csv_response(header, rows, f"readership-{start}-{end}.csv")
