# Over 450 lines: one receiver server is shared by every data-exchange scenario, so they stay in one file.
"""Data exchange with district platforms: signed events on dispatch, retries, answers back, the feed.

A real HTTP receiver runs on 127.0.0.1 in a thread; it checks each event's signature as a district
platform would (the snippet in the README) and answers with the status the test sets.
"""

import datetime
import json
import re
import socket
import time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.exchange import webhooks
from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import ApiKey, Petition, PetitionMessage, Webhook, WebhookDelivery, WebhookEvent
from petitions.workflow.tick import tick


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nobody-listens"


def register(department, url="", include_sub_units=True, name="区社会治理平台"):
    """A webhook as the admin registers it: a secret and a bound API key; returns (webhook, raw key)."""
    webhook = Webhook.objects.create(
        department=department, name=name, url=url, include_sub_units=include_sub_units
    )
    _secret, raw = webhook.issue_credentials()
    webhook.save(update_fields=["secret"])
    return webhook, raw


@pytest.fixture
def district(db):
    return DepartmentFactory(name="西区", slug="xiqu", kind="street")


@pytest.fixture
def sub_unit(district):
    return DepartmentFactory(name="西区幸福社区", slug="xingfu", kind="street", parent=district)


def dispatch(petition, department, moderator, capture, note="请核实后尽快处理"):
    with capture(execute=True):
        workflow.perform(petition, "dispatch", moderator, department=department, note=note)
    petition.refresh_from_db()
    return petition


def signed_post(client, url, raw_key, secret, data, timestamp=None, signature=None, number=True):
    """POST as the district platform does; the body names the URL's petition unless ``number`` says otherwise."""
    if number is True:
        number = re.search(r"MS-\d{4}-\d+", url)[0]
    if number:
        data = {"number": number, **data}
    body = json.dumps(data, ensure_ascii=False).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = signature or webhooks.sign(secret, timestamp, body)
    return client.post(
        url,
        body,
        content_type="application/json",
        headers={
            "X-Api-Key": raw_key,
            "X-Rongmei-Timestamp": str(timestamp),
            "X-Rongmei-Signature": signature,
        },
    )


# --- events and delivery ---------------------------------------------------------------------------


def test_a_dispatch_sends_a_signed_event_the_receiver_verifies(
    receiver, district, topic, moderator, django_capture_on_commit_callbacks
):
    webhook, _raw = register(district, receiver.url)
    receiver.secret = webhook.secret
    petition = PetitionFactory(topic=topic, latitude="30.123456", longitude="114.654321", state="accepted")
    dispatch(petition, district, moderator, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert got["verified"]
    assert got["headers"]["X-Rongmei-Event"] == "petition.dispatched"
    event = WebhookEvent.objects.get()
    assert got["headers"]["X-Rongmei-Event-Id"] == str(event.uuid) == got["event"]["id"]
    assert got["event"]["petition"]["number"] == petition.number
    assert got["event"]["petition"]["referral_note"] == "请核实后尽快处理"
    assert got["event"]["petition"]["contact"]["phone"] == "13812345678"  # the department's own system
    assert got["event"]["petition"]["latitude"] == pytest.approx(30.123456)
    assert got["event"]["department"]["name"] == "西区"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.attempts == 1 and delivery.last_status_code == 200
    assert str(delivery.pk) == got["headers"]["X-Rongmei-Delivery"]


def test_a_dispatch_to_a_sub_unit_reaches_the_parent_webhook_that_includes_sub_units(
    receiver, district, sub_unit, topic, moderator, django_capture_on_commit_callbacks
):
    including, _ = register(district, receiver.url, include_sub_units=True, name="区平台")
    own_only, _ = register(district, closed_port_url(), include_sub_units=False, name="区长信箱")
    receiver.secret = including.secret
    petition = dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        sub_unit,
        moderator,
        django_capture_on_commit_callbacks,
    )

    assert [r["event"]["petition"]["number"] for r in receiver.received] == [petition.number]
    assert receiver.received[0]["verified"]
    assert receiver.received[0]["event"]["department"]["name"] == "西区幸福社区"
    assert not WebhookDelivery.objects.filter(webhook=own_only).exists()


