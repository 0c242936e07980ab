from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from petitions.supervision.stats import RETURN_VISIT_RATES
from petitions.supervision.stats import percent as format_percent

register = template.Library()


@register.filter
def percent(value):
    return format_percent(value)


@register.filter
def change(value):
    """A rate's change since last week, in percentage points: ``▲ 2.5`` / ``▼ 1.0`` / ``—``."""
    if value is None:
        return ""
    if value > 0:
        return format_html(
            ' <small class="change up" title="{}">▲{}</small>', _("较上周上升（百分点）"), value
        )
    if value < 0:
        return format_html(
            ' <small class="change down" title="{}">▼{}</small>', _("较上周下降（百分点）"), -value
        )
    return format_html(' <small class="change same" title="{}">＝</small>', _("与上周持平"))


@register.simple_tag
def return_visit_figure(figures, key):
    """One return-visit figure as printed: a rate in percent (``—`` without a denominator), a count as is."""
    value = getattr(figures, key)
    return format_percent(value) if key in RETURN_VISIT_RATES else value
