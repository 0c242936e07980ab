"""Opening hours: one rule for storing them, checking them and asking "open now?" in the database.

Each row is one opening on one weekday (``weekday`` 0 = Monday): it opens at ``opens`` and closes at
``closes`` the same day, or the next day when ``closes_next_day`` is set (a bar open 18:00-02:00). A
row is stored with its place in the week in minutes, ``start_minute`` from Monday 00:00 and
``end_minute`` (which may run past the end of the week on a Sunday night). A merchant is open at
minute ``m`` of the week when a row has ``start <= m < end``, or ``start <= m + WEEK < end`` for the
Sunday-night opening that spills into Monday morning. That is two indexed comparisons, so "open now"
is a filter in the query, never a loop in Python over every merchant.

Times are Asia/Shanghai whatever the server's zone.
"""

from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

DAY = 24 * 60
WEEK = 7 * DAY
SHANGHAI = ZoneInfo("Asia/Shanghai")


def minutes(value):
    return value.hour * 60 + value.minute


def week_interval(weekday, opens, closes, closes_next_day):
    """The row's (start, end) in minutes from Monday 00:00."""
    start = weekday * DAY + minutes(opens)
    end = weekday * DAY + minutes(closes) + (DAY if closes_next_day else 0)
    return start, end


def row_error(opens, closes, closes_next_day):
    """What is wrong with one row, or None."""
    if opens is None or closes is None:
        return None
    if closes_next_day:
        if minutes(closes) > minutes(opens):
            return _("跨到次日的营业时间不能超过24小时，请检查结束时间。")
        return None
    if minutes(closes) <= minutes(opens):
        return _("结束时间早于或等于开始时间；如果营业到次日凌晨，请勾选“次日”。")
    return None


def _overlap(first, second):
    """Whether two week intervals overlap, counting the week as a circle."""
    return any(first[0] + shift < second[1] and second[0] < first[1] + shift for shift in (-WEEK, 0, WEEK))


def overlap_errors(rows):
    """{row index: message} for rows (weekday, opens, closes, next_day) overlapping an earlier row."""
    intervals = []
    errors = {}
    for index, (weekday, opens, closes, next_day) in enumerate(rows):
        if weekday is None or opens is None or closes is None or row_error(opens, closes, next_day):
            continue
        interval = week_interval(weekday, opens, closes, next_day)
        for other_index, other in intervals:
            if _overlap(interval, other):
                errors[index] = _("这段营业时间与第 %(number)s 行重叠。") % {"number": other_index + 1}
                break
        intervals.append((index, interval))
    return errors


def minute_of_week(now=None):
    local = timezone.localtime(now or timezone.now(), SHANGHAI)
    return local.weekday() * DAY + local.hour * 60 + local.minute


def open_at_q(now=None, prefix=""):
    """A filter on opening-hours rows that are open at ``now`` (default: this minute)."""
    minute = minute_of_week(now)
    return Q(**{f"{prefix}start_minute__lte": minute, f"{prefix}end_minute__gt": minute}) | Q(
        **{f"{prefix}start_minute__lte": minute + WEEK, f"{prefix}end_minute__gt": minute + WEEK}
    )
