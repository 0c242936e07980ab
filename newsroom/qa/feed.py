"""The live feed of a Q&A session: released questions and answers, rendered once per change, and the
count of people following it.

Hundreds of readers poll ``updates/`` every few seconds, so one poll costs one indexed query — the
session's version, the newest ``public_changed_at`` of its questions — and cache reads. The rendered
items are cached under that version (and the page's last publication and the language), so every reader
shares one render until a moderator or an official changes something, which stamps a newer version.
The version comes from the database rather than a cache counter so that every process agrees on it even
without a shared cache.

Each item carries its own stamp (microseconds); a reader sends the newest stamp it has as ``since`` and
gets the items changed after it. ``OVERLAP`` resends a few seconds before the cursor, because a change
stamped earlier can commit later than one the reader already saw; the page's script replaces items by id.

Participants (在线人数): each reader has a random cookie id; the first poll of a reader in a minute adds
one to that minute's counter (``cache.add`` on a per-reader key, then an atomic increment), and the count
shown is the larger of this minute's and the last minute's — no database writes. Processes share the
counts when the cache is shared (Redis).
"""

import time

from django.core.cache import cache
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from petitions.models import PetitionBoardPage
from rongmei.ratelimit import increment

from ..models.qa import QAAnswer, QAQuestion, QASessionPage

FEED_SECONDS = 3600
OVERLAP_MICROSECONDS = 5_000_000
PARTICIPANT_WINDOW = 60


def stamp(moment):
    """A datetime as whole microseconds since the epoch: the feed's cursor unit."""
    return int(moment.timestamp() * 1_000_000) if moment else 0


def live_session_with_version(pk):
    """The live session ``pk`` with only what a poll needs, and its feed version, in one query."""
    session = (
        QASessionPage.objects.live()
        .filter(pk=pk)
        .annotate(feed_version=Max("questions__public_changed_at"))
        .only("pk", "starts_at", "ends_at", "last_published_at", "locale_id")
        .first()
    )
    return (session, stamp(session.feed_version)) if session is not None else (None, 0)


def version(session):
    """The newest public change of the session's questions (one indexed query)."""
    newest = (
        QAQuestion.objects.filter(session_id=session.pk)
        .changed_in_public()
        .aggregate(newest=Max("public_changed_at"))["newest"]
    )
    return stamp(newest)


def _feed_key(session, current_version):
    return ":".join(
        str(part)
        for part in (
            "newsroom:qa:feed",
            session.pk,
            translation.get_language(),
            stamp(session.last_published_at),
            current_version,
        )
    )


def public_questions(session):
    """The session's questions as the public may see them, with their answers, in three queries."""
    answers = QAAnswer.objects.select_related("official", "department").order_by("answered_at", "pk")
    return list(
        QAQuestion.objects.filter(session_id=session.pk)
        .changed_in_public()
        .select_related("petition")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("-released_at", "-pk")
    )


def petition_url(petition, board_url):
    if petition is None or not board_url or not petition.is_on_board:
        return None
    return f"{board_url}{petition.number}/"


def _board_url():
    board = PetitionBoardPage.objects.live().public().first()
    return board.url if board else None


def _item_key(question, board_url):
    # The petition board's address is part of the key: moving the board changes the petition link.
    return ":".join(
        str(part)
        for part in (
            "newsroom:qa:item",
            question.pk,
            stamp(question.public_changed_at),
            translation.get_language(),
            board_url or "",
        )
    )


def build_items(session):
    """Every question whose public appearance changed: released ones rendered, withdrawn ones as gone.

    Each item's HTML is cached under its own stamp, so a change renders only the items it touched.
    """
    board_url = None
    questions = public_questions(session)
    if any(question.petition_id for question in questions):
        board_url = _board_url()
    keys = {question.pk: _item_key(question, board_url) for question in questions}
    rendered = cache.get_many(list(keys.values()))
    fresh = {}
    items = []
    for question in questions:
        public = question.status == QAQuestion.Status.RELEASED
        html = ""
        if public:
            html = rendered.get(keys[question.pk])
            if html is None:
                html = render_to_string(
                    "newsroom/includes/qa_item.html",
                    {
                        "question": question,
                        "answers": list(question.answers.all()),
                        "petition_url": petition_url(question.petition, board_url),
                    },
                )
                fresh[keys[question.pk]] = html
        items.append(
            {
                "id": question.pk,
                "stamp": stamp(question.public_changed_at),
                "public": public,
                "order": stamp(question.released_at),
                "html": html,
            }
        )
    if fresh:
        cache.set_many(fresh, FEED_SECONDS)
    return items


def items_for(session, current_version=None):
    """The session's rendered items, from the cache when this version was rendered before."""
    if current_version is None:
        current_version = version(session)
    key = _feed_key(session, current_version)
    items = cache.get(key)
    if items is None:
        items = build_items(session)
        cache.set(key, items, FEED_SECONDS)
    return items


def payload(session, since=0, reader=None, now=None, current_version=None):
    """What a poll answers: the items changed after ``since``, the cursor, the state and participants."""
    if current_version is None:
        current_version = version(session)
    items = items_for(session, current_version)
    threshold = max(0, since - OVERLAP_MICROSECONDS) if since else -1
    changed = [item for item in items if item["stamp"] > threshold]
    now = now or timezone.now()
    if reader:
        count_participant(session.pk, reader)
    return {
        "state": session.state_at(now),
        "cursor": max(current_version, since or 0),
        "participants": participants(session.pk),
        "released": sum(1 for item in items if item["public"]),
        "items": [
            {key: item[key] for key in ("id", "public", "order", "html")}
            for item in sorted(changed, key=lambda item: item["order"])
        ],
    }


# --- participants -------------------------------------------------------------------------------------


def _minute(offset=0):
    return int(time.time() // PARTICIPANT_WINDOW) - offset


def count_participant(session_id, reader):
    minute = _minute()
    if cache.add(f"newsroom:qa:seen:{session_id}:{minute}:{reader}", 1, timeout=PARTICIPANT_WINDOW * 2):
        increment(f"newsroom:qa:readers:{session_id}:{minute}", timeout=PARTICIPANT_WINDOW * 3)


def participants(session_id):
    """Distinct readers in this minute or the last, whichever saw more."""
    keys = [f"newsroom:qa:readers:{session_id}:{_minute(offset)}" for offset in (0, 1)]
    counts = cache.get_many(keys)
    return max([0, *counts.values()])
