"""Sending an urgent notice by SMS (``home.models.broadcasts`` holds the rule of who receives it).

``broadcast(text, editor, popup=None)`` stores the broadcast and queues ``send_broadcast`` once its
transaction commits (the immediate backend runs it at once; in production an RQ worker does). The task
reads the residents opted in at that moment and sends to each through the site's SMS backend
(``rongmei.sms``), writing one ``SmsDelivery`` per resident: ``sent``, or ``failed`` with the gateway's
error. A resident already in the log of this broadcast is skipped, so a task that runs again after a
crash sends only to those it had not reached.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from rongmei import sms

from .models import SmsBroadcast, SmsDelivery, SmsSubscription
from .models.broadcasts import masked

logger = logging.getLogger(__name__)


def broadcast(text, editor, popup=None):
    """Store the broadcast of ``text`` by ``editor`` and queue its sending; the ``SmsBroadcast``."""
    with transaction.atomic():
        item = SmsBroadcast.objects.create(text=text, popup=popup, created_by=editor)
        transaction.on_commit(lambda: send_broadcast.enqueue(item.pk))
    return item


@task()
def send_broadcast(pk):
    """Send broadcast ``pk`` to every resident opted in now; the number of messages sent."""
    item = SmsBroadcast.objects.filter(pk=pk).first()
    if item is None:
        return 0
    SmsBroadcast.objects.filter(pk=pk).update(status=SmsBroadcast.Status.SENDING)
    backend = sms.backend()
    reached = set(item.deliveries.values_list("user_id", flat=True))
    sent = 0
    for subscription in SmsSubscription.objects.active().exclude(user__in=reached).order_by("pk"):
        status, error = SmsDelivery.Status.SENT, ""
        try:
            backend.send(subscription.phone, item.text)
        except Exception as problem:
            logger.warning("SMS broadcast %s to user %s failed: %s", pk, subscription.user_id, problem)
            status, error = SmsDelivery.Status.FAILED, str(problem)[:300] or type(problem).__name__
        try:
            SmsDelivery.objects.create(
                broadcast=item,
                user_id=subscription.user_id,
                phone=masked(subscription.phone),
                status=status,
                sent_at=timezone.now(),
                error=error,
            )
        except IntegrityError:  # another run of this task wrote it first
            continue
        sent += status == SmsDelivery.Status.SENT
    SmsBroadcast.objects.filter(pk=pk).update(status=SmsBroadcast.Status.DONE, finished_at=timezone.now())
    return sent