def test_supervision_by_the_tick_is_told_to_the_department_too(
    receiver, district, topic, moderator, django_capture_on_commit_callbacks
):
    webhook, _ = register(district, receiver.url)
    receiver.secret = webhook.secret
    petition = dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        district,
        moderator,
        django_capture_on_commit_callbacks,
    )
    with (
        time_machine.travel(petition.due_at + datetime.timedelta(hours=1)),  # not claimed in time
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tick().escalated == 1
    assert [r["headers"]["X-Rongmei-Event"] for r in receiver.received] == [
        "petition.dispatched",
        "petition.supervised",
    ]
    assert receiver.received[1]["event"]["petition"]["is_supervised"] is True
    assert all(r["verified"] for r in receiver.received)


def test_no_event_is_written_for_a_department_no_system_hears_of(
    district, topic, moderator, django_capture_on_commit_callbacks
):
    other = DepartmentFactory(name="东区", slug="dongqu")
    register(other, closed_port_url())
    dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        district,
        moderator,
        django_capture_on_commit_callbacks,
    )
    assert not WebhookEvent.objects.exists() and not WebhookDelivery.objects.exists()


def test_an_unreachable_webhook_is_retried_with_back_off_and_delivered_later(
    receiver, district, topic, moderator, django_capture_on_commit_callbacks
):
    webhook, _ = register(district, closed_port_url())
    receiver.secret = webhook.secret
    before = timezone.now()
    dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        district,
        moderator,
        django_capture_on_commit_callbacks,
    )

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "无法连接" in delivery.last_error and delivery.last_status_code is None
    first_retry = delivery.next_attempt_at
    assert (
        before + datetime.timedelta(minutes=1)
        <= first_retry
        <= timezone.now() + datetime.timedelta(minutes=1)
    )

    # not due yet: the tick leaves it alone
    assert tick(now=first_retry - datetime.timedelta(seconds=5)).delivered == 0
    assert WebhookDelivery.objects.get().attempts == 1

    # the receiver is up but failing: the answer is recorded and the wait doubles
    Webhook.objects.filter(pk=webhook.pk).update(url=receiver.url)
    receiver.status = 500
    assert tick(now=first_retry).delivered == 0
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.last_status_code == 500 and "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at == first_retry + datetime.timedelta(minutes=2)

    receiver.status = 200
    assert tick(now=delivery.next_attempt_at).delivered == 1
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 3 and delivery.next_attempt_at is None
    assert all(r["verified"] for r in receiver.received) and len(receiver.received) == 2
    # delivered once, never again
    assert tick(now=delivery.delivered_at + datetime.timedelta(days=1)).delivered == 0
    assert len(receiver.received) == 2


def test_the_back_off_doubles_up_to_its_cap():
    assert [webhooks.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert webhooks.backoff(20) == webhooks.MAX_BACKOFF


def test_a_delivery_gives_up_after_the_last_attempt_and_an_admin_retries_it(
    receiver, district, topic, moderator, admin_user, client, django_capture_on_commit_callbacks
):
    webhook, _ = register(district, receiver.url)
    receiver.secret = webhook.secret
    receiver.status = 503
    dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        district,
        moderator,
        django_capture_on_commit_callbacks,
    )
    now = timezone.now() + datetime.timedelta(days=1)
    WebhookDelivery.objects.update(attempts=webhooks.MAX_ATTEMPTS - 1, next_attempt_at=now)
    webhooks.deliver_due(now)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "gave_up" and delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.next_attempt_at is None
    assert webhooks.deliver_due(now + datetime.timedelta(days=30)) == 0  # nobody retries it by itself

    client.force_login(admin_user)
    page = client.get("/admin/petitions/webhooks/deliveries/?status=gave_up").content.decode()
    assert "已放弃" in page and "HTTP 503" in page

    receiver.status = 200
    response = client.post(f"/admin/petitions/webhooks/deliveries/{delivery.pk}/retry/", follow=True)
    assert "已重新推送并送达" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and receiver.received[-1]["verified"]


