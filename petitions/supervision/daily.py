"""The statistics' per-day aggregates (``DailyFigures``): what each petition adds to which day, kept exact.

A petition *contributes* to the day of each of its dates, under its current handling unit, topic and intake
channel (department 0: none; channel "": not recorded) — a duplicate (``duplicate_of``) nothing —, exactly what ``stats._count_conditions`` counts for a period holding that date:

    received          1 on the day of ``submitted_at``
    accepted          1 on the day of ``accepted_at``
    dispatched        1 on the day of ``assigned_at``
    dispatched_closed 1 on the day of ``assigned_at`` if ``closed_at`` is set (see the completion rate)
    replied           1 on the day of ``replied_at``
    responded         1 on the day of ``replied_at`` if it was dispatched; ``response_seconds`` adds
                      ``replied_at - assigned_at`` there
    closed            1 on the day of ``closed_at``
    due               1 on the day of ``reply_due_at``; ``due_on_time`` 1 more if replied by it
    claim_late        1 on the day of its current dispatch's claim deadline if it was not claimed by then
    rated             1 on the day of ``rated_at``; ``rated_satisfied`` 1 more if 满意 or 基本满意
    supervised        1 on the day of ``supervised_at``
    returned          1 on the day each returned dispatch was returned, under the unit it was sent to

The workflow calls ``keep`` (registered with ``workflow.watch`` in ``petitions.apps``) inside the
transaction of every change: it takes the petition's contributions before and after and adds the
difference, one upsert, rows locked in key order. A rating that reopens, a return and a second dispatch,
an extension, an edit of the topic: each moves exactly what changed, so the sums always equal what a
query over the petitions counts (tests/petitions/test_daily_figures.py checks it after every kind of
transition). ``rebuild`` recomputes every row from the petitions with the same ``contributions``.

Three figures are not a plain sum of days, and are finished with small indexed queries instead:

- completion rate: "dispatched in the period and closed before its end" depends on two dates. The days
  give "dispatched in the period and closed by now"; the petitions dispatched in the period but closed
  on or after its end are subtracted by one query over ``assigned_at`` (none when the period has not
  ended yet, so no query).
- overdue and claim overdue are judged at ``as_of``: whole days before it come from the aggregates
  (``due - due_on_time`` and ``claim_late``); the part of the day ``as_of`` falls in, from midnight to
  ``as_of``, is one query each over that day's deadlines.
"""

import datetime
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import DailyFigures, Petition, PetitionDispatch
from ..models.daily import MEASURES

SATISFIED = (Petition.Rating.SATISFIED, Petition.Rating.FAIR)
PETITION_FIELDS = (
    "pk",
    "department_id",
    "topic_id",
    "status",
    "submitted_at",
    "accepted_at",
    "assigned_at",
    "claimed_at",
    "replied_at",
    "closed_at",
    "reply_due_at",
    "rated_at",
    "rating",
    "supervised_at",
    "intake_channel",
    "duplicate_of_id",
)
#: statuses a petition has never been dispatched in (so it has no dispatch rows to read)
_NEVER_DISPATCHED = (Petition.Status.PENDING, Petition.Status.REJECTED)


def _zone():
    return timezone.get_default_timezone()


def day_of(moment):
    """The local day (the site's time zone, not the user's) a moment falls in."""
    return moment.astimezone(_zone()).date()


class _State:
    """What a petition's contributions depend on, copied: its dates, keys and dispatches."""

    __slots__ = (*PETITION_FIELDS, "dispatches")

    def __init__(self, values, dispatches):
        for name, value in zip(PETITION_FIELDS, values, strict=True):
            setattr(self, name, value)
        self.dispatches = dispatches  # ((department_id, claim_due_at, returned_at), ...)

    @classmethod
    def of(cls, petition, dispatches=None):
        values = [getattr(petition, name) for name in PETITION_FIELDS]
        if dispatches is None:
            dispatches = _dispatches_of(petition)
        return cls(values, dispatches)


def _dispatches_of(petition):
    if petition.pk is None or petition.status in _NEVER_DISPATCHED:
        return ()
    return tuple(
        PetitionDispatch.objects.filter(petition_id=petition.pk)
        .order_by("pk")
        .values_list("department_id", "claim_due_at", "returned_at")
    )


