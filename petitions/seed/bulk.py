"""The demo's plans written as the rows the workflow would write, in batches: for demos of 100,000
petitions, where performing every step one by one would take hours.

Each plan is replayed on its unsaved petition in memory. The transition table's own effects and
targets run where they only change the petition and hand back its message (accept, reject, claim,
reply, close, rate with its reopening, supervise, follow-up); for the four that write rows of their own
(dispatch, return, the extension request and its approval) the workflow's row builders
(``transitions.dispatched`` …) make the rows, which are kept here instead of saved, and the audit
entries carry ``perform.log_data``.
Then one batch inserts the petitions and their numbers, dispatches, extension requests, messages,
photos, the audit log (``petitions.<name>`` entries with the data ``perform`` logs) and the hot-topic
keywords, with ``bulk_create``. ``perform`` also sends ``transition_performed``, whose one receiver
records webhook events; the demo registers its webhook after the petitions, so there are none. Nor is
the search index written (``manage.py update_index`` builds it). tests/petitions/test_seed_history.py
runs the same plans through both executors and compares the rows field by field.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from rongmei.screening import publishes_unreviewed

from ..intake.forms import FollowUpForm
from ..models import (
    ExtensionRequest,
    Petition,
    PetitionDispatch,
    PetitionMessage,
    PetitionPhoto,
    PetitionSettings,
    tracking_code_hash,
)
from ..supervision import hot_topics
from ..workflow import TRANSITIONS, Resident, deadlines, transitions
from ..workflow.actors import _is_user
from ..workflow.perform import log_data
from .plans import due

S = Petition.Status
BATCH_SIZE = 1000


def run(plans, cast):
    auto_accept = PetitionSettings.for_site(cast.site).auto_accept_clean
    histories = [_History(plan, cast, auto_accept) for plan in plans]
    _insert(histories)


class _History:
    """One plan replayed in memory: the petition, and the rows its steps write, in order."""

    def __init__(self, plan, cast, auto_accept):
        self.cast = cast
        self.auto_accept = auto_accept
        petition, screening = cast.petition(plan)
        petition.status = S.PENDING
        petition.screening_matches = list(screening.matches)
        petition.tracking_code_hash = tracking_code_hash(plan.code)
        petition.due_at = due(plan.submitted_at, deadlines.DECISION_DAYS)
        self.petition = petition
        self.photos = [
            PetitionPhoto(petition=petition, image=image, sort_order=order)
            for order, image in enumerate(cast.photo_images(plan))
        ]
        self.dispatches, self.requests, self.messages = [], [], []
        self.logs = [("submit", plan.submitted_at, None, {"to": S.PENDING}, None)]
        self.question = None
        self.updated_at = plan.submitted_at  # the moment of the last save: a transition's, or the submission
        for step in plan.steps:
            self.take(step)
        petition.on_board = petition.is_on_board

    def take(self, step):
        if step.name == "approve_message":
            self.question.status = PetitionMessage.Status.VISIBLE
            self.logs.append(("message_approve", step.at, self.cast.user(step.actor), {}, self.question))
            return
        petition, transition = self.petition, TRANSITIONS[step.name]
        actor, data = self.cast.actor(step.actor), self.cast.data(step)
        if step.name == "follow_up":
            data = self.follow_up(data)
        previous = petition.status
        if step.name in _EFFECTS:
            message = _EFFECTS[step.name](self, petition, actor, data, step.at)
        else:
            message = transition.effect(petition, actor, data, step.at) if transition.effect else None
        target = transition.target(petition, data) if callable(transition.target) else transition.target
        if target is not None:
            petition.status = target
        if message is not None:
            self.messages.append(message)
        if step.name == "follow_up":
            self.question = message
        user = actor.user if isinstance(actor, Resident) else (actor if _is_user(actor) else None)
        self.logs.append(
            (step.name, step.at, user, log_data(step.name, previous, petition.status, actor, data), message)
        )
        self.updated_at = step.at

    def follow_up(self, data):
        """What the posting service passes on: the cleaned text, and held or not by the screen."""
        form = FollowUpForm(data=data)
        if not form.is_valid():
            raise ValueError(f"the demo's follow-up was refused: {form.errors.as_text()}")
        held = not publishes_unreviewed(form.screening, self.auto_accept)
        return {
            "body": form.cleaned_data["body"],
            "status": PetitionMessage.Status.PENDING if held else PetitionMessage.Status.VISIBLE,
            "screening_matches": list(form.screening.matches),
        }

    # --- the effects that write rows of their own: the workflow's row builders, the rows kept here ----

    def dispatch(self, petition, actor, data, now):
        self.dispatches.append(
            transitions.dispatched(petition, data["department"], actor, data, now, add_days=due)
        )

    def return_(self, petition, actor, data, now):
        department = petition.department
        open_ones = [d for d in self.dispatches if d.department == department and d.returned_at is None]
        open_ones[-1].returned_at = now
        return transitions.returned(petition, actor, data["reason"], now)

    def request_extension(self, petition, actor, data, now):
        request = transitions.extension_requested(petition, actor, int(data["days"]), data["reason"], now)
        self.requests.append(request)

    def extend(self, petition, actor, data, now):
        request = next(r for r in self.requests if r.status == ExtensionRequest.Status.PENDING)
        transitions.extension_approved(petition, request, actor, data, now, add_days=due)


_EFFECTS = {
    "dispatch": _History.dispatch,
    "return": _History.return_,
    "request_extension": _History.request_extension,
    "extend": _History.extend,
}


def _insert(histories):
    petitions = [history.petition for history in histories]
    Petition.objects.bulk_create(petitions, batch_size=BATCH_SIZE)
    for petition in petitions:  # as ``assign_number`` numbers them; the log's labels name them so
        petition.number = Petition.format_number(timezone.localtime(petition.submitted_at).year, petition.pk)
    for model, rows in (
        (PetitionDispatch, "dispatches"),
        (ExtensionRequest, "requests"),
        (PetitionMessage, "messages"),
        (PetitionPhoto, "photos"),
    ):
        model.objects.bulk_create(
            [row for history in histories for row in getattr(history, rows)], batch_size=BATCH_SIZE
        )
    content_type = ContentType.objects.get_for_model(Petition, for_concrete_model=False)
    entries = [
        ModelLogEntry(
            content_type=content_type,
            object_id=str(history.petition.pk),
            label=str(history.petition),
            action=f"petitions.{name}",
            timestamp=at,
            user=user,
            data={**data, **({"message": message.pk} if message is not None else {})},
        )
        for history in histories
        for name, at, user, data, message in history.logs
    ]
    ModelLogEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    _number_and_stamp(histories)
    hot_topics.refresh(petitions)


def _number_and_stamp(histories):
    """Store the numbers (given from the ids above, as ``assign_number`` gives them) and ``updated_at``,
    the moment of the last save (``bulk_create`` stamped the present)."""
    petitions = [history.petition for history in histories]
    for history in histories:
        history.petition.updated_at = history.updated_at
    Petition.objects.bulk_update(petitions, ["number", "updated_at"], batch_size=BATCH_SIZE)