def test_only_http_and_https_addresses_are_accepted(district):
    for url in ("ftp://example.cn/hook", "file:///etc/passwd", "gopher://127.0.0.1/"):
        with pytest.raises(ValidationError) as error:
            Webhook(department=district, name="x", url=url).full_clean()
        assert "url" in error.value.message_dict


def test_a_stored_address_that_is_not_http_is_given_up_at_once(
    district, topic, moderator, django_capture_on_commit_callbacks
):
    webhook, _ = register(district, "http://127.0.0.1:9/")
    Webhook.objects.filter(pk=webhook.pk).update(url="file:///etc/passwd")  # bypassing validation
    dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        district,
        moderator,
        django_capture_on_commit_callbacks,
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "gave_up" and "http" in delivery.last_error


def test_registering_a_webhook_in_the_admin_shows_its_secret_and_key_once(admin_user, client, district):
    client.force_login(admin_user)
    response = client.post(
        "/admin/snippets/petitions/webhook/add/",
        {
            "department": district.pk,
            "name": "区平台",
            "url": "https://xiqu.example.cn/hook",
            "is_active": "on",
        },
        follow=True,
    )
    webhook = Webhook.objects.get()
    page = response.content.decode()
    assert webhook.secret.startswith("whsec_") and webhook.secret in page
    assert webhook.api_key is not None and webhook.api_key.prefix in page
    assert (
        webhook.secret
        not in client.get(f"/admin/snippets/petitions/webhook/edit/{webhook.pk}/").content.decode()
    )

    old_key = webhook.api_key
    client.post(f"/admin/petitions/webhooks/{webhook.pk}/reissue/")
    webhook.refresh_from_db()
    old_key.refresh_from_db()
    assert webhook.api_key != old_key and not old_key.is_active


# --- answers back through the API ------------------------------------------------------------------


@pytest.fixture
def handled(district, topic, moderator, django_capture_on_commit_callbacks):
    """A petition dispatched to the district's community, and the district platform's webhook and key."""
    webhook, raw = register(district, "")
    community = DepartmentFactory(name="西区和平社区", slug="heping", parent=district)
    petition = dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        community,
        moderator,
        django_capture_on_commit_callbacks,
    )
    return petition, webhook, raw


def test_the_district_platform_claims_and_replies_through_the_api(client, handled):
    petition, webhook, raw = handled
    base = f"/api/petitions/{petition.number}"
    response = signed_post(client, f"{base}/claim/", raw, webhook.secret, {})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "processing"

    response = signed_post(
        client, f"{base}/reply/", raw, webhook.secret, {"body": "路灯已于今日修复，感谢您的反映。"}
    )
    assert response.status_code == 200, response.json()
    petition.refresh_from_db()
    assert petition.status == "replied"
    reply = PetitionMessage.objects.get(pk=response.json()["message"])
    assert reply.kind == "reply" and reply.department.name == "西区和平社区" and reply.author is None

    thread = client.get(f"{base}/").json()["thread"]
    assert any("路灯已于今日修复" in step["body"] for step in thread)
    entry = ModelLogEntry.objects.filter(action="petitions.reply", object_id=str(petition.pk)).get()
    assert entry.data["via"] == "api_key" and entry.data["api_key"] == webhook.api_key.prefix
    webhook.api_key.refresh_from_db()
    assert webhook.api_key.last_used_at is not None


def refused(response, status):
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert errors and all(messages for messages in errors.values())
    return errors


