"""Open311 GeoReport v2: what an Open311 client written elsewhere expects, following the spec's examples."""

import datetime
import json

import pytest
import time_machine
from defusedxml import ElementTree as ET  # parsing our own answers the way a careful client would
from django.utils import timezone

from petitions.factories import DepartmentFactory, PetitionFactory, TopicFactory
from petitions.models import ApiKey, Petition

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"


@pytest.fixture
def streetlights():
    return TopicFactory(name="路灯", slug="streetlights", description="路灯不亮、损坏")


@pytest.fixture
def api_key():
    _key, raw = ApiKey.objects.issue(name="市级政务平台", scope=ApiKey.Scope.OPEN311)
    return raw


@pytest.fixture
def public_petition(streetlights):
    department = DepartmentFactory(name="西区城管局", slug="chengguan")
    return PetitionFactory(
        topic=streetlights,
        department=department,
        state="assigned",
        latitude="30.123456",
        longitude="104.654321",
    )


def get_json(client, url, **params):
    response = client.get(BASE + url, params)
    return response, json.loads(response.content)


def test_discovery_lists_the_endpoint_in_both_formats(client):
    response, data = get_json(client, "discovery.json")
    assert response.status_code == 200
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = ET.fromstring(client.get(BASE + "discovery.xml").content)
    assert root.tag == "discovery"
    assert root.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"


def test_services_are_the_active_topics(client, streetlights):
    TopicFactory(name="停用", slug="old", is_active=False)
    _response, data = get_json(client, "services.json")
    assert [service["service_code"] for service in data] == ["streetlights"]
    service = data[0]
    assert service["service_name"] == "路灯" and service["metadata"] is True and service["type"] == "realtime"
    root = ET.fromstring(client.get(BASE + "services.xml").content)
    assert root.tag == "services" and root.find("service/service_code").text == "streetlights"
    assert root.find("service/metadata").text == "true"


def test_a_service_definition_has_the_kind_attribute(client, streetlights):
    _response, data = get_json(client, "services/streetlights.json")
    assert data["service_code"] == "streetlights"
    kind = data["attributes"][0]
    assert kind["code"] == "kind" and kind["datatype"] == "singlevaluelist"
    assert {"key": "complaint", "name": "投诉"} in kind["values"]
    root = ET.fromstring(client.get(BASE + "services/streetlights.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key") is not None


def test_an_unknown_service_or_format_gets_the_spec_error_list(client):
    response, data = get_json(client, "services/nothing.json")
    assert response.status_code == 404
    assert data[0]["code"] == 404 and data[0]["description"]
    response = client.get(BASE + "services/nothing.xml")
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == "404"
    assert client.get(BASE + "services.yaml").status_code == 400


def test_requests_list_public_petitions_without_personal_data(client, public_petition):
    PetitionFactory(topic=public_petition.topic, state="pending")  # not yet moderated: never listed
    PetitionFactory(topic=public_petition.topic, state="accepted", is_public=False)  # private
    response, data = get_json(client, "requests.json")
    assert response.status_code == 200
    assert [row["service_request_id"] for row in data] == [public_petition.number]
    row = data[0]
    assert row["status"] == "open" and row["status_notes"] == "已转办"
    assert row["service_code"] == "streetlights" and row["agency_responsible"] == "西区城管局"
    assert row["lat"] == 30.123 and row["long"] == 104.654
    assert row["requested_datetime"].endswith("+08:00")
    body = response.content.decode()
    assert "13812345678" not in body and "张女士" not in body


def test_requests_filters_of_the_spec(client, public_petition, streetlights):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=200)):
        old = PetitionFactory(topic=streetlights, state="closed")
    other = PetitionFactory(topic=TopicFactory(name="供水", slug="water"), state="closed")
    _r, data = get_json(client, "requests.json", service_code="water")
    assert [row["service_request_id"] for row in data] == [other.number]
    _r, data = get_json(client, "requests.json", status="closed")
    assert [row["service_request_id"] for row in data] == [other.number]  # the old one is past 90 days
    start = (timezone.now() - datetime.timedelta(days=365)).isoformat()
    _r, data = get_json(client, "requests.json", start_date=start, status="closed")
    assert {row["service_request_id"] for row in data} == {other.number, old.number}
    _r, data = get_json(client, "requests.json", service_request_id=f"{old.number},{public_petition.number}")
    assert {row["service_request_id"] for row in data} == {old.number, public_petition.number}
    response, data = get_json(client, "requests.json", start_date="yesterday")
    assert response.status_code == 400 and data[0]["code"] == 400
    response, _data = get_json(client, "requests.json", status="pending")
    assert response.status_code == 400


