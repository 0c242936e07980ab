"""Posting a petition does the minimum in the request: validate, screen, store, answer.

What follows a post — the hot topics' keywords, the search entry, the resident's notice, webhook
deliveries — is a Django Task enqueued once the transaction commits: the immediate backend runs it
then, a worker backend only queues it. The request's SQL and cache work are counted and bounded: each
rate limit and the captcha are one cache round trip.
"""

import datetime
import io
import json
import logging
import os
import uuid
from collections import Counter

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.utils import timezone
from django_tasks import default_task_backend
from PIL import Image
from wagtail.models import Site

from petitions import workflow
from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import (
    Petition,
    PetitionKeyword,
    PetitionSettings,
    SubmissionToken,
    Webhook,
    WebhookDelivery,
)
from rongmei import captcha, ratelimit
from tests.helpers import solve_captcha

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
REDIS_URL = "redis://127.0.0.1:6379/3"


def post_json(client, data, **extra):
    return client.post("/api/petitions/", json.dumps(data), content_type="application/json", **extra)


@pytest.fixture
def auto_accept(db):
    PetitionSettings.objects.create(site=Site.objects.get(is_default_site=True), auto_accept_clean=True)


@pytest.fixture
def worker_backend(settings):
    """A backend whose worker is not running: tasks are queued and never run in the request."""
    settings.TASKS = DUMMY_TASKS
    default_task_backend.clear()
    return default_task_backend


def enqueued(backend):
    return [(result.task.name, list(result.args)) for result in backend.results]


CACHE_METHODS = ("get", "set", "add", "incr", "delete", "get_many", "set_many", "get_or_set", "touch")


@pytest.fixture
def cache_calls():
    """The default cache's operations as (method, key) while the test runs (each a round trip on Redis)."""
    cache = caches["default"]
    calls = []

    def counting(name):
        original = getattr(cache, name)

        def counted(key, *args, **kwargs):
            calls.append((name, key))
            return original(key, *args, **kwargs)

        return counted

    for name in CACHE_METHODS:
        setattr(cache, name, counting(name))
    yield calls
    for name in CACHE_METHODS:
        delattr(cache, name)


def checks(calls):
    """The operations of the rate limits and the captcha, by method."""
    return [name for name, key in calls if key.startswith(("ratelimit:", "captcha:"))]


