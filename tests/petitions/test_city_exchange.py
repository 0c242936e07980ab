# Over 450 lines: one stub city serves every scenario of the receiver and of forwarding, so they stay in one file.
"""市区两级 on a district's site: its receiver of the city's events and its calls up to the city.

The city is another system, so here it is a real HTTP server on 127.0.0.1 in a thread (``StubCity``) that
records what it is sent and answers as the city's site does (Open311's 201, the department API's JSON,
the tracking API's petition). The city's events are built by the site's own ``webhooks`` from petitions
taken through the workflow; ``tests/petitions/test_city_district.py`` runs two real sites instead.
"""

import datetime
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.exchange import webhooks
from petitions.factories import DepartmentFactory, PetitionFactory, department_staff
from petitions.intake.thread import timeline
from petitions.models import (
    ApiKey,
    CityCall,
    CityCase,
    CityEventReceipt,
    CityLink,
    Department,
    IntakeChannel,
    Petition,
    PetitionMessage,
    WebhookEvent,
)
from petitions.workflow.tick import tick

SECRET = "whsec_city-secret-for-xiqu"
SYSTEM_KEY = "dept_city-issued-system-key"
OPEN311_KEY = "o311_city-issued-open311-key"
EVENTS = "/exchange/city/events/"


class StubCity:
    """The city's site as the district sees it: ``answers[path] = (status, json)``; ``received`` lists
    ``(path, headers, body)``; ``down`` makes every request fail with 503, ``hang_up`` every connection
    drop without an answer."""

    def __init__(self):
        self.answers, self.received, self.down, self.hang_up = {}, [], False, False
        city = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                city.received.append((self.path, dict(self.headers), body))
                if city.hang_up:  # the connection drops without an answer, as when the city falls over
                    self.close_connection = True
                    return
                status, data = (
                    (503, {"errors": {"non_field_errors": ["维护中"]}})
                    if city.down
                    else (city.answers.get(self.path, (404, [{"code": 404, "description": "没有这个地址"}])))
                )
                payload = json.dumps(data, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def calls_to(self, path):
        return [(headers, body) for p, headers, body in self.received if p == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def city():
    stub = StubCity()
    try:
        yield stub
    finally:
        stub.close()


@pytest.fixture
def link(city, topic):
    """The district's link to the city, as ``manage.py city_link`` makes it."""
    unit = DepartmentFactory(name="市级平台", slug="city", kind="city", accepts_petitions=False)
    return CityLink.objects.create(
        name="市级平台",
        city_url=city.url,
        department=unit,
        open311_key=OPEN311_KEY,
        webhook_secret=SECRET,
        system_key=SYSTEM_KEY,
        dispatch_topic=topic,
    )


def city_event(petition, event_type=WebhookEvent.Type.DISPATCHED):
    """The body and headers the city's site sends for ``petition`` (a petition the workflow dispatched)."""
    event = webhooks.build_event(event_type, petition)
    return webhooks.body_of(event), event


def post_event(client, body, *, secret=SECRET, timestamp=None, signature=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return client.post(
        EVENTS,
        body,
        content_type="application/json",
        headers={
            "X-Rongmei-Timestamp": str(timestamp),
            "X-Rongmei-Signature": signature or webhooks.sign(secret, timestamp, body),
        },
    )


@pytest.fixture
def city_petition(topic):
    """A petition as the city's site has it when it dispatches it to the district (the same database
    stands in for the city's: only its event's payload is sent)."""
    xiqu = DepartmentFactory(name="西区", slug="xiqu", kind="district")
    return PetitionFactory(
        topic=topic, state="assigned", department=xiqu, contact_name="王先生", contact_phone="13900001111"
    )


def answering_claims(city, number):
    city.answers[f"/api/petitions/{number}/claim/"] = (200, {"number": number, "status": "processing"})
    city.answers[f"/api/petitions/{number}/reply/"] = (200, {"number": number, "status": "replied"})


# --- 交办: the receiver -------------------------------------------------------------------------------


def test_a_dispatch_from_the_city_becomes_an_accepted_petition_here_and_is_claimed_up(
    client, city, link, city_petition, django_capture_on_commit_callbacks
):
    answering_claims(city, city_petition.number)
    body, event = city_event(city_petition)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, body)

    assert response.status_code == 200, response.content
    local = Petition.objects.get(number=response.json()["number"])
    assert local.pk != city_petition.pk
    assert local.status == Petition.Status.ACCEPTED
    assert local.intake_channel == IntakeChannel.CITY_DISPATCH
    assert (local.title, local.contact_name, local.contact_phone) == (
        city_petition.title,
        "王先生",
        "13900001111",
    )
    case = CityCase.objects.get(petition=local)
    assert case.direction == "down" and case.city_number == city_petition.number
    note = local.messages.get(kind=PetitionMessage.Kind.NOTE)
    assert city_petition.number in note.body and not note.is_public

    # the claim went up at once, signed as the department API wants it
    [(headers, sent)] = city.calls_to(f"/api/petitions/{city_petition.number}/claim/")
    assert headers["X-Api-Key"] == SYSTEM_KEY
    webhooks.verify(SECRET, headers["X-Rongmei-Timestamp"], headers["X-Rongmei-Signature"], sent)
    assert json.loads(sent) == {"number": city_petition.number}
    assert CityCall.objects.get(case=case).status == CityCall.Status.DONE
    assert CityEventReceipt.objects.get(uuid=event.uuid).petition == local


def test_a_repeated_delivery_is_acknowledged_and_not_stored_twice(client, city, link, city_petition):
    answering_claims(city, city_petition.number)
    body, _event = city_event(city_petition)
    first = post_event(client, body)
    again = post_event(client, body, timestamp=int(time.time()) + 1)  # the city's retry: signed afresh

    assert first.status_code == 200 and again.status_code == 200
    assert again.json() == {"ok": True, "duplicate": True}
    assert Petition.objects.filter(intake_channel=IntakeChannel.CITY_DISPATCH).count() == 1


def test_a_replayed_signature_is_refused_with_409(client, city, link, city_petition):
    answering_claims(city, city_petition.number)
    body, _event = city_event(city_petition)
    timestamp = int(time.time())
    assert post_event(client, body, timestamp=timestamp).status_code == 200
    replayed = post_event(client, body, timestamp=timestamp)
    assert replayed.status_code == 409
    assert "重放" in replayed.json()["errors"]["signature"][0]


def test_a_forged_or_stale_or_unsigned_event_is_refused_and_nothing_is_stored(client, link, city_petition):
    body, _event = city_event(city_petition)
    forged = post_event(client, body, secret="whsec_someone-else")
    assert forged.status_code == 401 and forged.json()["errors"]["signature"] == ["签名不正确。"]

    stale = post_event(client, body, timestamp=int(time.time()) - webhooks.REPLAY_WINDOW - 10)
    assert stale.status_code == 401 and "过期" in stale.json()["errors"]["signature"][0]

    unsigned = client.post(EVENTS, body, content_type="application/json")
    assert unsigned.status_code == 401 and "缺少签名" in unsigned.json()["errors"]["signature"][0]

    assert not CityCase.objects.exists() and not CityEventReceipt.objects.exists()


def test_a_signature_made_long_ago_is_refused_under_a_moving_clock(client, link, city_petition):
    body, _event = city_event(city_petition)
    signed_at = int(time.time())
    signature = webhooks.sign(SECRET, signed_at, body)
    with time_machine.travel(signed_at + webhooks.REPLAY_WINDOW + 60, tick=False):
        late = post_event(client, body, timestamp=signed_at, signature=signature)
    assert late.status_code == 401
    assert not CityCase.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "non_field_errors"),
        (b"[1, 2]", "non_field_errors"),
        (json.dumps({"id": "not-a-uuid", "type": "petition.dispatched", "petition": {}}).encode(), "id"),
        (
            json.dumps(
                {"id": "6b8f7f9e-7b52-4b4c-9a55-0f6f0c7d9c11", "type": "petition.dispatched"}
            ).encode(),
            "petition",
        ),
        (
            json.dumps(
                {
                    "id": "6b8f7f9e-7b52-4b4c-9a55-0f6f0c7d9c12",
                    "type": "petition.dispatched",
                    "petition": {"number": "MS-2026-000009", "title": "", "content": ""},
                }
            ).encode(),
            "petition",
        ),
    ],
)
def test_a_bad_payload_is_a_400_in_the_apis_error_shape(client, link, body, field):
    response = post_event(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][field]
    assert not Petition.objects.exists()