def test_the_spec_date_example_with_an_offset_is_understood(client, public_petition):
    # The spec's example: start_date=2010-05-24T00:00:00Z; an offset sent without encoding also works.
    _r, data = get_json(client, "requests.json", start_date="2010-05-24T00:00:00Z")
    assert len(data) == 1
    response = client.get(BASE + "requests.json?start_date=2010-05-24T00:00:00+08:00")
    assert response.status_code == 200 and len(json.loads(response.content)) == 1


def test_one_request_in_xml(client, public_petition):
    root = ET.fromstring(client.get(BASE + f"requests/{public_petition.number}.xml").content)
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == public_petition.number
    assert root.find("request/status").text == "open"
    response, data = get_json(client, "requests/MS-2026-999999.json")
    assert response.status_code == 404 and data[0]["code"] == 404


@pytest.mark.parametrize(
    "hidden", [{"state": "pending"}, {"state": "rejected"}, {"state": "accepted", "is_public": False}]
)
def test_a_request_not_on_the_board_answers_exactly_like_one_that_does_not_exist(
    client, streetlights, hidden
):
    petition = PetitionFactory(topic=streetlights, title="私人的事情", **hidden)
    missing = client.get(BASE + "requests/MS-2026-999999.json")
    response = client.get(BASE + f"requests/{petition.number}.json")
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content
    assert "私人的事情" not in response.content.decode()


def test_a_client_posts_a_request_with_its_api_key(client, streetlights, api_key):
    # The spec's POST example: service_code, lat/long, address, names, phone, description.
    response = client.post(
        BASE + "requests.json",
        {
            "api_key": api_key,
            "service_code": "streetlights",
            "lat": "30.654321",
            "long": "104.123456",
            "address_string": "幸福路 12 号",
            "email": "smith@example.com",
            "device_id": "tt222111",
            "account_id": "123456",
            "first_name": "小明",
            "last_name": "王",
            "phone": "13912345678",
            "description": "幸福路12号小区门口的路灯坏了一个星期，晚上出门很不方便。",
            "attribute[kind]": "help",
        },
    )
    assert response.status_code == 201, response.content
    data = json.loads(response.content)
    petition = Petition.objects.get(number=data[0]["service_request_id"])
    assert petition.status == "pending"  # moderated like any petition
    assert petition.kind == "help" and petition.topic == streetlights
    assert petition.intake_channel == "app"  # the key's channel, App/API unless an editor says otherwise
    assert petition.contact_phone == "13912345678" and petition.contact_name == "王 小明"
    assert petition.title.startswith("幸福路12号小区门口")
    assert "查询码" in data[0]["service_notice"]
    assert ApiKey.objects.get().last_used_at is not None
    # the contact details never come back out
    _r, detail = get_json(client, f"requests/{petition.number}.json")
    assert "13912345678" not in json.dumps(detail)


def test_posting_in_xml_answers_in_xml(client, streetlights, api_key):
    response = client.post(
        BASE + "requests.xml",
        {
            "api_key": api_key,
            "service_code": "streetlights",
            "address_string": "幸福路 12 号",
            "phone": "13912345678",
            "description": "幸福路12号小区门口的路灯坏了一个星期，请尽快修理。",
        },
    )
    root = ET.fromstring(response.content)
    assert response.status_code == 201
    assert root.tag == "service_requests" and root.find("request/service_request_id").text.startswith("MS-")