def unchanged(petition):
    fresh = Petition.objects.get(pk=petition.pk)
    return fresh.status == "assigned" and fresh.claimed_at is None and not fresh.messages.exists()


def test_forged_stale_and_unsigned_answers_are_refused_and_nothing_is_written(client, handled):
    petition, webhook, raw = handled
    url = f"/api/petitions/{petition.number}/claim/"
    forged = webhooks.sign("whsec_guessed", int(time.time()), b"{}")
    assert (
        "签名不正确"
        in refused(signed_post(client, url, raw, webhook.secret, {}, signature=forged), 401)["signature"][0]
    )
    stale = int(time.time()) - 301
    assert (
        "过期"
        in refused(signed_post(client, url, raw, webhook.secret, {}, timestamp=stale), 401)["signature"][0]
    )
    ahead = int(time.time()) + 400
    refused(signed_post(client, url, raw, webhook.secret, {}, timestamp=ahead), 401)
    response = client.post(url, b"{}", content_type="application/json", headers={"X-Api-Key": raw})
    assert "缺少签名" in refused(response, 401)["signature"][0]
    # the body is what is signed: a different body under a good signature is forged
    timestamp = int(time.time())
    signature = webhooks.sign(webhook.secret, timestamp, b"{}")
    response = signed_post(
        client,
        f"/api/petitions/{petition.number}/reply/",
        raw,
        webhook.secret,
        {"body": "篡改"},
        timestamp,
        signature,
    )
    refused(response, 401)
    assert unchanged(petition)


def test_a_replayed_signature_is_refused(client, handled, district, moderator):
    petition, webhook, raw = handled
    url = f"/api/petitions/{petition.number}/claim/"
    timestamp = int(time.time())
    assert signed_post(client, url, raw, webhook.secret, {}, timestamp).status_code == 200
    # returned and dispatched again, so that a claim would be allowed once more
    community = petition.department
    workflow.perform(petition, "return", workflow.DepartmentSystem(district), reason="不属于本社区")
    workflow.perform(petition, "dispatch", moderator, department=community)
    assert Petition.objects.get(pk=petition.pk).status == "assigned"
    assert (
        "重放" in refused(signed_post(client, url, raw, webhook.secret, {}, timestamp), 409)["signature"][0]
    )
    assert Petition.objects.get(pk=petition.pk).status == "assigned"


def test_a_bad_key_or_another_departments_petition_is_refused(
    client, handled, topic, moderator, django_capture_on_commit_callbacks
):
    petition, webhook, raw = handled
    url = f"/api/petitions/{petition.number}/claim/"
    refused(signed_post(client, url, "o311_not-a-key", webhook.secret, {}), 401)
    _key, open311_raw = ApiKey.objects.issue(name="市级平台", scope=ApiKey.Scope.OPEN311)
    refused(signed_post(client, url, open311_raw, webhook.secret, {}), 403)
    assert unchanged(petition)

    elsewhere = DepartmentFactory(name="东区城管局", slug="dong-chengguan")
    other = dispatch(
        PetitionFactory(topic=topic, state="accepted"),
        elsewhere,
        moderator,
        django_capture_on_commit_callbacks,
    )
    errors = refused(
        signed_post(client, f"/api/petitions/{other.number}/claim/", raw, webhook.secret, {}), 403
    )
    assert "不是转办给您所在单位" in errors["non_field_errors"][0]
    assert Petition.objects.get(pk=other.pk).status == "assigned"
    refused(signed_post(client, "/api/petitions/MS-2026-999999/claim/", raw, webhook.secret, {}), 404)


