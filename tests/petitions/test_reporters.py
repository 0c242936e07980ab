"""记者跟进: a reporter of 帮打听 or 督办 takes a petition up, and the column's story joins its timeline."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.models.audit_log import ModelLogEntry

from newsroom.factories import NewsArticlePageFactory, NewsIndexPageFactory
from petitions.factories import PetitionFactory, advance, department_staff
from petitions.models import Petition, PetitionStory
from petitions.reporters import columns as reporting
from petitions.workflow import perform
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(django_user_model):
    """A reporter of the media centre: Editors may take petitions up (granted by a migration)."""
    user = django_user_model.objects.create_user("reporter1", password="pw-reporter-2026", first_name="周洋")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def resident_user(django_user_model):
    return django_user_model.objects.create_user("resident1", password="pw-resident-2026")


@pytest.fixture
def inquiry(home):
    return publish(NewsIndexPageFactory(parent=home, title="帮打听", slug="inquiry", channel="inquiry"))


@pytest.fixture
def supervision(home):
    return publish(NewsIndexPageFactory(parent=home, title="督办", slug="supervision", channel="supervision"))


@pytest.fixture
def echo(home):
    return publish(NewsIndexPageFactory(parent=home, title="融媒回声", slug="echo", channel="echo"))


@pytest.fixture
def open_petition(topic, department):
    """Posted and accepted three days ago, dispatched and claimed two days ago."""
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=3)):
        petition = PetitionFactory(topic=topic, title="幸福路积水无人管", kind="question", state="accepted")
    with time_machine.travel(now - datetime.timedelta(days=2)):
        return advance(petition, Petition.Status.PROCESSING, department=department)


def story(channel, petition, title="帮打听｜幸福路积水，记者问到了答案"):
    body = [
        ("paragraph", "<p>记者走访了办理单位。</p>"),
        ("petition", {"petition": petition, "heading": "", "show_thread": True}),
    ]
    return publish(NewsArticlePageFactory(parent=channel, title=title, body=body))


def detail_html(client, board, petition):
    response = client.get(f"{board.url}{petition.number}/")
    assert response.status_code == 200
    return response.content.decode()


def entries(petition, action):
    return ModelLogEntry.objects.filter(action=action, object_id=str(petition.pk))


# --- taking up ------------------------------------------------------------------------------------


def test_an_editor_takes_a_petition_up_and_it_is_recorded_in_its_history(reporter, open_petition):
    reporting.take_up(open_petition, reporter, "inquiry")

    open_petition.refresh_from_db()
    assert open_petition.reporter == reporter
    assert open_petition.reporter_column == "inquiry"
    assert open_petition.taken_up_at is not None
    assert open_petition.status == Petition.Status.PROCESSING  # not a status change
    entry = entries(open_petition, "petitions.take_up").get()
    assert entry.user_id == reporter.pk
    assert entry.data["column"] == "inquiry"


def test_an_editor_may_hand_it_to_another_reporter_and_drop_it(reporter, django_user_model, open_petition):
    colleague = django_user_model.objects.create_user("reporter2", password="pw-reporter-2026")
    colleague.groups.add(Group.objects.get(name="Editors"))
    reporting.take_up(open_petition, reporter, "supervision", reporter=colleague)
    assert (open_petition.reporter_id, open_petition.reporter_column) == (colleague.pk, "supervision")

    reporting.drop(open_petition, reporter)
    open_petition.refresh_from_db()
    assert (open_petition.reporter_id, open_petition.reporter_column, open_petition.taken_up_at) == (
        None,
        "",
        None,
    )
    assert entries(open_petition, "petitions.drop").get().data["column"] == "supervision"
    with pytest.raises(reporting.ReportingError):
        reporting.drop(open_petition, reporter)


def test_someone_without_the_permission_cannot_take_a_petition_up(resident_user, open_petition, reporter):
    with pytest.raises(PermissionDenied):
        reporting.take_up(open_petition, resident_user, "inquiry")
    # nor may an editor name an account that is not a reporter
    with pytest.raises(reporting.ReportingError):
        reporting.take_up(open_petition, reporter, "inquiry", reporter=resident_user)
    with pytest.raises(reporting.ReportingError):
        reporting.take_up(open_petition, reporter, "headlines")
    open_petition.refresh_from_db()
    assert open_petition.reporter_column == ""
    assert not entries(open_petition, "petitions.take_up").exists()


def test_the_permission_alone_is_enough(resident_user, open_petition):
    resident_user.user_permissions.add(Permission.objects.get(codename="take_up_petition"))
    resident_user = type(resident_user).objects.get(pk=resident_user.pk)
    reporting.take_up(open_petition, resident_user, "inquiry")
    assert open_petition.reporter_column == "inquiry"


@pytest.mark.parametrize(
    ("status", "public", "message"),
    [("pending", True, "待审核"), ("rejected", True, "不予受理"), ("processing", False, "不公开")],
)
def test_a_petition_off_the_public_board_cannot_be_taken_up(reporter, topic, status, public, message):
    petition = PetitionFactory(topic=topic, state=status, is_public=public)
    with pytest.raises(reporting.ReportingError) as caught:
        reporting.take_up(petition, reporter, "inquiry")
    assert "只有已受理并公开的诉求" in str(caught.value) and message in str(caught.value)
    petition.refresh_from_db()
    assert petition.reporter_column == ""


def test_the_admin_page_takes_up_with_a_chosen_reporter_and_refuses_with_a_message(
    reporter_client, reporter, django_user_model, open_petition, topic
):
    colleague = django_user_model.objects.create_user("reporter2", password="pw", first_name="李婷")
    colleague.groups.add(Group.objects.get(name="Editors"))
    url = reverse("petitions_take_up", args=[open_petition.pk])
    page = reporter_client.get(url).content.decode()
    assert "李婷" in page and "帮打听" in page and "督办" in page

    response = reporter_client.post(
        url, {"action": "take_up", "column": "supervision", "reporter": colleague.pk}
    )
    assert response.status_code == 302
    open_petition.refresh_from_db()
    assert (open_petition.reporter_id, open_petition.reporter_column) == (colleague.pk, "supervision")
    assert "记者跟进中" in reporter_client.get(url).content.decode()

    reporter_client.post(url, {"action": "drop"})
    open_petition.refresh_from_db()
    assert open_petition.reporter_column == ""

    pending = PetitionFactory(topic=topic, state="pending")
    url = reverse("petitions_take_up", args=[pending.pk])
    response = reporter_client.post(url, {"action": "take_up", "column": "inquiry", "reporter": ""})
    assert response.status_code == 200
    assert "只有已受理并公开的诉求才能由记者跟进" in response.content.decode()
    pending.refresh_from_db()
    assert pending.reporter_column == ""


def test_the_admin_page_is_for_editors_only_and_linked_from_the_petition(
    client, reporter, resident_user, open_petition
):
    url = reverse("petitions_take_up", args=[open_petition.pk])
    resident_user.is_staff = True
    resident_user.save()
    resident_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(resident_user)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"action": "take_up", "column": "inquiry"}).status_code in (302, 403)
    open_petition.refresh_from_db()
    assert open_petition.reporter_column == ""

    client.force_login(reporter)
    inspect = client.get(reverse("wagtailsnippets_petitions_petition:inspect", args=[open_petition.pk]))
    assert inspect.status_code == 200
    assert url in inspect.content.decode()


# --- the public page and the timeline --------------------------------------------------------------


def test_the_petition_page_shows_the_badge_without_the_reporters_name(client, board, reporter, open_petition):
    assert "记者跟进中" not in detail_html(client, board, open_petition)
    reporting.take_up(open_petition, reporter, "inquiry")

    html = detail_html(client, board, open_petition)
    assert "记者跟进中" in html
    assert "帮打听" in html and "本台记者" in html
    assert "周洋" not in html and "reporter1" not in html


def test_publishing_an_inquiry_story_adds_it_to_the_timeline_in_order(
    client, board, reporter, inquiry, open_petition, department
):
    reporting.take_up(open_petition, reporter, "inquiry")
    article = story(inquiry, open_petition)
    # a reply that comes after the story is listed after it
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        perform(open_petition, "reply", department_staff(department), body="积水点已经疏通。")

    stored = PetitionStory.objects.get(petition=open_petition)
    assert (stored.page_id, stored.column) == (article.pk, "inquiry")
    html = detail_html(client, board, open_petition)
    assert "记者跟进报道 · 帮打听" in html
    assert f'<a href="{article.url}">{article.title}</a>' in html
    assert "记者跟进中" not in html  # the story is out: the badge has done its work
    timeline = html[html.index("petition-timeline") :]
    assert timeline.index("办理单位已签收") < timeline.index(article.title) < timeline.index("积水点已经疏通")

    entry = entries(open_petition, "petitions.story_published").get()
    assert entry.data["page"] == article.pk
    open_petition.refresh_from_db()
    assert not open_petition.is_supervised  # 帮打听 does not supervise


def test_unpublishing_the_story_takes_it_off_the_timeline(client, board, reporter, inquiry, open_petition):
    reporting.take_up(open_petition, reporter, "inquiry")
    article = story(inquiry, open_petition)
    assert article.title in detail_html(client, board, open_petition)

    article.unpublish()

    html = detail_html(client, board, open_petition)
    assert article.title not in html
    assert "记者跟进中" in html  # still followed, and no story out now
    assert not PetitionStory.objects.filter(petition=open_petition).exists()
    assert entries(open_petition, "petitions.story_withdrawn").exists()

    publish(article)  # published again: back on the timeline
    assert article.title in detail_html(client, board, open_petition)


def test_republishing_without_the_petition_takes_the_story_off(client, board, inquiry, open_petition):
    article = story(inquiry, open_petition)
    article.body = [("paragraph", "<p>更正：本文不涉及该诉求。</p>")]
    publish(article)
    assert article.title not in detail_html(client, board, open_petition)
    assert not PetitionStory.objects.exists()


def test_a_story_made_private_leaves_the_public_timeline(client, board, inquiry, open_petition):
    from wagtail.models import PageViewRestriction

    article = story(inquiry, open_petition)
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="secret")
    assert article.title not in detail_html(client, board, open_petition)


def test_a_supervision_story_marks_the_petition_supervised_and_logs_it(
    client, board, reporter, supervision, open_petition
):
    reporting.take_up(open_petition, reporter, "supervision")
    article = story(supervision, open_petition, title="督办｜幸福路积水久拖不决")

    open_petition.refresh_from_db()
    assert open_petition.is_supervised
    supervise = ModelLogEntry.objects.get(action="petitions.supervise", object_id=str(open_petition.pk))
    assert article.title in supervise.data["reason"]
    html = detail_html(client, board, open_petition)
    assert "记者跟进报道 · 督办" in html and article.title in html

    # a second 督办 story does not log a second supervision
    story(supervision, open_petition, title="督办｜幸福路积水整改完成")
    assert (
        ModelLogEntry.objects.filter(action="petitions.supervise", object_id=str(open_petition.pk)).count()
        == 1
    )


def test_a_story_in_another_channel_is_not_on_the_timeline(client, board, reporter, echo, open_petition):
    reporting.take_up(open_petition, reporter, "supervision")
    article = story(echo, open_petition, title="融媒回声｜幸福路积水")

    open_petition.refresh_from_db()
    assert not open_petition.is_supervised
    assert not PetitionStory.objects.exists()
    html = detail_html(client, board, open_petition)
    assert "记者跟进报道" not in html
    assert "记者跟进中" in html  # the 督办 story is still to come
    assert PageLogEntry.objects.filter(page=article, action="wagtail.publish").exists()


# --- the API ------------------------------------------------------------------------------------------


def test_the_api_gives_the_column_and_the_stories_but_not_the_reporter(
    client, reporter, inquiry, open_petition
):
    url = f"/api/petitions/{open_petition.number}/"
    data = client.get(url).json()
    assert (data["reporter_column"], data["reporter_following"], data["stories"]) == (None, False, [])

    reporting.take_up(open_petition, reporter, "inquiry")
    data = client.get(url).json()
    assert (data["reporter_column"], data["reporter_following"]) == ("inquiry", True)

    article = story(inquiry, open_petition)
    data = client.get(url).json()
    assert data["reporter_following"] is False
    [entry] = data["stories"]
    assert entry["title"] == article.title
    assert entry["column"] == "inquiry" and entry["column_display"] == "帮打听"
    assert entry["url"].endswith(article.url)
    assert [step["url"] for step in data["thread"] if step["kind"] == "story"] == [article.url]
    text = json.dumps(data, ensure_ascii=False)
    assert (
        "reporter1" not in text
        and "周洋" not in text
        and str(reporter.pk) not in {str(value) for value in data.values()}
    )
