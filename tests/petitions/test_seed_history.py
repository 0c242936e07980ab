"""The demo's two executors write the same history.

The same plans — covering every path a demo petition takes: waiting or held at screening, rejected,
accepted, dispatched, returned and dispatched again, claimed, extended, supervised, asked again,
replied, rated, reopened by 不满意 and replied again, closed by an editor or by the system — are run
through the workflow (``perform``) and written in bulk (``bulk``), each in a transaction rolled back
afterwards. The rows both leave are equal field by field, ids aside (a row's petition is named by its
tracking code, a logged message by its kind and time).
"""

import io

import pytest
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions.models import (
    ExtensionRequest,
    Petition,
    PetitionDispatch,
    PetitionKeyword,
    PetitionMessage,
    PetitionPhoto,
)
from petitions.seed import PLACES, bulk, perform, plans, seed_departments, seed_topics, seed_words
from petitions.seed.cast import Cast
from rongmei.demo import Demo

pytestmark = pytest.mark.django_db
#: plans drawn, and the small set of them run: the first to take each path, topped up in order
DRAWN, PLANS = 800, 40


@pytest.fixture
def demo():
    return Demo(BaseCommand(stdout=io.StringIO()), {"verbosity": 0})


@pytest.fixture
def cast(demo):
    departments = seed_departments(demo)
    topics = seed_topics(demo)
    seed_words(demo)
    return Cast(
        departments=departments,
        topics=topics,
        editor=demo.account("editor", groups=["Editors", "Moderators"]),
        staff={slug: demo.account(f"dept-{slug}") for slug in departments},
        photos=[demo.image(f"随手拍 {place}", 80, 60) for place in PLACES[: plans.PHOTO_POOL]],
        site=demo.site,
    )


def _paths(plan):
    names = [step.name for step in plan.steps]
    paths = set(names)
    if not names:
        paths.add("held" if "上访" in plan.fields["content"] else "waiting")
    if names.count("reply") == 2:
        paths.add("reopened")
    if plan.photos:
        paths.add("photos")
    if names and names[-1] in ("accept", "dispatch", "claim", "supervise", "reply"):
        paths.add(f"waits after {names[-1]}")
    closers = {step.actor for step in plan.steps if step.name == "close"}
    return paths | {f"closed by {actor}" for actor in closers}


def _rows():
    """Every row the history writes, as comparable values without ids."""
    codes = dict(Petition.objects.values_list("pk", "tracking_code_hash"))
    messages = {
        pk: (codes[petition], kind, created_at)
        for pk, petition, kind, created_at in PetitionMessage.objects.values_list(
            "pk", "petition", "kind", "created_at"
        )
    }
    rows = {"petitions": []}
    for petition in Petition.objects.values():
        pk = petition.pop("id")
        year = timezone.localtime(petition["submitted_at"]).year
        assert petition.pop("number") == Petition.format_number(year, pk)
        rows["petitions"].append(petition)
    rows["petitions"].sort(key=lambda row: row["tracking_code_hash"])
    for name, model in {
        "dispatches": PetitionDispatch,
        "extensions": ExtensionRequest,
        "messages": PetitionMessage,
        "photos": PetitionPhoto,
        "keywords": PetitionKeyword,
    }.items():
        rows[name] = sorted(
            ({**row, "id": None, "petition_id": codes[row["petition_id"]]} for row in model.objects.values()),
            key=repr,
        )
    entries = ModelLogEntry.objects.filter(action__startswith="petitions.").values()
    rows["log"] = sorted(
        (
            {
                **entry,
                "id": None,
                "object_id": codes[int(entry["object_id"])],
                "label": entry["label"].split(" ", 1)[1],  # the number in it is checked above
                "data": {**entry["data"], "message": messages.get(entry["data"].get("message"))},
            }
            for entry in entries
        ),
        key=repr,
    )
    return rows


def _written(executor, history, cast, capture):
    with transaction.atomic():
        with capture(execute=True):  # the hot topics' keywords are written after the commit
            executor.run(history, cast)
        rows = _rows()
        transaction.set_rollback(True)
    return rows


def test_the_bulk_path_writes_what_performing_the_plans_writes(
    demo, cast, django_capture_on_commit_callbacks
):
    reply_days = {slug: topic.reply_days for slug, topic in cast.topics.items()}
    history, covered = [], set()
    for plan in plans.make_plans(demo.random, timezone.now(), 0, DRAWN, reply_days):
        if not _paths(plan) <= covered or len(history) < PLANS // 2:
            history.append(plan)
            covered |= _paths(plan)
    history = history[:PLANS]
    covered = set().union(*map(_paths, history))
    every_path = {
        *("accept", "reject", "dispatch", "return", "claim", "request_extension", "extend", "supervise"),
        *("follow_up", "approve_message", "reply", "rate", "close", "reopened", "held", "waiting"),
        *("waits after accept", "waits after dispatch", "waits after claim", "waits after reply", "photos"),
        *("closed by editor", "closed by system"),
    }
    assert every_path <= covered, every_path - covered

    performed = _written(perform, history, cast, django_capture_on_commit_callbacks)
    written = _written(bulk, history, cast, django_capture_on_commit_callbacks)

    assert len(performed["petitions"]) == len(history)
    assert {row["status"] for row in performed["petitions"]} == set(Petition.Status.values)
    assert performed["log"] and performed["keywords"] and performed["dispatches"]
    for name in performed:
        assert written[name] == performed[name], name
