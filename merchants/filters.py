"""Filters and sorts of a directory category, shared by the category page and the API.

The filter is one form: tag, street, price range, "open now" and a sort. Every filter is a condition in
the query on an indexed column (``MerchantPage.objects.filtered``), and "open now" is the ``open_now()``
subquery (see ``merchants.hours``). The choices a category offers are its ``filter_options()``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from rongmei.fields import StrictBooleanField, WholeNumberField


class MerchantFilterForm(forms.Form):
    tag = forms.CharField(label=_("标签"), required=False, max_length=50)
    street = forms.CharField(label=_("街道或乡镇"), required=False, max_length=40)
    price_min = WholeNumberField(label=_("人均最低（元）"), required=False, min_value=0, max_value=100000)
    price_max = WholeNumberField(label=_("人均最高（元）"), required=False, min_value=0, max_value=100000)
    open_now = StrictBooleanField(label=_("正在营业"))
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
    return form, queryset.filtered(data)
