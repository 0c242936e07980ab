"""Filters and sorts of a directory category, shared by the category page and the API.

The filter is one form: tag, street, price range, "open now" and a sort. Every filter is a condition in
the query on an indexed column, and "open now" is the ``open_now()`` subquery (see ``merchants.hours``).
"""

from django import forms
from django.core.cache import cache
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .models import MerchantPage, MerchantTag

SORTS = {
    "name": ("title", "pk"),
    "newest": ("-first_published_at", "-pk"),
    "price": (F("price_per_person").asc(nulls_last=True), "pk"),
    "price_desc": (F("price_per_person").desc(nulls_last=True), "pk"),
}


class MerchantFilterForm(forms.Form):
    tag = forms.CharField(label=_("标签"), required=False, max_length=50)
    street = forms.CharField(label=_("街道或乡镇"), required=False, max_length=40)
    price_min = forms.IntegerField(label=_("人均最低（元）"), required=False, min_value=0, max_value=100000)
    price_max = forms.IntegerField(label=_("人均最高（元）"), required=False, min_value=0, max_value=100000)
    open_now = forms.BooleanField(label=_("正在营业"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("", _("默认")),
            ("name", _("按名称")),
            ("newest", _("最新入驻")),
            ("price", _("人均从低到高")),
            ("price_desc", _("人均从高到低")),
        ],
    )

    def clean(self):
        cleaned_data = super().clean()
        low, high = cleaned_data.get("price_min"), cleaned_data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("最高人均不能低于最低人均。"))
            cleaned_data.pop("price_min", None)  # a reversed range filters nothing rather than half of it
        return cleaned_data


def apply_filters(queryset, data):
    """The merchants matching cleaned filter ``data``, annotated with ``is_open`` and sorted."""
    if data.get("tag"):
        queryset = queryset.filter(
            pk__in=MerchantTag.objects.filter(tag__name=data["tag"]).values("content_object_id")
        )
    if data.get("street"):
        queryset = queryset.filter(street=data["street"])
    if data.get("price_min") is not None:
        queryset = queryset.filter(price_per_person__gte=data["price_min"])
    if data.get("price_max") is not None:
        queryset = queryset.filter(price_per_person__lte=data["price_max"])
    queryset = queryset.with_open_now()
    if data.get("open_now"):
        queryset = queryset.filter(is_open=True)
    sort = data.get("sort") or "name"
    return queryset.order_by(*SORTS[sort])


def filtered_merchants(queryset, params):
    """(form, queryset) for request parameters; invalid filters are ignored on the site, shown on the form."""
    form = MerchantFilterForm(params)
    data = (
        form.cleaned_data
        if form.is_valid()
        else {
            name: value
            for name, value in getattr(form, "cleaned_data", {}).items()
            if name not in form.errors
        }
    )
    return form, apply_filters(queryset, data)


def filter_options(category):
    """Tags and streets used in one category, for the filter's choices; cached because every visit asks."""
    key = f"merchants:options:{category.pk}:{category.latest_revision_id}"
    options = cache.get(key)
    if options is None:
        merchants = MerchantPage.objects.child_of(category).live().values("pk")
        tags = list(
            Tag.objects.filter(merchants_merchanttag_items__content_object__in=merchants)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        streets = list(
            MerchantPage.objects.child_of(category)
            .live()
            .order_by("street")
            .values_list("street", flat=True)
            .distinct()
        )
        options = {"tags": tags, "streets": streets}
        cache.set(key, options, 300)
    return options