def test_a_hotline_systems_key_records_its_petitions_as_12345_and_keeps_it_when_reissued(
    client, editor_client, streetlights
):
    response = editor_client.post(
        "/admin/snippets/petitions/apikey/add/",
        {"name": "12345 政务服务便民热线", "intake_channel": "hotline_12345", "is_active": "on"},
    )
    assert response.status_code == 302
    key = ApiKey.objects.get()
    assert key.intake_channel == Petition.IntakeChannel.HOTLINE_12345
    _successor, raw = key.reissue()
    assert ApiKey.objects.get(is_active=True).intake_channel == Petition.IntakeChannel.HOTLINE_12345
    response = client.post(
        BASE + "requests.json",
        {
            "api_key": raw,
            "service_code": "streetlights",
            "address_string": "幸福路 12 号",
            "phone": "13912345678",
            "description": "热线来电：幸福路12号小区门口的路灯坏了一个星期，晚上出门很不方便。",
        },
    )
    assert response.status_code == 201, response.content
    number = json.loads(response.content)[0]["service_request_id"]
    assert Petition.objects.get(number=number).intake_channel == "hotline_12345"


def test_posting_without_a_valid_key_is_refused_and_stores_nothing(client, streetlights, api_key):
    data = {
        "service_code": "streetlights",
        "address_string": "幸福路",
        "phone": "13912345678",
        "description": "幸福路12号小区门口的路灯坏了一个星期，请尽快修理。",
    }
    for key in [None, "o311_wrong"]:
        payload = dict(data, **({"api_key": key} if key else {}))
        response = client.post(BASE + "requests.json", payload)
        assert response.status_code == 403
        assert json.loads(response.content)[0]["code"] == 403
    ApiKey.objects.update(is_active=False)
    assert client.post(BASE + "requests.json", dict(data, api_key=api_key)).status_code == 403
    assert not Petition.objects.exists()


def test_posting_bad_input_gets_the_form_messages_and_stores_nothing(client, streetlights, api_key):
    response = client.post(
        BASE + "requests.json",
        {
            "api_key": api_key,
            "service_code": "streetlights",
            "address_string": "幸福路",
            "description": "太短",
        },
    )
    assert response.status_code == 400
    description = json.loads(response.content)[0]["description"]
    assert "content" in description or "contact_phone" in description
    response = client.post(
        BASE + "requests.json",
        {"api_key": api_key, "service_code": "nothing", "address_string": "幸福路", "description": "x" * 20},
    )
    assert response.status_code == 404
    response = client.post(
        BASE + "requests.json",
        {
            "api_key": api_key,
            "service_code": "streetlights",
            "description": "幸福路12号小区门口的路灯坏了一个星期。",
        },
    )
    assert response.status_code == 400  # no location
    assert not Petition.objects.exists()


def test_posted_requests_are_screened_like_the_web_form(client, streetlights, api_key):
    from petitions.factories import ScreenedWordFactory

    ScreenedWordFactory(word="违禁词", action="refuse")
    response = client.post(
        BASE + "requests.json",
        {
            "api_key": api_key,
            "service_code": "streetlights",
            "address_string": "幸福路",
            "phone": "13912345678",
            "description": "这里有违禁词的内容，路灯坏了一个星期。",
        },
    )
    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_the_key_is_stored_hashed(api_key):
    key = ApiKey.objects.get()
    assert api_key not in (key.key_hash, key.prefix) and api_key.startswith(key.prefix)
    assert ApiKey.objects.authenticate(api_key) == key


def test_an_editor_issues_a_key_in_the_admin_and_sees_it_once(editor_client):
    from django.urls import reverse

    response = editor_client.post(
        reverse("wagtailsnippets_petitions_apikey:add"), {"name": "热线系统", "is_active": "on"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    key = ApiKey.objects.get()
    assert key.created_by is not None
    raw = html.split("的密钥：", 1)[1].split(" ", 1)[0]
    assert ApiKey.objects.authenticate(raw) == key


def test_the_list_query_count_does_not_grow(client, public_petition, django_assert_max_num_queries):
    get_json(client, "requests.json")
    PetitionFactory.create_batch(
        5, topic=public_petition.topic, department=public_petition.department, state="replied"
    )
    with django_assert_max_num_queries(4):
        get_json(client, "requests.json")


def test_too_many_requests_from_one_address_get_a_429_in_the_spec_format(client, settings):
    settings.OPEN311_RATE_LIMIT = 3
    for _attempt in range(3):
        assert client.get(BASE + "services.json").status_code == 200
    response = client.get(BASE + "services.xml")
    assert response.status_code == 429
    assert ET.fromstring(response.content).find("error/code").text == "429"
