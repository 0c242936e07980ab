"""A table of hostile text sent to every input surface: never a server error, a refusal in Chinese with
nothing stored, and nothing that renders unescaped — neither on the answer nor on the public page after
an editor accepted what was stored."""

import json
import re
from dataclasses import dataclass

import pytest

from home.factories import SurveyFormFieldFactory, SurveyPageFactory
from home.models import SurveySubmission
from merchants.models import ClassifiedAd, MerchantApplication
from newsroom.factories import QASessionPageFactory
from newsroom.models import QAQuestion
from newsroom.qa.rules import release
from petitions import workflow
from petitions.models import ApiKey, Petition
from rongmei import captcha
from tests.helpers import housing_ad, merchant_application, solve_captcha
from tests.petitions.history import media_centre_editor

SENTENCE = "幸福路的路灯坏了很久，晚上走路看不见，请有关部门尽快修理。"
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">看</a>']

ACCEPTED = {  # stored as typed and always escaped when shown
    "script": f"<script>alert(1)</script>{SENTENCE}",
    "event-handler": f"<img src=x onerror=alert(1)>{SENTENCE}",
    "javascript-url": f'<a href="javascript:alert(1)">看</a>javascript:alert(1) {SENTENCE}',
    "sql": f"'; DROP TABLE petitions_petition; -- {SENTENCE} OR 1=1",
}
REFUSED = {
    "1-mb": "长" * 1_000_000,
    "empty": "",
    "whitespace": " \t\u3000\n ",
    "zero-width-and-bidi": "\u200b\u200d\u202e\u2066\ufeff" * 20,
    "nul": f"路灯\x00{SENTENCE}",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Surface:
    name: str
    submit: object  # (client, fixtures, text) -> response
    stored: object  # () -> queryset of what it stores
    public_text: object = None  # (client, fixtures, stored row) -> the public page after acceptance
    refused: tuple = (400, 413)  # the statuses a refusal answers


def _petition_form(client, fx, text):
    url = fx["board"].url + "new/"
    html = client.get(url).content.decode()
    data = {
        "captcha_token": re.search(r'name="captcha_token" value="([^"]+)"', html)[1],
        "captcha_answer": solve_captcha(re.search(r"验证题：([^<]+)</label>", html)[1]),
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html)[1],
        "kind": "complaint",
        "topic": fx["topic"].pk,
        "title": "幸福路路灯不亮",
        "content": text,
        "contact_phone": "13812345678",
        "is_anonymous": "on",
        "is_public": "on",
    }
    return client.post(url, data)


def _api(client, fx, text):
    question, token = captcha.challenge()
    data = {
        "kind": "complaint",
        "topic": fx["topic"].pk,
        "title": "幸福路路灯不亮",
        "content": text,
        "contact_phone": "13812345678",
        "is_anonymous": True,
        "is_public": True,
        "captcha_token": token,
        "captcha_answer": solve_captcha(question),
    }
    return client.post("/api/petitions/", json.dumps(data), "application/json")


def _open311(client, fx, text):
    _key, raw = ApiKey.objects.issue(name="市级政务平台", scope=ApiKey.Scope.OPEN311)
    data = {"api_key": raw, "service_code": fx["topic"].slug, "address_string": "幸福路 12 号"}
    return client.post("/open311/v2/requests.json", {**data, "description": text, "phone": "13812345678"})


def _petition_page(client, fx, petition):
    if petition.status == Petition.Status.PENDING:  # a post the screen held: an editor accepts it
        workflow.perform(petition, "accept", media_centre_editor())
    return client.get(f"{fx['board'].url}{petition.number}/")


def _question(client, fx, text):
    question, token = captcha.challenge()
    data = {"body": text[:2000] if len(text) < 3000 else text, "asker_name": "老李", "contact_phone": ""}
    data |= {"captcha_token": token, "captcha_answer": solve_captcha(question), "website": ""}
    return client.post(fx["session"].url + "ask/", data)