def test_without_a_link_to_the_city_the_receiver_answers_503_json_for_the_city_to_retry(
    client, city_petition
):
    body, _event = city_event(city_petition)
    response = post_event(client, body)
    assert response.status_code == 503
    assert response.json()["errors"]["non_field_errors"] == ["本站没有启用上级平台对接。"]
    assert client.get(EVENTS).status_code == 405


def test_an_unknown_event_type_is_acknowledged_and_ignored(client, link, city_petition):
    body = json.dumps(
        {
            "id": "6b8f7f9e-7b52-4b4c-9a55-0f6f0c7d9c13",
            "type": "petition.renamed",
            "petition": {"number": "X"},
        }
    ).encode()
    response = post_event(client, body)
    assert response.status_code == 202 and response.json()["ignored"] is True


def test_the_districts_reply_goes_up_through_the_citys_department_api(
    client, city, link, city_petition, moderator, django_capture_on_commit_callbacks
):
    answering_claims(city, city_petition.number)
    body, _event = city_event(city_petition)
    with django_capture_on_commit_callbacks(execute=True):
        local = Petition.objects.get(number=post_event(client, body).json()["number"])
    streets = DepartmentFactory(name="西区城管局", slug="xiqu-chengguan")
    staff = department_staff(streets)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(local, "dispatch", moderator, department=streets)
        workflow.perform(local, "claim", staff)
        workflow.perform(local, "reply", staff, body="路灯已于今日修复，感谢您的反映。")

    [(headers, sent)] = city.calls_to(f"/api/petitions/{city_petition.number}/reply/")
    webhooks.verify(SECRET, headers["X-Rongmei-Timestamp"], headers["X-Rongmei-Signature"], sent)
    data = json.loads(sent)
    assert data["number"] == city_petition.number and data["body"] == "路灯已于今日修复，感谢您的反映。"
    assert local.number in data["internal_note"]
    assert [c.action for c in CityCall.objects.order_by("pk")] == ["claim", "reply"]
    assert all(c.status == CityCall.Status.DONE for c in CityCall.objects.all())