def contributions(state, into=None, sign=1):
    """Add ``state``'s contributions (times ``sign``) to ``into``:
    ``{(day, department, topic, channel): {measure: n}}``."""
    into = defaultdict(lambda: defaultdict(int)) if into is None else into
    if state.duplicate_of_id is not None:
        return into  # a duplicate is counted once, as its original (``Petition.objects.counted``)
    department, topic, channel = state.department_id or 0, state.topic_id, state.intake_channel or ""

    def add(moment, measure, amount=1, unit=None):
        if moment is not None:
            key = (day_of(moment), department if unit is None else unit, topic, channel)
            into[key][measure] += sign * amount

    add(state.submitted_at, "received")
    add(state.accepted_at, "accepted")
    if state.assigned_at is not None:
        add(state.assigned_at, "dispatched")
        if state.closed_at is not None:
            add(state.assigned_at, "dispatched_closed")
    if state.replied_at is not None:
        add(state.replied_at, "replied")
        if state.assigned_at is not None:
            add(state.replied_at, "responded")
            add(state.replied_at, "response_seconds", (state.replied_at - state.assigned_at).total_seconds())
    add(state.closed_at, "closed")
    if state.reply_due_at is not None:
        add(state.reply_due_at, "due")
        if state.replied_at is not None and state.replied_at <= state.reply_due_at:
            add(state.reply_due_at, "due_on_time")
    if state.rated_at is not None:
        add(state.rated_at, "rated")
        if state.rating in SATISFIED:
            add(state.rated_at, "rated_satisfied")
    add(state.supervised_at, "supervised")
    for unit, claim_due_at, returned_at in state.dispatches:
        if returned_at is not None:
            add(returned_at, "returned", unit=unit)
        elif state.claimed_at is None or state.claimed_at > claim_due_at:
            # the workflow keeps one dispatch not returned at a time: its current one
            add(claim_due_at, "claim_late")
    return into


# --- keeping the rows up to date ---------------------------------------------------------------------


def keep(petition):
    """``workflow.watch`` hook: read ``petition``'s contributions now; return what adds the change later.

    The returned function takes the petition as saved (or ``None`` when it is being deleted).
    """
    before = _State.of(petition) if petition is not None and petition.pk is not None else None

    def changed(after):
        delta = defaultdict(lambda: defaultdict(int))
        if before is not None:
            contributions(before, delta, sign=-1)
        if after is not None:
            same_dispatches = before is not None and (before.assigned_at, before.department_id) == (
                after.assigned_at,
                after.department_id,
            )
            # every change of a petition's dispatch rows (a dispatch, a return) changes its assigned_at
            contributions(_State.of(after, before.dispatches if same_dispatches else None), delta)
        add(delta)

    return changed


def add(delta):
    """Add ``delta`` (``{(day, department, topic, channel): {measure: n}}``) to the rows: one upsert, in key
    order."""
    rows = []
    for key in sorted(delta):
        values = delta[key]
        if any(values.values()):
            rows.append((*key, *(values.get(measure, 0) for measure in MEASURES)))
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(DailyFigures._meta.db_table)
    keys = ["day", "department_key", "topic_key", "channel_key"]
    columns = ", ".join(quote(c) for c in [*keys, *MEASURES])
    one_row = "(" + ", ".join(["%s"] * (len(keys) + len(MEASURES))) + ")"
    updates = ", ".join(f"{quote(m)} = {table}.{quote(m)} + excluded.{quote(m)}" for m in MEASURES)
    conflict = ", ".join(quote(c) for c in keys)
    # names from the model, every value a parameter
    sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one_row] * len(rows))}"  # noqa: S608
    sql += f" ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def on_petition_deleted(sender, instance, **kwargs):
    """``pre_delete`` receiver: a deleted petition takes its contributions with it."""
    keep(instance)(None)


