"""Posting a petition or a follow-up: the one service both the web pages and the JSON API call.

It applies, in order: the per-IP rate limit, double-submit protection (an idempotency token: the same
token within ten minutes answers with the first result instead of a second petition; see
``petitions.models.submission_tokens``), the form's validation and screening, the per-phone rate limit,
then stores photos and the petition through ``workflow.submit`` — the token's row, the validation and
the storing in one transaction, so a token is used up only by a petition that was stored.

The request does only that: validate, screen, store, answer. What follows a post — the keywords of the
hot topics, the search entry, notifications, webhook deliveries — is a Django Task enqueued once the
transaction commits (or inside it, rolled back with it), run by the worker of the configured backend.
Each rate limit and the captcha cost one cache round trip (``rongmei.ratelimit``, ``rongmei.captcha``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rongmei.ratelimit import hit
from rongmei.screening import publishes_unreviewed

from .. import workflow
from ..models import Petition, PetitionMessage, PetitionSettings, SubmissionToken
from . import photos


def limits():
    """Rate limits as (count, seconds); settings may tighten or loosen them (``PETITION_RATE_LIMITS``)."""
    return {
        "submit_ip": (10, 3600),
        "submit_phone": (5, 86400),
        "track_ip": (10, 600),
        "follow_up": (10, 3600),
        "support_ip": (60, 3600),
        # 同问 without an account, per petition and address a day: a household, not a script
        "support_petition_ip": (3, 86400),
        **getattr(settings, "PETITION_RATE_LIMITS", {}),
    }


def allow(kind, key):
    count, period = limits()[kind]
    return hit(f"petitions:{kind}:{key}", count, period)


@dataclass
class Submission:
    petition: Petition
    code: str
    duplicate: bool = False


def _answered(token):
    """The first result of ``token``, as a duplicate, or ``None``."""
    answer = SubmissionToken.objects.answer(token)
    return Submission(*answer, duplicate=True) if answer else None


def submit_petition(form, *, ip, intake_channel, site=None, api_key=None):
    """Validate ``form`` (a bound ``PetitionForm``) and store the petition, recording the channel it came in
    by (``Petition.IntakeChannel``: the board's form, the app's API, an Open311 client's) and the Open311
    key it was posted with, if any; ``None`` if it has errors."""
    if not allow("submit_ip", ip):
        form.is_valid()  # so the caller can show the other errors too
        form.add_error(None, ValidationError(_("提交太频繁，请稍后再试。"), code="rate_limited"))
        return None
    token = (form.data.get("form_token") or "").strip()[:64]
    try:
        return _claim_and_store(form, site, token, intake_channel, api_key)
    except IntegrityError:
        if not token:
            raise
        previous = _answered(token)
        if previous is not None:
            return previous
        if not SubmissionToken.objects.forget_expired(token):
            raise
        return _claim_and_store(form, site, token, intake_channel, api_key)  # the token's row had expired


def _claim_and_store(form, site, token, intake_channel, api_key=None):
    with transaction.atomic():
        # The first write: a request with the same token is refused here by the unique index (at once,
        # or when this transaction commits, if it is still running); its transaction has done nothing.
        claim = SubmissionToken.objects.claim(token) if token else None
        submission = _validate_and_store(form, site, intake_channel, api_key)
        if submission is None:
            transaction.set_rollback(True)  # the token stays free for the corrected form
        elif claim is not None:
            claim.record(token, submission.petition, submission.code)
    return submission


def _validate_and_store(form, site, intake_channel, api_key=None):
    if not form.is_valid():
        return None
    phone = form.cleaned_data.get("contact_phone")
    if phone and not allow("submit_phone", phone):
        form.add_error(
            "contact_phone",
            ValidationError(_("这个电话号码今天提交的诉求太多了，请明天再试。"), code="rate_limited"),
        )
        return None
    images = photos.store_photos(form.cleaned_data.get("photos") or [], form.cleaned_data["title"])
    petition = form.build()
    petition.language = posting_language()
    petition.intake_channel = intake_channel
    petition.source_key = api_key
    user = form.user if form.user is not None and form.user.is_authenticated else None
    code = workflow.submit(
        petition,
        workflow.Resident(user),
        photos=images,
        auto_accept=_auto_accept(site),
        screening=form.screening,
    )
    return Submission(petition, code)


def posting_language():
    """The language of the page the resident posts from, one of ``settings.LANGUAGES`` (the default otherwise):
    their notices are sent in it."""
    active = (get_language() or "").lower()
    return active if active in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _auto_accept(site):
    if site is None:
        return False
    return PetitionSettings.for_site(site).auto_accept_clean


def post_follow_up(petition, form, *, ip, user=None, site=None):
    """Add a resident's follow-up question; screened like a petition. Returns the message or ``None``."""
    if not allow("follow_up", ip):
        form.is_valid()
        form.add_error(None, ValidationError(_("提交太频繁，请稍后再试。"), code="rate_limited"))
        return None
    if not form.is_valid():
        return None
    held = not publishes_unreviewed(form.screening, _auto_accept(site))
    status = PetitionMessage.Status.PENDING if held else PetitionMessage.Status.VISIBLE
    try:
        _petition, message = workflow.perform(
            petition,
            "follow_up",
            workflow.Resident(user if user is not None and user.is_authenticated else None),
            body=form.cleaned_data["body"],
            status=status,
            screening_matches=list(form.screening.matches),
        )
    except workflow.TransitionError as error:
        form.add_error(None, error.messages[0])
        return None
    return message


def enter_for_caller(form, operator):
    """Store the petition an operator enters for a caller or a letter's writer (热线登记; ``HotlineForm``).

    The form's validation and screening as on the board, but no captcha and no rate limit (the operator is
    signed in and holds the right); the channel is the one the operator chose, and the audit log names
    the operator. ``None`` if the form has errors."""
    if not form.is_valid():
        return None
    petition = form.build()
    petition.language = posting_language()
    petition.intake_channel = form.cleaned_data["intake_channel"]
    code = workflow.submit(petition, workflow.Resident(None), screening=form.screening, entered_by=operator)
    return Submission(petition, code)