def test_a_claim_the_city_cannot_take_is_retried_and_the_reply_waits_for_it(
    client, city, link, city_petition, moderator, django_capture_on_commit_callbacks
):
    body, _event = city_event(city_petition)
    city.down = True
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, body)
    assert response.status_code == 200  # the district has it; its claim waits for the city
    local = Petition.objects.get(number=response.json()["number"])
    claim = CityCall.objects.get()
    assert claim.status == "pending" and claim.attempts == 1 and claim.last_status_code == 503
    assert "维护中" in claim.last_error

    streets = DepartmentFactory(name="西区城管局", slug="xiqu-chengguan")
    staff = department_staff(streets)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(local, "dispatch", moderator, department=streets)
        workflow.perform(local, "claim", staff)
        workflow.perform(local, "reply", staff, body="已处理。")
    reply = CityCall.objects.get(action="reply")
    assert reply.attempts == 0  # not before its claim
    assert len(city.calls_to(f"/api/petitions/{city_petition.number}/reply/")) == 0

    city.down = False
    answering_claims(city, city_petition.number)
    tick(now=claim.next_attempt_at)
    assert [c.status for c in CityCall.objects.order_by("pk")] == ["done", "done"]
    assert len(city.calls_to(f"/api/petitions/{city_petition.number}/reply/")) == 1


def test_supervision_and_reopening_by_the_city_reach_the_districts_petition(
    client, city, link, city_petition, moderator, django_capture_on_commit_callbacks
):
    answering_claims(city, city_petition.number)
    body, _event = city_event(city_petition)
    with django_capture_on_commit_callbacks(execute=True):
        local = Petition.objects.get(number=post_event(client, body).json()["number"])
    workflow.perform(city_petition, "supervise", moderator)
    assert post_event(client, city_event(city_petition, WebhookEvent.Type.SUPERVISED)[0]).status_code == 200
    local.refresh_from_db()
    assert local.is_supervised
    assert post_event(client, city_event(city_petition, WebhookEvent.Type.REOPENED)[0]).status_code == 200
    assert local.messages.filter(body__contains="重新办理", is_public=False).exists()


# --- 上报: forwarding up and following the city ---------------------------------------------------


@pytest.fixture
def accepted(topic, moderator):
    return PetitionFactory(
        topic=topic, state="accepted", editor=moderator, latitude="30.5", longitude="114.3"
    )