def rebuild(models=None, chunk_size=2000):
    """Recompute every row from the petitions and their dispatches; return the number of rows.

    ``models`` (``Petition``, ``PetitionDispatch``, ``DailyFigures``) are the migration's historical
    ones when a data migration calls this; by default the current ones. On PostgreSQL the table is
    locked first, so a transition running meanwhile either is read here or adds its change after.
    """
    petition_model, dispatch_model, daily_model = models or (Petition, PetitionDispatch, DailyFigures)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(daily_model._meta.db_table)} IN EXCLUSIVE MODE"
                )
        dispatches = defaultdict(list)
        for petition_id, *row in (
            dispatch_model.objects.order_by("petition_id", "pk")
            .values_list("petition_id", "department_id", "claim_due_at", "returned_at")
            .iterator(chunk_size=chunk_size)
        ):
            dispatches[petition_id].append(tuple(row))
        totals = defaultdict(lambda: defaultdict(int))
        petitions = petition_model.objects.order_by("pk")
        if not any(f.name == "duplicate_of" for f in petition_model._meta.get_fields()):
            # a migration before 0014's historical model: no petition is a duplicate yet
            petitions = petitions.annotate(duplicate_of_id=Value(None, output_field=IntegerField()))
        petitions = petitions.values_list(*PETITION_FIELDS)
        for values in petitions.iterator(chunk_size=chunk_size):
            contributions(_State(values, tuple(dispatches.get(values[0], ()))), totals)
        rows = [
            daily_model(day=day, department_key=department, topic_key=topic, channel_key=channel, **measures)
            for (day, department, topic, channel), measures in sorted(totals.items())
            if any(measures.values())
        ]
        daily_model.objects.all().delete()
        daily_model.objects.bulk_create(rows, batch_size=chunk_size)
    return len(rows)


# --- reading a period's sums -------------------------------------------------------------------------


def is_whole_days(period):
    """Whether ``period`` starts and ends at local midnight (the aggregates know nothing finer)."""
    zone = _zone()
    return all(moment.astimezone(zone).time() == datetime.time.min for moment in (period.start, period.end))


#: the grouping names ``sums`` knows, and the key each reads from the rows and from the petitions
GROUPS = {
    None: (None, None),
    "department": ("department_key", Coalesce("department_id", 0)),
    "topic": ("topic_key", F("topic_id")),
    "channel": ("channel_key", F("intake_channel")),
}
COUNTS = [m for m in MEASURES if m not in ("dispatched_closed", "response_seconds", "claim_late")]


def sums(periods, group=None, *, topic=None, department_ids=None, now=None):
    """``[{group key: {count: n, "response_seconds": s}}]``, one dict per period (whole days, disjoint).

    The counts are the ones ``stats.COUNT_KEYS`` names, ready for ``stats.Figures``; ``group`` is
    ``None`` (everything, key ``None``), ``"department"`` (0: no department), ``"topic"`` or ``"channel"``
    (the intake channel's value, "": not recorded).
    ``topic`` and ``department_ids`` narrow what is counted as the statistics page's filters do.
    """
    now = now or timezone.now()
    row_key, petition_key = GROUPS[group]
    found = [defaultdict(_empty) for _period in periods]
    as_of = [period.as_of(now) for period in periods]

    rows = DailyFigures.objects.filter(
        day__gte=min(p.first_day for p in periods), day__lte=max(p.last_day for p in periods)
    )
    if topic is not None:
        rows = rows.filter(topic_key=topic)
    if department_ids is not None:
        rows = rows.filter(department_key__in=list(department_ids))
    in_period = [Q(day__gte=p.first_day, day__lte=p.last_day) for p in periods]
    before_as_of = [
        Q(day__gte=p.first_day, day__lt=day_of(moment)) for p, moment in zip(periods, as_of, strict=True)
    ]
    names = [row_key] if row_key else []
    if len(periods) > 1:
        rows = rows.annotate(bucket=_which(in_period))
        names.append("bucket")
    aggregates = {f"sum_{m}": Sum(m) for m in (*COUNTS, "dispatched_closed", "response_seconds")}
    aggregates["late_days"] = Sum(_when_any(before_as_of, F("due") - F("due_on_time")))
    aggregates["claim_late_days"] = Sum(_when_any(before_as_of, F("claim_late")))
    rows = rows.order_by()
    for row in rows.values(*names).annotate(**aggregates) if names else [rows.aggregate(**aggregates)]:
        counts = found[row.get("bucket", 0)][row[row_key] if row_key else None]
        for measure in (*COUNTS, "dispatched_closed", "response_seconds"):
            counts[measure] += row[f"sum_{measure}"] or 0
        counts["overdue"] += row["late_days"] or 0
        counts["claim_overdue"] += row["claim_late_days"] or 0

    petitions = Petition.objects.counted()
    if topic is not None:
        petitions = petitions.filter(topic_id=topic)
    if department_ids is not None:
        petitions = petitions.filter(department_id__in=list(department_ids))
    _closed_after_the_end(periods, petitions, petition_key, found)
    _late_so_far_today(periods, as_of, petitions, petition_key, found)
    return found