def test_the_workflow_still_decides_what_the_platform_may_do(client, handled):
    petition, webhook, raw = handled
    base = f"/api/petitions/{petition.number}"
    errors = refused(signed_post(client, f"{base}/reply/", raw, webhook.secret, {"body": "已处理"}), 409)
    assert "不能答复" in errors["non_field_errors"][0]
    assert "body" in refused(signed_post(client, f"{base}/reply/", raw, webhook.secret, {}), 400)
    bad_json = b"{not json"
    timestamp = int(time.time())
    response = client.post(
        f"{base}/claim/",
        bad_json,
        content_type="application/json",
        headers={
            "X-Api-Key": raw,
            "X-Rongmei-Timestamp": str(timestamp),
            "X-Rongmei-Signature": webhooks.sign(webhook.secret, timestamp, bad_json),
        },
    )
    refused(response, 400)
    # the signed body must name the petition of the address
    assert "number" in refused(
        signed_post(client, f"{base}/claim/", raw, webhook.secret, {}, number=False), 400
    )
    wrong = signed_post(client, f"{base}/claim/", raw, webhook.secret, {}, number="MS-2026-000999")
    assert "number" in refused(wrong, 400)
    assert unchanged(petition)

    response = signed_post(client, f"{base}/return/", raw, webhook.secret, {"reason": "不属于本社区辖区"})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert Petition.objects.get(pk=petition.pk).department is None


# --- the feed --------------------------------------------------------------------------------------


def test_the_feed_gives_the_departments_events_oldest_first_with_a_cursor(
    client, district, sub_unit, topic, moderator, django_capture_on_commit_callbacks
):
    webhook, raw = register(district, "", include_sub_units=True)
    other = DepartmentFactory(name="东区", slug="dongqu")
    register(other, "", name="东区平台")
    ours = [
        dispatch(
            PetitionFactory(topic=topic, state="accepted"),
            department,
            moderator,
            django_capture_on_commit_callbacks,
        )
        for department in (district, sub_unit, district)
    ]
    dispatch(
        PetitionFactory(topic=topic, state="accepted"), other, moderator, django_capture_on_commit_callbacks
    )

    def page(after=""):
        return client.get(
            f"/api/webhook-events/?limit=2&after={after}", headers={"Authorization": f"Api-Key {raw}"}
        )

    first = page().json()
    assert [e["petition"]["number"] for e in first["results"]] == [p.number for p in ours[:2]]
    assert first["has_more"] and first["results"][0]["type"] == "petition.dispatched"
    second = page(first["next"]).json()
    assert [e["petition"]["number"] for e in second["results"]] == [ours[2].number]
    assert not second["has_more"]
    assert page(second["next"]).json()["results"] == []

    Webhook.objects.filter(pk=webhook.pk).update(include_sub_units=False)
    numbers = [e["petition"]["number"] for e in page().json()["results"]]
    assert numbers == [ours[0].number, ours[2].number]

    assert client.get("/api/webhook-events/").status_code == 401
    assert "after" in refused(page("abc"), 400)


