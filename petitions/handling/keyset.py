"""Keyset pages for the admin queues: the next page starts after the last row shown, so page 500 costs what
page 1 costs, and no page counts the whole list.

A queue is ordered by one date and the id (``due_at, id`` or ``-replied_at, -id``); a cursor is that pair
of the row a page ends or starts at, written in the link (``?after=…`` / ``?before=…``). The condition
repeats the date as a plain bound (``due_at >= cursor``) so the database reads the index from the cursor
on. The workflow sets the ordering date in every state a queue lists, so rows without one are not listed.
A cursor that does not parse is ignored: the first page is shown.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_other_pages(self):
        return bool(self.next_cursor or self.previous_cursor)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def cursor_of(row, field_name):
    """``<microseconds since 1970>-<id>``: exact, and nothing in it needs escaping in a link."""
    return f"{(getattr(row, field_name) - EPOCH) // MICROSECOND}-{row.pk}"


def parse_cursor(text):
    """``(moment, pk)`` from a cursor, or ``None`` when it is not one."""
    micros, _sep, pk = (text or "").partition("-")
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18 or len(pk) > 18:
        return None
    try:
        return EPOCH + int(micros) * MICROSECOND, int(pk)
    except OverflowError:
        return None


def _beyond(field_name, cursor, later):
    """Rows after (``later``) or before the cursor, in ascending ``field_name, pk`` order."""
    value, pk = cursor
    if later:
        return Q(**{f"{field_name}__gte": value}) & (
            Q(**{f"{field_name}__gt": value}) | Q(**{field_name: value, "pk__gt": pk})
        )
    return Q(**{f"{field_name}__lte": value}) & (
        Q(**{f"{field_name}__lt": value}) | Q(**{field_name: value, "pk__lt": pk})
    )


def keyset_page(queryset, field_name, *, descending=False, after=None, before=None, per_page=50):
    """One page of ``queryset`` ordered by ``field_name`` and id (``descending``: newest first), the page
    after the cursor ``after`` or before the cursor ``before`` (first page: neither)."""
    queryset = queryset.filter(**{f"{field_name}__isnull": False})
    forward = ("-" if descending else "") + field_name, ("-pk" if descending else "pk")
    backward = (field_name if descending else "-" + field_name), ("pk" if descending else "-pk")
    after, before = parse_cursor(after), parse_cursor(before)
    if before is not None:
        rows = list(
            queryset.filter(_beyond(field_name, before, later=descending)).order_by(*backward)[: per_page + 1]
        )
        more = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_next, has_previous = True, more
    else:
        if after is not None:
            queryset = queryset.filter(_beyond(field_name, after, later=not descending))
        rows = list(queryset.order_by(*forward)[: per_page + 1])
        has_next, has_previous = len(rows) > per_page, after is not None
        rows = rows[:per_page]
    return KeysetPage(
        rows,
        next_cursor=cursor_of(rows[-1], field_name) if rows and has_next else None,
        previous_cursor=cursor_of(rows[0], field_name) if rows and has_previous else None,
    )
