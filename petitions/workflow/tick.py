"""The scheduled tick (``manage.py petitions_tick``, or the ``tick_task`` Django Task): closes, reminds
and escalates. Safe to run twice: every step selects only what is still to do, and every reminder is
recorded (``PetitionReminder``) before it is sent.

- close: a replied petition nobody rated for ``deadlines.RATING_DAYS`` days is closed (by the system);
- remind: staff of a department whose petition is due soon (once per deadline); the resident of a
  replied petition not yet rated after ``deadlines.RATING_REMINDER_DAYS`` days, asked again to
  rate (once per reply);
- escalate: a dispatched or claimed petition past its deadline is marked supervised (督办);
- overdue: every such petition is reminded once a day (local date), to the staff of its unit and to the
  units on duty that day (值班, ``DutyShift``; a named staff member on duty gets it in the unit's stead);
- deliver: webhook deliveries whose retry is due are sent again, and so are a district's calls to its
  city (and the city's progress polled). The exchange side owns deliveries, so it registers those steps (``register_delivery``, from ``petitions.apps``): the workflow never imports it.
- purge: idempotency tokens older than ten minutes are forgotten (``SubmissionToken``).
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from ..models import Petition, PetitionReminder, SubmissionToken
from . import deadlines, notifications
from .actors import TransitionError
from .perform import perform

S = Petition.Status


@dataclass
class TickResult:
    closed: int = 0
    reminded: int = 0
    escalated: int = 0
    delivered: int = 0
    purged: int = 0


_deliveries = []


def register_delivery(deliver_due):
    """Add a step that sends what is due and returns how many it sent: ``deliver_due(now) -> int``."""
    if deliver_due not in _deliveries:
        _deliveries.append(deliver_due)


def deliver_registered(now=None):
    """Every registered delivery step (webhook retries, calls to the city): how many succeeded."""
    return sum(deliver_due(now) for deliver_due in _deliveries)


def _remember(petition, kind, key):
    """Record a reminder; False if it was already sent (by an earlier or a parallel tick)."""
    try:
        with transaction.atomic():
            PetitionReminder.objects.create(petition=petition, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def _perform_quietly(petition, name):
    try:
        perform(petition, name, None)
    except TransitionError:  # its state changed since we selected it: nothing to do
        return False
    return True


def tick(now=None, deliver=True):
    """Every step, or all but the webhook retries when not ``deliver`` (RQ runs those as a job of their own)."""
    now = now or timezone.now()
    result = TickResult()
    unrated = Petition.objects.filter(status=S.REPLIED, rating="")

    cutoff = now - datetime.timedelta(days=deadlines.RATING_DAYS)
    for petition in unrated.filter(replied_at__lt=cutoff).only("pk"):
        result.closed += _perform_quietly(petition, "close")

    overdue = Petition.objects.overdue(now).filter(status__in=[S.ASSIGNED, S.PROCESSING], is_supervised=False)
    for petition in overdue.only("pk"):
        result.escalated += _perform_quietly(petition, "supervise")

    today = timezone.localdate(now).isoformat()
    sent_today = PetitionReminder.objects.filter(
        petition=OuterRef("pk"), kind=PetitionReminder.Kind.OVERDUE, key=today
    )
    late = Petition.objects.overdue(now).filter(
        status__in=[S.ASSIGNED, S.PROCESSING], department__isnull=False
    )
    for petition in late.exclude(Exists(sent_today)).only("pk"):
        if _remember(petition, PetitionReminder.Kind.OVERDUE, today):
            notifications.overdue.enqueue(petition.pk, today)
            result.reminded += 1

    soon = deadlines.due_soon(Petition.objects.filter(department__isnull=False), now)
    for petition in soon.only("pk", "due_at"):
        if _remember(petition, PetitionReminder.Kind.DUE_SOON, petition.due_at.isoformat()):
            notifications.due_soon.enqueue(petition.pk)
            result.reminded += 1

    # the reply's own notice already asks for a rating; this is the second ask, halfway to the closing
    reminder_before = now - datetime.timedelta(days=deadlines.RATING_REMINDER_DAYS)
    to_remind = unrated.filter(replied_at__gte=cutoff, replied_at__lt=reminder_before)
    for petition in to_remind.only("pk", "replied_at"):
        if _remember(petition, PetitionReminder.Kind.RATE, petition.replied_at.isoformat()):
            notifications.please_rate.enqueue(petition.pk)
            result.reminded += 1

    if deliver:
        result.delivered = deliver_registered(now)
    result.purged, _per_model = SubmissionToken.objects.expired(now).delete()
    return result


@task()
def tick_task():
    result = tick()
    return {
        "closed": result.closed,
        "reminded": result.reminded,
        "escalated": result.escalated,
        "delivered": result.delivered,
        "purged": result.purged,
    }