def test_a_posted_petition_is_stored_and_its_notice_and_keywords_follow_the_commit(
    client, api_data, auto_accept, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger="petitions.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, api_data(title="供暖不热老人受冻"))
    assert response.status_code == 201
    petition = Petition.objects.get(number=response.json()["number"])
    assert petition.status == "accepted"
    assert petition.intake_channel == Petition.IntakeChannel.APP  # 来源: the app's API
    # run by the immediate backend once the post committed
    assert PetitionKeyword.objects.filter(petition=petition, word="供暖").exists()
    assert any("SMS to 138****5678" in message and petition.number in message for message in caplog.messages)


def test_with_a_worker_backend_the_post_only_queues_what_follows_it(
    client, api_data, auto_accept, worker_backend, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger="petitions.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(client, api_data())
    assert response.status_code == 201
    petition = Petition.objects.get(number=response.json()["number"])
    assert petition.status == "accepted"
    tasks = enqueued(worker_backend)
    assert ("refresh_petition", [petition.pk]) in tasks
    assert ("accepted", [petition.pk]) in tasks
    assert ("insert_or_update_object_task", ["petitions", "petition", str(petition.pk)]) in tasks
    # nothing of it ran in the request
    assert not PetitionKeyword.objects.filter(petition=petition).exists()
    assert not any("SMS to" in message for message in caplog.messages)
    # the worker's turn: run what was queued, as a worker does
    for result in list(worker_backend.results):
        if result.task.name in ("refresh_petition", "accepted"):
            result.task.call(*result.args, **result.kwargs)
    assert PetitionKeyword.objects.filter(petition=petition).exists()
    assert any("SMS to 138****5678" in message for message in caplog.messages)


def test_with_a_worker_backend_a_dispatch_queues_its_webhook_delivery_and_the_staff_email(
    topic, moderator, worker_backend, django_capture_on_commit_callbacks, mailoutbox
):
    district = DepartmentFactory(name="西区", slug="xiqu", kind="street")
    Webhook.objects.create(department=district, name="区社会治理平台", url="http://127.0.0.1:9/nobody")
    petition = PetitionFactory(topic=topic, state="accepted")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(petition, "dispatch", moderator, department=district, note="请核实")
    delivery = WebhookDelivery.objects.get()
    assert ("deliver", [[delivery.pk]]) in enqueued(worker_backend)
    assert ("dispatched", [petition.pk]) in enqueued(worker_backend)
    assert delivery.status == "pending" and delivery.attempts == 0  # not tried in the request


def test_a_repeated_idempotency_key_gives_one_row_and_the_first_answer(client, api_data):
    data = api_data()
    first = post_json(client, data, HTTP_IDEMPOTENCY_KEY="app-7f3a")
    second = post_json(client, data, HTTP_IDEMPOTENCY_KEY="app-7f3a")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert Petition.objects.count() == 1 and SubmissionToken.objects.count() == 1


def test_an_expired_idempotency_key_posts_a_new_petition_without_waiting_for_the_tick(client, api_data):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = post_json(client, api_data(), HTTP_IDEMPOTENCY_KEY="app-7f3a").json()
        clock.shift(datetime.timedelta(minutes=11))
        second = post_json(client, api_data(), HTTP_IDEMPOTENCY_KEY="app-7f3a").json()
    assert second["number"] != first["number"]
    assert Petition.objects.count() == 2
    assert SubmissionToken.objects.get().petition.number == second["number"]


def test_a_repeated_key_is_answered_by_one_refused_insert_and_one_read(
    client, api_data, django_assert_max_num_queries
):
    data = api_data()
    post_json(client, data, HTTP_IDEMPOTENCY_KEY="app-7f3a")
    # the site, the refused insert in its (here nested) transaction, and the row's answer: no
    # validation, no storing, no waiting
    with django_assert_max_num_queries(6):
        again = post_json(client, data, HTTP_IDEMPOTENCY_KEY="app-7f3a")
    assert again.status_code == 201


def test_an_api_post_makes_a_bounded_number_of_queries(
    client, api_data, worker_backend, django_assert_max_num_queries
):
    post_json(client, api_data(), HTTP_IDEMPOTENCY_KEY="warm-up")  # the site's settings row
    data = api_data()
    with django_assert_max_num_queries(22) as captured:
        response = post_json(client, data, HTTP_IDEMPOTENCY_KEY="app-7f3a")
    assert response.status_code == 201
    # none of the after-work runs in the request: no keyword rows, no search entry, no sent notice
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "petitions_petitionkeyword" not in sql and "wagtailsearch_indexentry" not in sql


def test_a_web_post_with_a_phone_photo_makes_a_bounded_number_of_queries(
    client, board, petition_data, worker_backend, django_assert_max_num_queries
):
    url = f"{board.url}new/"
    fields = solve_form(client, url)
    data = petition_data() | fields | {"photos": phone_photo()}
    # the page's routing (7), the session (4), the token (2), the form (3), the photos' collection made
    # on this first photo (6), the photo, the petition and its log (9), today's statistics row (1) and the
    # stories that embed the petition, for the page cache's purge (1): none of it grows with the site
    with django_assert_max_num_queries(38):
        response = client.post(url, data)
    assert response.status_code == 302
    photo = Petition.objects.get().photos.get().image
    assert (photo.width, photo.height) == (1512, 2016)


def solve_form(client, url):
    import re

    html = client.get(url).content.decode()
    return {
        "captcha_token": re.search(r'name="captcha_token" value="([^"]+)"', html)[1],
        "captcha_answer": solve_captcha(re.search(r"验证题：([^<]+)</label>", html)[1]),
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html)[1],
    }


def phone_photo(name="IMG_0001.jpg"):
    """A 12-megapixel phone photo, taken with the phone turned (EXIF orientation 6)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    picture = Image.linear_gradient("L").resize((4032, 3024)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90, exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_phone_photo_is_stored_upright_at_half_size_without_its_exif(client, board, petition_data):
    url = f"{board.url}new/"
    client.post(url, petition_data() | solve_form(client, url) | {"photos": phone_photo()})
    image = Petition.objects.get().photos.get().image
    with image.file.open("rb") as stored, Image.open(stored) as picture:
        # decoded at half scale (no resampling), turned upright: the long side stands
        assert picture.size == (1512, 2016)
        assert not picture.getexif()


def test_the_captcha_check_is_one_cache_operation(db, cache_calls):
    question, token = captcha.challenge()
    assert captcha.verify(token, solve_captcha(question))
    assert checks(cache_calls) == ["add"]
    cache_calls.clear()
    assert not captcha.verify(token, solve_captcha(question))  # used once: refused
    assert checks(cache_calls) == ["add"]


def test_a_rate_limit_check_is_one_cache_operation_once_its_window_is_counting(db, cache_calls):
    key = f"test:{uuid.uuid4().hex}"
    assert ratelimit.hit(key, 2, 60)
    cache_calls.clear()
    assert ratelimit.hit(key, 2, 60)
    assert checks(cache_calls) == ["incr"]
    cache_calls.clear()
    assert not ratelimit.hit(key, 2, 60)
    assert checks(cache_calls) == ["incr"]


def test_an_api_post_makes_one_cache_operation_per_check(client, api_data, cache_calls):
    post_json(client, api_data())  # the address's and the phone's windows start counting
    data = api_data()
    cache_calls.clear()
    assert post_json(client, data).status_code == 201
    # the API's client limit, the post limit per address, the captcha and the post limit per phone:
    # one operation each
    assert Counter(checks(cache_calls)) == Counter({"incr": 3, "add": 1})


class CountingConnection(redis.Connection):
    """A Redis connection that counts what it sends: one packed send is one round trip."""

    sends = 0

    def send_packed_command(self, command, check_health=True):
        CountingConnection.sends += 1
        return super().send_packed_command(command, check_health)


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"rongmei-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"connection_class": CountingConnection},
        },
    }
    cache = caches["default"]
    cache.get("connect")  # the connection's own hand-shake is not a check's round trip
    yield cache
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_on_redis_a_rate_limit_check_is_one_round_trip_even_for_a_new_window(redis_cache):
    key = f"test:{uuid.uuid4().hex}"
    counts = []
    for _ in range(3):
        before = CountingConnection.sends
        counts.append(ratelimit.hit(key, 2, 60))
        assert CountingConnection.sends - before == 1
    assert counts == [True, True, False]
    assert (
        0
        < redis_cache._cache.get_client().ttl(
            redis_cache.make_and_validate_key(ratelimit._window_key(key, 60))
        )
        <= 61
    )


def test_on_redis_the_captcha_check_is_one_round_trip(redis_cache):
    question, token = captcha.challenge()
    before = CountingConnection.sends
    assert captcha.verify(token, solve_captcha(question))
    assert CountingConnection.sends - before == 1


def test_a_server_process_loads_the_word_lists_before_its_first_post():
    """``rongmei.wsgi`` (gunicorn and runserver) loads jieba and the keyword extractor in a thread at start,
    so the first post of a process with the immediate task backend does not wait seconds for them."""
    import subprocess
    import sys

    script = (
        "import sys, threading\n"
        "import rongmei.wsgi\n"
        "[thread] = [t for t in threading.enumerate() if t.name == 'rongmei-warm-up']\n"
        "thread.join(120)\n"
        "print('jieba.analyse' in sys.modules, thread.is_alive())\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rongmei.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=180, check=True
    )
    assert result.stdout.split() == ["True", "False"]