def _question_page(client, fx, question):
    if question.status != QAQuestion.Status.RELEASED:  # held for the moderators: one releases it
        release(question, media_centre_editor())
    return client.get(fx["session"].url)


def _sign_up(client, fx, text):
    directory = fx["directory"]
    data = merchant_application(fx["food"], description=text)
    return client.post(directory.url + directory.reverse_subpage("apply"), data)


def _ad(client, fx, text):
    return client.post(fx["ad_board"].url + "new/", housing_ad(description=text))


def _survey(client, fx, text):
    survey = fx["survey"]
    field = survey.form_fields.get()
    return client.post(survey.url, {field.clean_name: text})


def _search(client, fx, text):
    return client.get("/zh-hans/search/", {"q": text})


SURFACES = [
    # the board's form shows its errors on the page again, as it always has
    Surface("petition-form", _petition_form, Petition.objects.all, _petition_page, refused=(200, 413)),
    Surface("json-api", _api, Petition.objects.all, _petition_page),
    Surface("open311", _open311, Petition.objects.all, _petition_page),
    Surface("qa-question", _question, QAQuestion.objects.all, _question_page),
    Surface("merchant-sign-up", _sign_up, MerchantApplication.objects.all),
    Surface("classified-ad", _ad, ClassifiedAd.objects.all),
    # a Wagtail form page shows its errors on the page again too
    Surface("survey", _survey, SurveySubmission.objects.all, refused=(200,)),
    Surface("search", _search, Petition.objects.none),
]


@pytest.fixture
def survey(home):
    page = SurveyPageFactory(parent=home, kind="survey", one_per_person=False)
    SurveyFormFieldFactory(page=page, label="您的建议", field_type="multiline", choices="")
    page.save_revision().publish()
    return page


@pytest.fixture
def session(home):
    page = QASessionPageFactory(parent=home)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class Fixtures(dict):
    """The pages a surface needs, built the first time it asks for them (most need one or two)."""

    def __init__(self, request):
        super().__init__()
        self.request = request

    def __missing__(self, name):
        self[name] = self.request.getfixturevalue(name)
        return self[name]


@pytest.fixture
def fx(request, db):
    return Fixtures(request)


def assert_escaped(html):
    for markup in MARKUP:
        assert markup not in html


@pytest.mark.parametrize("surface", SURFACES, ids=lambda surface: surface.name)
@pytest.mark.parametrize("payload", REFUSED.values(), ids=REFUSED.keys())
def test_text_that_says_nothing_is_refused_in_chinese_and_not_stored(client, fx, surface, payload):
    response = surface.submit(client, fx, payload)
    assert response.status_code < 500
    if surface.name == "search":
        assert response.status_code == 200
        return
    assert response.status_code in surface.refused, response.status_code
    body = response.content.decode("utf-8", "replace")
    assert CJK.search(body)
    if response["Content-Type"].startswith("text/html"):
        assert 'lang="zh-hans"' in body and ("errorlist" in body or "error" in body)
    assert not surface.stored().exists()


@pytest.mark.parametrize("surface", SURFACES, ids=lambda surface: surface.name)
@pytest.mark.parametrize("payload", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_markup_and_sql_are_stored_as_text_and_never_render_unescaped(client, fx, surface, payload):
    response = surface.submit(client, fx, payload)
    assert response.status_code in (200, 201, 302), response.content[:500]
    assert_escaped(response.content.decode())
    if surface.name == "search":
        return
    row = surface.stored().get()
    assert any(markup in str(vars(row)) or "DROP TABLE" in str(vars(row)) for markup in MARKUP)
    if surface.public_text is not None:
        page = surface.public_text(client, fx, row)
        assert page.status_code == 200
        html = page.content.decode()
        assert "alert(1)" in html or "DROP TABLE" in html  # the text is there...
        assert_escaped(html)  # ...but only as text