def open311_answer(number="MS-2026-000777", code="K7QX-M2PD-9FHT"):
    return 201, [{"service_request_id": number, "service_notice": f"已收到，经审核后公开。查询码：{code}"}]


def test_forwarding_posts_the_petition_to_the_citys_open311_and_keeps_its_number(
    city, link, accepted, moderator, django_capture_on_commit_callbacks
):
    city.answers["/open311/v2/requests.json"] = open311_answer()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(
            accepted, "forward_to_city", moderator, department=link.department, note="属市级事权"
        )

    accepted.refresh_from_db()
    assert accepted.status == Petition.Status.ASSIGNED and accepted.department == link.department
    [(headers, sent)] = city.calls_to("/open311/v2/requests.json")
    form = dict(urllib.parse.parse_qsl(sent.decode()))
    assert form["api_key"] == OPEN311_KEY and form["service_code"] == accepted.topic.slug
    assert form["description"] == accepted.content and form["attribute[title]"] == accepted.title
    assert (form["phone"], form["last_name"]) == ("13812345678", "张女士")  # to the handling unit's system
    assert form["lat"] == "30.500000" and form["attribute[is_public]"] == "true"
    call = CityCall.objects.get()
    assert headers["Idempotency-Key"] == call.payload["idempotency_key"]
    case = CityCase.objects.get(petition=accepted)
    assert (case.city_number, case.city_tracking_code) == ("MS-2026-000777", "K7QX-M2PD-9FHT")

    steps = timeline(accepted)
    assert [s.label for s in steps if s.kind == "forwarded"] == ["已上报市级"]
    entry = ModelLogEntry.objects.for_instance(accepted).get(action="petitions.forward_to_city")
    assert entry.data["to"] == "assigned"
    # the tracking code that opens the city's petition is never on a public page
    assert "K7QX" not in "".join(s.body for s in steps)


def test_a_city_that_is_down_is_retried_with_the_same_key_until_it_answers(
    city, link, accepted, moderator, django_capture_on_commit_callbacks
):
    city.down = True
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(accepted, "forward_to_city", moderator, department=link.department)
    call = CityCall.objects.get()
    assert call.status == "pending" and call.attempts == 1 and call.last_status_code == 503
    assert call.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert tick(now=call.next_attempt_at - datetime.timedelta(seconds=5)).delivered == 0

    tick(now=call.next_attempt_at)  # still down: the wait doubles
    call.refresh_from_db()
    assert call.attempts == 2 and call.status == "pending"

    city.down = False
    city.answers["/open311/v2/requests.json"] = open311_answer()
    tick(now=call.next_attempt_at)
    call.refresh_from_db()
    assert call.status == "done" and call.attempts == 3
    keys = {headers["Idempotency-Key"] for headers, _body in city.calls_to("/open311/v2/requests.json")}
    assert keys == {call.payload["idempotency_key"]}  # a lost answer never makes a second petition
    assert CityCase.objects.get().city_number == "MS-2026-000777"


def test_a_refusal_by_the_city_is_given_up_with_its_words_and_retried_by_staff(
    city, link, accepted, moderator, django_capture_on_commit_callbacks, editor_client
):
    city.answers["/open311/v2/requests.json"] = (403, [{"code": 403, "description": "api_key 缺失或无效。"}])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(accepted, "forward_to_city", moderator, department=link.department)
    call = CityCall.objects.get()
    assert call.status == "gave_up" and "api_key 缺失或无效" in call.last_error

    page = editor_client.get("/admin/petitions/city/calls/")
    assert page.status_code == 200 and "api_key 缺失或无效" in page.content.decode()
    assert OPEN311_KEY not in page.content.decode()

    city.answers["/open311/v2/requests.json"] = open311_answer()
    response = editor_client.post(f"/admin/petitions/city/calls/{call.pk}/retry/")
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == "done" and call.attempts == 2


def tracked(status, replies=(), rejection_reason=""):
    return 200, {
        "number": "MS-2026-000777",
        "status": status,
        "rejection_reason": rejection_reason,
        "thread": [{"kind": "reply", "body": body, "department": "市住建局"} for body in replies],
    }