def test_the_openapi_document_describes_the_signed_actions_and_the_feed(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    reply = paths["/api/petitions/{number}/reply/"]["post"]
    headers = {p["name"] for p in reply["parameters"] if p["in"] == "header"}
    assert {"X-Api-Key", "X-Rongmei-Timestamp", "X-Rongmei-Signature"} <= headers
    assert {"200", "401", "403", "409"} <= set(reply["responses"])
    assert "after" in {p["name"] for p in paths["/api/webhook-events/"]["get"]["parameters"]}


def test_editors_without_the_permission_cannot_see_or_retry_deliveries(editor_client, district):
    register(district, closed_port_url())
    assert editor_client.get("/admin/petitions/webhooks/deliveries/").status_code in (302, 403)
    webhook = Webhook.objects.get()
    secret = webhook.secret
    assert editor_client.post(f"/admin/petitions/webhooks/{webhook.pk}/reissue/").status_code in (302, 403)
    assert Webhook.objects.get().secret == secret


# --- one API-key model ------------------------------------------------------------------------------


def test_a_department_systems_key_may_not_post_open311_requests(client, handled):
    _petition, _webhook, raw = handled
    response = client.post("/open311/v2/requests.json", {"api_key": raw, "service_code": "urban"})
    assert response.status_code == 403


def test_a_switched_off_data_exchange_cannot_act_or_read_the_feed(client, handled):
    petition, webhook, raw = handled
    Webhook.objects.filter(pk=webhook.pk).update(is_active=False)
    refused(signed_post(client, f"/api/petitions/{petition.number}/claim/", raw, webhook.secret, {}), 403)
    refused(client.get("/api/webhook-events/", headers={"X-Api-Key": raw}), 403)
    assert unchanged(petition)


def test_every_key_is_listed_in_one_admin_place_and_a_systems_key_is_the_administrators(
    admin_user, editor_client, client, district
):
    webhook, _raw = register(district)
    ApiKey.objects.issue(name="市级平台", scope=ApiKey.Scope.OPEN311)
    page = editor_client.get("/admin/snippets/petitions/apikey/").content.decode()
    assert "市级平台" in page and webhook.api_key.prefix in page
    system_key = webhook.api_key
    edit = f"/admin/snippets/petitions/apikey/edit/{system_key.pk}/"
    assert editor_client.post(edit, {"name": "改名", "is_active": ""}).status_code in (302, 403)
    system_key.refresh_from_db()
    assert system_key.is_active and system_key.name != "改名"

    client.force_login(admin_user)
    client.post(edit, {"name": system_key.name})  # switched off by the administrator
    system_key.refresh_from_db()
    assert not system_key.is_active


def test_reissuing_a_key_revokes_it_and_keeps_its_scope_and_data_exchange(district):
    webhook, old_raw = register(district)
    old = webhook.api_key
    new, new_raw = old.reissue()
    old.refresh_from_db()
    assert not old.is_active and new.is_active and new.webhook == webhook == old.webhook
    assert new.scope == old.scope == ApiKey.Scope.DEPARTMENT_SYSTEM and new.name == old.name
    assert ApiKey.objects.authenticate(old_raw) is None and ApiKey.objects.authenticate(new_raw) == new
    assert webhook.api_key == new


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_binds_each_webhooks_key_to_it_and_keeps_it_working():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from petitions.models.api_keys import hash_api_key

    before, after = [("petitions", "0001_squashed")], [("petitions", "0002_one_api_key_model")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    department = old.get_model("petitions", "Department").objects.create(name="西区", slug="xiqu")
    ApiKey_, Webhook_ = old.get_model("petitions", "ApiKey"), old.get_model("petitions", "Webhook")
    system = ApiKey_.objects.create(name="数据对接：区平台", prefix="o311_sys", key_hash=hash_api_key("sys"))
    client_key = ApiKey_.objects.create(name="市级平台", prefix="o311_cli", key_hash=hash_api_key("cli"))
    webhook = Webhook_.objects.create(department=department, name="区平台", api_key=system)

    # the models as the migration leaves them (today's would read columns later migrations add)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    keys = executor.loader.project_state(after).apps.get_model("petitions", "ApiKey").objects
    system_key = keys.get(pk=system.pk)
    assert system_key.scope == ApiKey.Scope.DEPARTMENT_SYSTEM and system_key.webhook_id == webhook.pk
    assert keys.get(pk=client_key.pk).scope == ApiKey.Scope.OPEN311

    executor = MigrationExecutor(connection)
    executor.migrate(before)  # and back: the webhook points at its key again
    old = executor.loader.project_state(before).apps
    assert old.get_model("petitions", "Webhook").objects.get(pk=webhook.pk).api_key_id == system.pk

    # forward to today: the system's key keeps working, bound to its exchange, and so does the client's
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    assert Webhook.objects.get(pk=webhook.pk).api_key == ApiKey.objects.get(pk=system.pk)
    assert ApiKey.objects.authenticate("sys").pk == system.pk
    assert ApiKey.objects.authenticate("cli", scope=ApiKey.Scope.OPEN311).pk == client_key.pk
