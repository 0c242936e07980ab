"""热点诉求 in the Wagtail admin: the week's rising keywords, places and topics, and the petitions behind
each. Needs ``petitions.view_statistics``, like the other supervision views; the rule is
``petitions.hot_topics``."""

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import hot_topics
from .models import Department, PetitionKeyword
from .statistics_views import StatisticsPermissionMixin
from .svg import bar_chart


class HotTopicsForm(forms.Form):
    week = forms.DateField(
        label=gettext_lazy("周（任选一天）"), required=False, widget=forms.DateInput({"type": "date"})
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("办理单位（含下级单位）"), queryset=Department.objects.all(), required=False
    )
    street = forms.ModelChoiceField(
        label=gettext_lazy("街道/镇"), queryset=hot_topics.street_choices(), required=False
    )

    def clean(self):
        data = super().clean()
        data["week"] = data.get("week") or timezone.localdate()
        return data

    def scope(self):
        return {"department": self.cleaned_data.get("department"), "street": self.cleaned_data.get("street")}


class HotTopicsView(StatisticsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "petitions/admin/hot_topics.html"
    page_title = gettext_lazy("热点诉求")
    header_icon = "pick"
    per_page = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = HotTopicsForm(self.request.GET or {})
        context["form"] = form
        if not form.is_valid():
            return context
        day, scope = form.cleaned_data["week"], form.scope()
        week, before = hot_topics.weeks(day)
        query = self.request.GET.copy()
        for name in ("word", "kind", "page"):
            query.pop(name, None)
        context.update(week=week, before=before, query=query.urlencode(), weeks=hot_topics.PREVIOUS_WEEKS)
        word = (self.request.GET.get("word") or "").strip()[:40]
        if word:
            kind = self.request.GET.get("kind")
            kind = kind if kind in PetitionKeyword.Kind.values else PetitionKeyword.Kind.WORD
            petitions = hot_topics.petitions_of(word, day, kind=kind, **scope)
            context.update(
                word=word, page_obj=Paginator(petitions, self.per_page).get_page(self.request.GET.get("page"))
            )
            return context
        words = hot_topics.rising_words(day, **scope)
        places = hot_topics.rising_words(day, kind=PetitionKeyword.Kind.PLACE, limit=10, **scope)
        topics = hot_topics.rising_topics(day, limit=10, **scope)
        context.update(
            words=words,
            places=places,
            topics=topics,
            charts=[
                (_("上升关键词：本周诉求数"), bar_chart([(row.word, row.count) for row in words])),
                (_("上升领域：本周诉求数"), bar_chart([(row.word, row.count) for row in topics])),
            ],
        )
        return context