def _empty():
    counts = dict.fromkeys([*COUNTS, "dispatched_closed", "overdue", "claim_overdue"], 0)
    counts["response_seconds"] = 0.0
    return counts


def _which(conditions):
    return Case(*[When(c, then=Value(i)) for i, c in enumerate(conditions)], output_field=IntegerField())


def _when_any(conditions, value):
    return Case(*[When(c, then=value) for c in conditions], default=Value(0), output_field=IntegerField())


def _grouped(queryset, key, extra=(), **counts):
    """``queryset``'s rows counted per ``key`` (``None``: all together) and ``extra`` names:
    ``[(key, *extra, *counts)]``, each count a ``Count`` (by default ``n``, every row)."""
    queryset = queryset.order_by()
    counts = counts or {"n": Count("*")}
    if key is None and not extra:
        return [(None, *queryset.aggregate(**counts).values())]
    if key is None:
        return [(None, *row) for row in queryset.values_list(*extra).annotate(**counts)]
    return queryset.annotate(group_key=key).values_list("group_key", *extra).annotate(**counts)


def _closed_after_the_end(periods, petitions, key, found):
    """Take out of ``dispatched_closed`` what was dispatched in a period but closed on or after its end:
    one query over the ended periods (a period not ended yet has none), one part per period, each read
    from the covering index on ``assigned_at, closed_at, department, topic`` alone."""
    now = timezone.now()
    parts = []
    for i, period in enumerate(periods):
        if period.end > now:
            continue
        late = petitions.filter(
            assigned_at__gte=period.start, assigned_at__lt=period.end, closed_at__gte=period.end
        ).annotate(bucket=Value(i, output_field=IntegerField()))
        parts.append(_grouped(late, key, ["bucket"]) if key is not None else _bucket_counts(late))
    if not parts:
        return
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for row in rows:
        group_key, bucket, n = row if key is not None else (None, *row)
        found[bucket][group_key]["dispatched_closed"] -= n


def _bucket_counts(queryset):
    return queryset.order_by().values_list("bucket").annotate(n=Count("*"))


def _late_so_far_today(periods, as_of, petitions, key, found):
    """Add the overdue and claim-overdue deadlines of the day ``as_of`` falls in, from its midnight to
    ``as_of`` (the day's rows hold the whole day's deadlines, most of them still to come): two queries,
    each over one day of an indexed deadline."""
    for i, (period, moment) in enumerate(zip(periods, as_of, strict=True)):
        midnight = timezone.make_aware(datetime.datetime.combine(day_of(moment), datetime.time.min), _zone())
        since = max(period.start, midnight)
        if since >= moment:
            continue
        replied_on_time = Q(replied_at__isnull=False, replied_at__lte=F("reply_due_at"))
        late = petitions.filter(reply_due_at__gte=since, reply_due_at__lt=moment).exclude(replied_on_time)
        for group_key, n in _grouped(late, key):
            found[i][group_key]["overdue"] += n
        # one filter(): the conditions are on the same dispatch (the current one, not returned)
        claims = petitions.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__gt=F("dispatches__claim_due_at")),
            dispatches__returned_at__isnull=True,
            dispatches__claim_due_at__gte=since,
            dispatches__claim_due_at__lt=moment,
        )
        for group_key, n in _grouped(claims, key):
            found[i][group_key]["claim_overdue"] += n
