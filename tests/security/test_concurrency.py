"""Many people at once, on PostgreSQL with real threads and committed transactions: no petition lost or
stored twice, no petition claimed twice.

Each thread is its own client of the WSGI application (Django's test client, a database connection of
its own). One Idempotency-Key sent ten times at once is tested beside the API's other idempotency tests
(tests/petitions/test_api.py::test_one_idempotency_key_sent_ten_times_at_once_creates_one_petition).
"""

import json
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from django.test import Client
from django_tasks import default_task_backend
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import (
    DepartmentFactory,
    PetitionFactory,
    TopicFactory,
    UserFactory,
    department_staff,
)
from petitions.intake import services
from petitions.models import Petition
from rongmei.rest import ClientRateThrottle
from rongmei.roles import apply_roles
from tests.helpers import solve_captcha

pytestmark = [
    pytest.mark.postgresql_only("concurrent writers and row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENTS = 20
EACH = 10


def _together(count, work):
    """Run ``work(index)`` in ``count`` threads released at the same moment; their results, in order."""
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:
            errors.append((index, error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def unlimited(monkeypatch, settings):
    """One test machine is every client's address: the per-address limits are not what is tested here."""
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"anon": None})
    settings.PETITION_RATE_LIMITS = dict.fromkeys(services.limits(), (100000, 3600))


@pytest.fixture
def queued_tasks(settings):
    """What follows a post is queued for a worker, as in production (``TASKS_BACKEND``): with the immediate
    backend each post would also write its search entry inside its transaction, and modelsearch's
    PostgreSQL backend then updates the title norms of every entry, which deadlocks posts made at the
    same moment. Storing each post once is what is tested here."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield
    default_task_backend.clear()


def test_200_submissions_from_20_clients_at_once_are_all_stored_once(unlimited, queued_tasks):
    topic = TopicFactory(name="城建", slug="urban")

    def resident(index):
        client, answers = Client(), []
        for n in range(EACH):
            challenge = client.get("/api/petitions/captcha/").json()
            body = json.dumps(
                {
                    "kind": "help",
                    "topic": topic.pk,
                    "title": f"第{index}号居民的第{n}条诉求",
                    "content": f"幸福家园 {index} 号楼第 {n} 单元楼道灯坏了，晚上上下楼很不方便，请尽快修理。",
                    "contact_phone": f"139{index:04d}{n:04d}",
                    "is_anonymous": True,
                    "captcha_token": challenge["token"],
                    "captcha_answer": solve_captcha(challenge["question"]),
                }
            )
            key = f"client-{index}-post-{n}"
            # a resend of the same post (a flaky network, a second tap) must not store it twice
            for _attempt in range(2):
                response = client.post(
                    "/api/petitions/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
                )
                answers.append((response.status_code, response.json()))
        return answers

    answers = [answer for client in _together(CLIENTS, resident) for answer in client]
    assert {status for status, _body in answers} == {201}
    numbers = [body["number"] for _status, body in answers]
    assert len(set(numbers)) == CLIENTS * EACH  # each post answered with its own number, its resend too
    assert all(numbers[i] == numbers[i + 1] for i in range(0, len(numbers), 2))
    stored = list(Petition.objects.values_list("number", "title"))
    assert len(stored) == CLIENTS * EACH  # nothing lost, nothing twice
    assert {number for number, _title in stored} == set(numbers)
    assert {title for _number, title in stored} == {
        f"第{index}号居民的第{n}条诉求" for index in range(CLIENTS) for n in range(EACH)
    }


def test_ten_clerks_claiming_one_petition_at_once_one_succeeds(unlimited):
    department = DepartmentFactory(name="西区城管局", slug="chengguan")
    editor = UserFactory(username="moderator-1", groups=[Group.objects.get(name="Editors")])
    petition = PetitionFactory(state="assigned", department=department, editor=editor)
    clerks = [department_staff(department)]  # the department's own group, made for its first clerk
    apply_roles(departments=[department])  # and the rights of a department's staff
    clerks += [UserFactory(username=f"chengguan-{n}", groups=[department.group]) for n in range(1, 10)]

    def claim(index):
        client = Client()
        client.force_login(clerks[index])
        response = client.post(f"/admin/petitions/workbench/{petition.pk}/claim/")
        return response.status_code, response.get("Location", "")

    answers = _together(10, claim)
    # the one who claimed is taken to the petition's page; the others see why not on the same page
    assert sorted(status for status, _location in answers) == [200] * 9 + [302]
    assert [location for status, location in answers if status == 302] == [
        f"/admin/petitions/workbench/{petition.pk}/view/"
    ]
    petition.refresh_from_db()
    assert petition.status == Petition.Status.PROCESSING
    assert ModelLogEntry.objects.filter(action="petitions.claim", object_id=str(petition.pk)).count() == 1
    with pytest.raises(workflow.TransitionError):
        workflow.perform(petition, "claim", clerks[0])