def test_the_tick_follows_the_citys_progress_and_the_resident_sees_the_citys_reply(
    city, link, accepted, moderator, django_capture_on_commit_callbacks
):
    city.answers["/open311/v2/requests.json"] = open311_answer()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(accepted, "forward_to_city", moderator, department=link.department)

    city.answers["/api/petitions/track/"] = tracked("pending")
    tick()
    accepted.refresh_from_db()
    assert accepted.status == "assigned"
    [(_headers, sent)] = city.calls_to("/api/petitions/track/")
    assert json.loads(sent) == {"code": "K7QX-M2PD-9FHT"}

    city.answers["/api/petitions/track/"] = tracked("processing")
    tick()
    accepted.refresh_from_db()
    assert accepted.status == "processing"

    city.answers["/api/petitions/track/"] = tracked("replied", ["市住建局已安排维修，三日内完成。"])
    tick()
    accepted.refresh_from_db()
    assert accepted.status == "replied"
    reply = accepted.messages.get(kind=PetitionMessage.Kind.REPLY)
    assert reply.body == "市住建局已安排维修，三日内完成。" and reply.department == link.department
    assert "MS-2026-000777" in accepted.messages.get(kind=PetitionMessage.Kind.NOTE).body
    assert [s.label for s in timeline(accepted) if s.kind in ("forwarded", "claimed", "reply")] == [
        "已上报市级",
        "办理单位已签收",
        "办理单位答复",
    ]
    entry = ModelLogEntry.objects.for_instance(accepted).get(action="petitions.reply")
    assert entry.data["department"] == link.department.pk

    # the district no longer waits: the city is not asked again
    polled = len(city.calls_to("/api/petitions/track/"))
    tick()
    assert len(city.calls_to("/api/petitions/track/")) == polled

    # the resident rates here, as for any reply
    workflow.perform(accepted, "rate", workflow.Resident(), rating="satisfied")
    assert Petition.objects.get(pk=accepted.pk).status == "closed"


def test_a_petition_the_city_refuses_comes_back_to_the_districts_media_centre(
    city, link, accepted, moderator, django_capture_on_commit_callbacks
):
    city.answers["/open311/v2/requests.json"] = open311_answer()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(accepted, "forward_to_city", moderator, department=link.department)
    city.answers["/api/petitions/track/"] = tracked("rejected", rejection_reason="属区级事权")
    tick()
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and accepted.department is None
    assert accepted.messages.filter(body__contains="属区级事权", is_public=False).exists()


def test_a_city_matter_is_forwarded_as_soon_as_it_is_accepted(
    city, link, topic, moderator, django_capture_on_commit_callbacks
):
    link.city_topics.add(topic)
    city.answers["/open311/v2/requests.json"] = open311_answer()
    petition = PetitionFactory(topic=topic)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(petition, "accept", moderator)
    petition.refresh_from_db()
    assert petition.status == "assigned" and petition.department == link.department
    assert CityCase.objects.get(petition=petition).city_number == "MS-2026-000777"


def test_forwarding_needs_a_link_and_a_dispatcher(topic, moderator, department_staff):
    petition = PetitionFactory(topic=topic, state="accepted", editor=moderator)
    with pytest.raises(workflow.TransitionError, match="没有配置上级平台对接"):
        workflow.perform(petition, "forward_to_city", moderator)
    assert not workflow.can(department_staff, petition, "forward_to_city")


def test_the_dispatch_page_offers_forwarding_and_the_action_forwards(
    city, link, accepted, editor_client, moderator, django_capture_on_commit_callbacks
):
    city.answers["/open311/v2/requests.json"] = open311_answer()
    page = editor_client.get(f"/admin/petitions/{accepted.pk}/dispatch/").content.decode()
    assert "上报市级平台" in page
    assert f'<option value="{link.department.pk}"' not in page  # never dispatched to by hand
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/petitions/{accepted.pk}/forward-to-city/", {"note": "属市级事权"}
        )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "assigned" and accepted.dispatches.get().note == "属市级事权"


def test_residents_and_department_staff_cannot_forward(client, department_staff, accepted, link):
    assert client.post(f"/admin/petitions/{accepted.pk}/forward-to-city/").status_code == 302  # to log in
    client.force_login(department_staff)
    assert client.post(f"/admin/petitions/{accepted.pk}/forward-to-city/").status_code in (302, 403)
    assert client.get("/admin/petitions/city/calls/").status_code in (302, 403)
    accepted.refresh_from_db()
    assert accepted.status == "accepted"


