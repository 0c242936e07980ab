"""This app's part of the APIs: the page API filters by news channel and by department.

``/api/v2/pages/?channel=echo`` lists the pages under that news channel; ``?department=<id or slug>``
the pages of that department's channel (its channel page and posts). Both combine with Wagtail's own
parameters (``type``, ``fields``, ``order`` ...). An unknown channel or department gives an empty list.
"""

from django.db.models import Q
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from petitions.models import Department

from .models import DepartmentChannelPage, NewsIndexPage


def register(router):
    """Add this app's viewsets to the project's API router (news is served by the page API)."""


def subtree_filter(pages):
    """Pages below (or at) any of these pages."""
    condition = Q(pk__in=[])
    for page in pages:
        condition |= Q(path__startswith=page.path)
    return condition


class ChannelPagesAPIViewSet(PagesAPIViewSet):
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["channel", "department"])

    # These are filtered here by subtree, not by Wagtail's per-field filter.
    OWN_FILTERS = ("channel", "department")

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            fields = [field for field in fields if field not in cls.OWN_FILTERS]
        return fields

    def get_queryset(self):
        queryset = super().get_queryset()
        channel = self.request.GET.get("channel")
        if channel:
            indexes = Page.objects.filter(
                pk__in=NewsIndexPage.objects.filter(channel=channel).values("pk")
            ).only("path", "depth")
            queryset = queryset.filter(subtree_filter(indexes)).exclude(
                pk__in=[index.pk for index in indexes]
            )
        department = self.request.GET.get("department")
        if department:
            lookup = (
                Q(slug=department) | Q(pk=int(department)) if department.isdigit() else Q(slug=department)
            )
            channels = DepartmentChannelPage.objects.filter(
                department__in=Department.objects.filter(lookup)
            ).only("path", "depth")
            queryset = queryset.filter(subtree_filter(channels))
        return queryset
