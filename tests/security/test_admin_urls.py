"""Staff admin URLs with hostile parts: a 404 or a clear Chinese message, never a server error, and nothing
done. Huge, negative, zero, fractional, full-width and non-numeric ids; unknown words where an action or
a decision goes (once taken for "reject"); bad query parameters on the custom admin views."""

import pytest
from django.contrib.auth.models import Group

from merchants.factories import MerchantApplicationFactory
from petitions import workflow
from petitions.factories import DepartmentFactory, PetitionFactory, UserFactory
from petitions.models import ExtensionRequest, Petition

pytestmark = pytest.mark.django_db

#: The admin's own 404 page, in Chinese.
NOT_FOUND = "找不到请求的页面"

HOSTILE_IDS = ["0", "-1", "abc", "1.5", "１", "9" * 18, "9" * 19, "9" * 40, "1%00", "%20", "1;DROP TABLE"]

#: The custom admin views whose path holds an id, with ``{id}`` in its place.
ID_ROUTES = [
    ("get", "/admin/petitions/workbench/{id}/view/"),
    ("post", "/admin/petitions/workbench/{id}/claim/"),
    ("post", "/admin/petitions/moderation/petition/{id}/accept/"),
    ("post", "/admin/petitions/moderation/message/{id}/approve/"),
    ("post", "/admin/petitions/{id}/dispatch/"),
    ("get", "/admin/petitions/dispatch/{id}/letter/"),
    ("post", "/admin/petitions/extension/{id}/approve/"),
    ("post", "/admin/petitions/{id}/supervise/"),
    ("post", "/admin/petitions/{id}/reopen/"),
    ("post", "/admin/petitions/{id}/reporter/"),
    ("post", "/admin/petitions/webhooks/deliveries/{id}/retry/"),
    ("post", "/admin/petitions/webhooks/{id}/reissue/"),
    ("get", "/admin/merchants/applications/{id}/approve/"),
    ("get", "/admin/qa-sessions/{id}/"),
    ("post", "/admin/qa-sessions/question/{id}/release/"),
]

#: A real object's URL with an unknown word where the action or decision goes.
UNKNOWN_WORDS = ["hack", "ACCEPT", "reject2", "accept;reject", "..", "%E6%8B%92%E7%BB%9D", "view.json"]
WORD_ROUTES = [
    ("post", "/admin/petitions/moderation/petition/{petition}/{word}/"),
    ("post", "/admin/petitions/moderation/message/{message}/{word}/"),
    ("post", "/admin/petitions/extension/{extension}/{word}/"),
    ("post", "/admin/petitions/workbench/{assigned}/{word}/"),
    ("get", "/admin/petitions/workbench/{assigned}/{word}/"),
    ("post", "/admin/merchants/applications/{application}/{word}/"),
    ("get", "/admin/merchants/applications/{application}/{word}/"),
]

#: Custom admin lists and reports with query parameters they cannot read.
BAD_QUERIES = [
    "/admin/petitions/statistics/?start=2026-13-45&end=abc",
    "/admin/petitions/statistics/?start=1900-01-01&end=2999-12-31",
    "/admin/petitions/statistics/?department=" + "9" * 30 + "&topic=-1",
    "/admin/petitions/statistics/?department=1.5&sub_units=maybe",
    "/admin/petitions/ledger/?page=-1&status=%00",
    "/admin/petitions/ledger/?page=" + "9" * 40,
    "/admin/petitions/ledger/?export=pdf&start=abc",
    "/admin/petitions/ledger/?export=csv&start=2026-02-30",
    "/admin/petitions/hot-topics/?week=abc&department=x&street=" + "9" * 30,
    "/admin/petitions/hot-topics/?word=" + "热" * 500 + "&kind=<script>&page=abc",
    "/admin/petitions/moderation/?page=abc",
    "/admin/petitions/handling/?tab=<script>&p=-5",
    "/admin/petitions/workbench/?tab=nope&p=" + "9" * 40,
    "/admin/petitions/webhooks/deliveries/?status=nope&page=-1",
    "/admin/qa-sessions/?page=abc",
]


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    client.raise_request_exception = False  # a server error is a 500 answer here, so the table lists it
    return client


@pytest.fixture
def objects(admin_user, food):
    """A pending petition with a pending follow-up, a dispatched one with an extension request, an
    application: what the words in the URLs would act on."""
    editor = UserFactory(username="moderator-1", groups=[Group.objects.get(name="Editors")])
    department = DepartmentFactory(name="西区住建局", slug="zhujian")
    pending = PetitionFactory(title="路灯坏了")
    assigned = PetitionFactory(title="井盖缺失", state="processing", department=department, editor=editor)
    clerk = UserFactory(username="zhujian-clerk", groups=[department.group])
    workflow.perform(assigned, "request_extension", clerk, days=3, reason="需协调多个部门")
    replied = PetitionFactory(title="噪音扰民", state="replied", department=department, editor=editor)
    message = workflow.perform(replied, "follow_up", workflow.Resident(None), body="什么时候处理？")
    if isinstance(message, tuple):
        message = message[1]
    return {
        "petition": pending.pk,
        "assigned": assigned.pk,
        "extension": ExtensionRequest.objects.get(petition=assigned).pk,
        "message": message.pk,
        "application": MerchantApplicationFactory(category=food).pk,
    }


def _states():
    return list(Petition.objects.order_by("pk").values_list("status", "is_supervised", "department_id"))


def _is_clear_refusal(response):
    body = response.content.decode()
    if response.status_code == 404:
        return NOT_FOUND in body
    return response.status_code in (200, 302, 400, 403) and "Traceback" not in body


@pytest.mark.parametrize(("method", "route"), ID_ROUTES)
def test_a_hostile_id_in_a_staff_url_is_not_found(staff_client, objects, method, route):
    before = _states()
    for hostile in HOSTILE_IDS:
        response = getattr(staff_client, method)(route.format(id=hostile))
        assert response.status_code == 404, (hostile, response.status_code)
        assert NOT_FOUND in response.content.decode()
    assert _states() == before


@pytest.mark.parametrize(("method", "route"), WORD_ROUTES)
def test_an_unknown_action_on_a_real_object_is_not_found_and_does_nothing(
    staff_client, objects, method, route
):
    before = _states()
    for word in UNKNOWN_WORDS:
        response = getattr(staff_client, method)(route.format(word=word, **objects), {"reason": "x" * 20})
        assert response.status_code == 404, (word, response.status_code)
        assert NOT_FOUND in response.content.decode()
    assert _states() == before
    assert ExtensionRequest.objects.get(pk=objects["extension"]).status == ExtensionRequest.Status.PENDING


@pytest.mark.parametrize("url", BAD_QUERIES)
def test_bad_query_parameters_on_the_admin_views_get_a_page_or_a_message_never_a_server_error(
    staff_client, objects, url
):
    response = staff_client.get(url)
    assert response.status_code != 500
    assert _is_clear_refusal(response), (response.status_code, response.content[:300])
