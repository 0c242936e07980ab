"""Working-day deadlines (工作日 / 调休): the one place that counts them.

A date is a working day when an editor's ``CalendarCorrection`` says so, else when the maintained
``chinesecalendar`` package says so (weekends, statutory holidays and their make-up working days), else
— for a year the installed package does not cover yet — when it is Monday to Friday.

A deadline of *n* working days from a moment ends at 23:59:59 (local time) of the *n*-th working day
after that moment's date: a petition dispatched on Friday with 1 working day to claim is due on Monday
evening, one dispatched on 30 September 2026 is due on 9 October (National Day holiday and its make-up
days).

Deadlines the workflow sets (see ``workflow``):
- decision (受理 or 不予受理): 1 working day from submission (``DECISION_DAYS``);
- claim (签收): 1 working day from dispatch (``CLAIM_DAYS``);
- reply (答复): the topic's ``reply_days`` (default 5) from **dispatch**, not from claim, so the deadline
  is known when the referral letter is printed and a slow claim cannot lengthen it. A reopened petition
  (second handling) gets a fresh reply deadline from the reopening; an approved extension adds its days.
"""

import datetime

import chinese_calendar
from django.utils import timezone

from ..models import CalendarCorrection

DECISION_DAYS = 1
CLAIM_DAYS = 1
DEFAULT_REPLY_DAYS = 5
#: an extension may be asked for once, of at most this many working days
EXTENSION_MAX_DAYS = 10
EXTENSION_MAX_COUNT = 1
#: a replied petition that nobody rates closes after this many (calendar) days
RATING_DAYS = 7
#: ... and its resident is reminded to rate after this many
RATING_REMINDER_DAYS = 3


def _corrections(start, end):
    return dict(
        CalendarCorrection.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "is_working_day"
        )
    )


def _library_says(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the installed release does not know yet
        return day.weekday() < 5


def is_working_day(day, corrections=None):
    if corrections is None:
        corrections = _corrections(day, day)
    if day in corrections:
        return corrections[day]
    return _library_says(day)


def add_working_days(start, days):
    """The end (23:59:59 local time) of the ``days``-th working day after ``start``'s date.

    ``start`` is an aware datetime (or a date); ``days`` ≥ 1.
    """
    if isinstance(start, datetime.datetime):
        start = timezone.localtime(start).date()
    # Holidays last at most ~9 days in a row, so a generous window holds every correction needed.
    corrections = _corrections(start, start + datetime.timedelta(days=days * 3 + 30))
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, corrections):
            remaining -= 1
    end_of_day = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(end_of_day)


def working_days_between(start, end):
    """Working days after ``start``'s date up to and including ``end``'s date (0 if ``end`` is earlier)."""
    start = timezone.localtime(start).date() if isinstance(start, datetime.datetime) else start
    end = timezone.localtime(end).date() if isinstance(end, datetime.datetime) else end
    corrections = _corrections(start, end)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, corrections)
    return count


def soon_horizon(now=None):
    """Petitions due before this moment (and not yet overdue) are "due soon": within one working day."""
    return add_working_days(now or timezone.now(), 1)


def due_soon(petitions, now=None):
    """The ``petitions`` (a queryset) not overdue yet, but due within one working day."""
    now = now or timezone.now()
    return petitions.awaiting_action().filter(due_at__gte=now, due_at__lte=soon_horizon(now))


def reply_days(petition):
    topic = petition.topic if petition.topic_id else None
    return topic.reply_days if topic is not None else DEFAULT_REPLY_DAYS
