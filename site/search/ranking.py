"""How search results are ordered: every weight in one place.

The database scores each match by the words it shares with the query, a title word counting ``TITLE``
times a word of the text (the index boost of the models' title fields). On top of that, a model may say
what else matters for it, with two attributes:

* ``search_date_field``: the field that dates an object (newer ranks higher, by ``RECENCY``, halving
  every ``HALF_LIFE_DAYS``);
* ``search_answered``: a ``Q`` that is true for an answered object (a petition with its reply), which
  ranks ``ANSWERED`` higher, because a resident searching wants the answer.

The final score is the relevance, scaled to the best match of the search (1.0), plus those bonuses; so an
answered petition comes first among equally relevant ones, and a recent one before an old one, but a
much better match stays ahead of either.
"""

from datetime import datetime

from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone

TITLE = 2
ANSWERED = 0.3
RECENCY = 0.2
HALF_LIFE_DAYS = 180


def ranked_by_model(model):
    return bool(getattr(model, "search_date_field", None) or getattr(model, "search_answered", None))


def rows(queryset):
    """(pk, date or None, answered) of every object of ``queryset``, for ``order``."""
    model = queryset.model
    date_field = getattr(model, "search_date_field", None)
    answered = getattr(model, "search_answered", None)
    queryset = queryset.order_by().annotate(
        _answered=Case(When(answered, then=Value(True)), default=Value(False), output_field=BooleanField())
        if answered is not None
        else Value(False, output_field=BooleanField())
    )
    if date_field:
        return queryset.values_list("pk", date_field, "_answered")
    return [(pk, None, flag) for pk, flag in queryset.values_list("pk", "_answered")]


def bonus(date, answered, now):
    extra = ANSWERED if answered else 0.0
    if isinstance(date, datetime):
        age_days = max(0.0, (now - date).total_seconds() / 86400)
        extra += RECENCY * 0.5 ** (age_days / HALF_LIFE_DAYS)
    return extra


def order(ranked_rows, relevance):
    """Primary keys best first: ``relevance(pk)`` (higher is better) scaled to the best, plus bonuses;
    ties newest first, as modelsearch orders."""
    ranked_rows = list(ranked_rows)
    best = max((relevance(pk) for pk, _date, _answered in ranked_rows), default=0.0) or 1.0
    now = timezone.now()
    scored = [(relevance(pk) / best + bonus(date, answered, now), pk) for pk, date, answered in ranked_rows]
    scored.sort(key=lambda item: (-item[0], -item[1] if isinstance(item[1], int) else 0))
    return [pk for _score, pk in scored]
