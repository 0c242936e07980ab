"""Paging through the board's petitions so that a deep page costs what the first one does.

Two ways, both over the board's partial indexes (``Petition.Meta.indexes``):

- **Cursors** (``Keyset``): the board's order is total (it ends with the id), so "the rows after this
  one" is a range condition on the ordering columns, read from the index in order and stopped after one
  page — the same work on the first page and the 5,000th. A cursor is that row's ordering values, opaque to
  clients; the JSON API and Open311 give one in their next and previous links.
- **Page numbers** (``BoardPaginator``): ``?page=500`` still has to skip 9,980 rows, but it skips them in
  the index alone (an id-only lookup the index covers, no table rows), then reads the page's 20 rows by id;
  the first page, with nothing to skip, reads its rows at once.

Counting a board of 100,000 rows takes longer than a page itself, so a large count may be a minute old
(``cached_count``); small counts are never cached, as a stale count would cut short the page it bounds.
"""

import base64
import binascii
import hashlib
import json

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

COUNT_CACHE_FROM = 1000


def cached_count(queryset):
    key = "petitions:count:" + hashlib.sha256(str(queryset.query).encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        if count >= COUNT_CACHE_FROM:
            cache.set(key, count, 60)
    return count


class CachedCountPaginator(Paginator):
    """Django's paginator with ``cached_count``."""

    @cached_property
    def count(self):
        return cached_count(self.object_list)


class BoardPaginator(CachedCountPaginator):
    """Pages of the board by number, the rows to skip skipped in the index (a deferred id lookup)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count) if self.count else bottom + self.per_page
        if bottom == 0:  # nothing to skip: the rows themselves, in one query
            return self._get_page(list(self.object_list[:top]), number, self)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class InvalidCursor(ValueError):
    pass


class Keyset:
    """A total order of a queryset (its ``order_by``, each field descending or ascending, ending with the
    primary key) and the conditions "after" or "before" a row in it."""

    def __init__(self, model, ordering):
        self.model = model
        self.ordering = [self._field_name(item) for item in ordering]
        if self.ordering[-1].lstrip("-") != model._meta.pk.name:
            raise ValueError(f"A keyset order must end with the primary key, not {ordering!r}.")

    def _field_name(self, item):
        descending = item.startswith("-")
        name = item.lstrip("-")
        if name == "pk":
            name = self.model._meta.pk.name
        return ("-" if descending else "") + name

    @classmethod
    def of(cls, queryset):
        return cls(queryset.model, list(queryset.query.order_by or queryset.model._meta.ordering))

    @property
    def names(self):
        return [item.lstrip("-") for item in self.ordering]

    def values(self, row):
        """The ordering values of a row: a model instance or a ``values()`` dict."""
        if isinstance(row, dict):
            return [row[name] for name in self.names]
        return [getattr(row, name) for name in self.names]

    def _compare(self, values, backwards):
        """The condition for rows strictly past ``values`` in this order (before them when backwards).

        Written as ``a <= x AND (a < x OR (a = x AND …))`` so that the first column bounds an index range
        and the rest only filter its edge."""
        condition = None
        for item, value in reversed(list(zip(self.ordering, values, strict=True))):
            name = item.lstrip("-")
            lookup = "lt" if item.startswith("-") != backwards else "gt"
            past = Q(**{f"{name}__{lookup}": value})
            condition = past if condition is None else past | (Q(**{name: value}) & condition)
        first = self.ordering[0]
        bound = "lte" if first.startswith("-") != backwards else "gte"
        return Q(**{f"{first.lstrip('-')}__{bound}": values[0]}) & condition

    def page(self, queryset, values, *, backwards=False, size=20):
        """Up to ``size + 1`` rows past ``values`` (all from the start when None), in this order
        (``backwards``: the rows before ``values``, read in reverse and returned in this order)."""
        ordering = self.ordering
        if backwards:
            ordering = [item[1:] if item.startswith("-") else "-" + item for item in ordering]
        queryset = queryset.order_by(*ordering)
        if values is not None:
            queryset = queryset.filter(self._compare(values, backwards))
        rows = list(queryset[: size + 1])
        if backwards:
            rows.reverse()
        return rows

    # --- the cursor: the ordering values of a row, as opaque text --------------------------------------

    def encode(self, row, *, backwards=False):
        values = [value.isoformat() if hasattr(value, "isoformat") else value for value in self.values(row)]
        payload = {"o": ",".join(self.ordering), "v": values}
        if backwards:
            payload["b"] = 1
        text = json.dumps(payload, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def decode(self, cursor):
        """(values, backwards) from a cursor this order wrote; ``InvalidCursor`` for anything else."""
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            payload = json.loads(text)
            if not isinstance(payload, dict) or payload.get("o") != ",".join(self.ordering):
                raise InvalidCursor(cursor)
            raw = payload["v"]
            if not isinstance(raw, list) or len(raw) != len(self.ordering):
                raise InvalidCursor(cursor)
            values = [
                self.model._meta.get_field(name).to_python(value)
                for name, value in zip(self.names, raw, strict=True)
            ]
        except (
            binascii.Error,
            UnicodeDecodeError,
            ValueError,
            KeyError,
            TypeError,
            OverflowError,
            ValidationError,
        ):
            raise InvalidCursor(cursor) from None
        if any(value is None or (isinstance(value, int) and abs(value) >= 2**63) for value in values):
            raise InvalidCursor(cursor)
        return values, bool(payload.get("b"))