# --- the city's side: what a district posts ------------------------------------------------------------


def test_the_city_records_the_district_a_petition_came_from(client, topic, admin_user):
    key, raw = ApiKey.objects.issue(
        name="西区融媒体平台（上报）", scope=ApiKey.Scope.OPEN311, intake_channel=IntakeChannel.DISTRICT
    )
    data = {
        "api_key": raw,
        "service_code": topic.slug,
        "description": "幸福路的路灯坏了一个星期，晚上出门很不方便，请尽快修理。",
        "address_string": "幸福路 12 号",
        "phone": "13812345678",
        "attribute[is_public]": "false",
    }
    first = client.post("/open311/v2/requests.json", data, headers={"Idempotency-Key": "xiqu-call-1"})
    again = client.post("/open311/v2/requests.json", data, headers={"Idempotency-Key": "xiqu-call-1"})
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    petition = Petition.objects.get()
    assert petition.intake_channel == IntakeChannel.DISTRICT and petition.source_key == key
    assert petition.is_public is False
    # the city's editors see which district it came from (the key's name, never the key)
    client.force_login(admin_user)
    page = client.get(f"/admin/snippets/petitions/petition/inspect/{petition.pk}/").content.decode()
    assert "西区融媒体平台（上报）" in page and raw not in page


def test_the_city_link_form_never_shows_its_secrets_and_keeps_them_when_left_blank(admin_user, client, link):
    client.force_login(admin_user)
    url = f"/admin/snippets/petitions/citylink/edit/{link.pk}/"
    page = client.get(url).content.decode()
    assert SECRET not in page and SYSTEM_KEY not in page and OPEN311_KEY not in page
    listing = client.get("/admin/snippets/petitions/citylink/").content.decode()
    assert SYSTEM_KEY not in listing and f"{SYSTEM_KEY[:5]}…" in listing
    response = client.post(
        url,
        {
            "name": "市级平台",
            "city_url": "http://127.0.0.1:9/",
            "department": link.department.pk,
            "open311_key": "",
            "webhook_secret": "",
            "system_key": "dept_a-new-one",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert (link.open311_key, link.webhook_secret, link.system_key) == (OPEN311_KEY, SECRET, "dept_a-new-one")
    assert link.city_url == "http://127.0.0.1:9/"


def test_only_administrators_edit_the_city_link(editor_client, link):
    assert editor_client.get("/admin/snippets/petitions/citylink/").status_code in (302, 403)
    assert Department.objects.get(pk=link.department.pk).kind == Department.Kind.CITY


def test_a_city_that_cannot_be_reached_leaves_forwarded_petitions_waiting_for_the_next_tick(
    city, link, topic, moderator, django_capture_on_commit_callbacks
):
    city.answers["/open311/v2/requests.json"] = open311_answer()
    petitions = [PetitionFactory(topic=topic, state="accepted", editor=moderator) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for petition in petitions:
            workflow.perform(petition, "forward_to_city", moderator, department=link.department)
    city.hang_up = True
    before = dict(CityCase.objects.values_list("pk", "synced_at"))
    assert tick().delivered == 0
    assert set(
        Petition.objects.filter(pk__in=[p.pk for p in petitions]).values_list("status", flat=True)
    ) == {"assigned"}
    assert dict(CityCase.objects.values_list("pk", "synced_at")) == before
    # one dropped connection was enough to stop asking about the others until the next tick
    assert len(city.calls_to("/api/petitions/track/")) == 1


def test_a_petition_taken_back_after_a_refused_forwarding_can_be_forwarded_again(
    city, link, accepted, moderator, django_capture_on_commit_callbacks
):
    city.answers["/open311/v2/requests.json"] = (403, [{"code": 403, "description": "api_key 缺失或无效。"}])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(accepted, "forward_to_city", moderator, department=link.department)
    workflow.perform(accepted, "return", moderator, reason="市级密钥有误，先由本区办理")
    assert Petition.objects.get(pk=accepted.pk).status == "accepted"

    city.answers["/open311/v2/requests.json"] = open311_answer()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(accepted, "forward_to_city", moderator, department=link.department)
    assert [c.status for c in CityCall.objects.order_by("pk")] == ["gave_up", "done"]
    assert CityCase.objects.get(petition=accepted).city_number == "MS-2026-000777"
