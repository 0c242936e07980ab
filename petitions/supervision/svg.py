"""Bar charts drawn on the server as inline SVG: readable without JavaScript, printable, accessible.

Each chart has a ``<title>`` (its ``title``) and every row a ``<title>`` naming the row and its value
("西区水务局：85.0%"), with the value also printed as text, so a screen reader or a black-and-white print
still carries the numbers; a row without a value says so.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ROW_HEIGHT = 24
LABEL_WIDTH = 150
BAR_WIDTH = 300
VALUE_WIDTH = 70


def bar_chart(rows, *, unit="", maximum=None, title=""):
    """Horizontal bars for ``rows`` of ``(label, value)``; a ``None`` value is drawn as "—" with no bar."""
    values = [value for _label, value in rows if value is not None]
    if maximum is None:
        maximum = 100 if unit == "%" else max(values or [0])
    maximum = maximum or 1
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * max(len(rows), 1) + 4
    parts = [
        f'<svg class="bar-chart" role="img" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' width="100%" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT + 2
        text = "—" if value is None else _value_text(value, unit)
        spoken = _("%(name)s：%(value)s") % {"name": label, "value": _("无数据") if value is None else text}
        parts.append(f"<g><title>{escape(spoken)}</title>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end" font-size="13">{escape(label)}</text>'
        )
        if value is not None:
            bar = max(0.0, min(1.0, float(value) / maximum)) * BAR_WIDTH
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{bar:.1f}" height="{ROW_HEIGHT - 8}"'
                ' fill="#c8102e" stroke="#7a0a1c"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 16}" font-size="13">{escape(text)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated string is escaped above


def _value_text(value, unit):
    return f"{value:g}{unit}" if isinstance(value, (int, float)) else f"{value}{unit}"
