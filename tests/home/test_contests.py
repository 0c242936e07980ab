"""Contests (评比): residents send entries, editors moderate them, residents vote, the results show after
the close — each phase on its own clock, through the real views."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from home.factories import ContestPageFactory
from home.models import ContestEntry, ContestPage, ContestVote, HomePage
from petitions.factories import ScreenedWordFactory
from points.models import Action, PointsAward
from rongmei import roles
from tests.helpers import png

DAY = datetime.timedelta(days=1)


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def contest(home, clock):
    return ContestPageFactory(parent=home, title="最美乡村随手拍评比", votes_per_person=2)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator1", "m1@example.com", "pw-moderator-2026")
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    return user


def entry_data(title="清晨的稻田", **overrides):
    data = {
        "title": title,
        "text": "早上六点在东岳村拍的稻田，云雾刚散。",
        "contact_name": "王女士",
        "contact_phone": "13912345678",
        "photos": [png("rice.png"), png("fog.png")],
    }
    data.update(overrides)
    return data


def enter(contest, client=None, **overrides):
    return (client or Client()).post(contest.url + "enter/", entry_data(**overrides))


def approve_all(contest, editor):
    client = Client()
    client.force_login(editor)
    for entry in ContestEntry.objects.filter(contest=contest, status="pending"):
        response = client.post(f"/admin/contests/entries/{entry.pk}/approve/")
        assert response.status_code == 302


def vote(client, contest, entry):
    return client.post(f"{contest.url}vote/{entry.pk}/")


def test_a_contest_from_entry_to_moderation_to_votes_to_results(contest, clock, editor):
    # Entries open: two residents send theirs; nothing shows before an editor approves it.
    assert enter(contest).status_code == 200
    assert enter(contest, title="村口的老槐树").status_code == 200
    entries = ContestEntry.objects.filter(contest=contest)
    assert [entry.status for entry in entries] == ["pending", "pending"]
    assert entries.first().photos.count() == 2
    assert "清晨的稻田" not in Client().get(contest.url).content.decode()

    admin = Client()
    admin.force_login(editor)
    queue = admin.get("/admin/contests/entries/")
    assert queue.status_code == 200 and "清晨的稻田" in queue.content.decode()
    rice, tree = ContestEntry.objects.get(title="清晨的稻田"), ContestEntry.objects.get(title="村口的老槐树")
    admin.post(f"/admin/contests/entries/{rice.pk}/approve/")
    admin.post(f"/admin/contests/entries/{tree.pk}/approve/")
    page = Client().get(contest.url).content.decode()
    assert "清晨的稻田" in page and "村口的老槐树" in page
    # Voting has not begun.
    assert vote(Client(), contest, rice).status_code == 403

    clock.move_to(contest.voting_opens_at)
    first, second, third = Client(), Client(), Client()
    assert vote(first, contest, rice).status_code == 302
    assert vote(first, contest, tree).status_code == 302
    assert vote(second, contest, rice).status_code == 302
    assert vote(third, contest, tree).status_code == 302
    assert vote(third, contest, rice).status_code == 302
    # Results are kept for the close.
    early = Client().get(contest.url + "results/")
    assert early.status_code == 403 and "投票截止后公布" in early.content.decode()

    clock.move_to(contest.closes_at)
    assert vote(Client(), contest, tree).status_code == 403
    results = Client().get(contest.url + "results/")
    assert results.status_code == 200
    content = results.content.decode()
    assert content.index("清晨的稻田") < content.index("村口的老槐树")
    assert "3 票" in content and "2 票" in content and "共 5 票" in content


def test_a_second_vote_for_the_same_entry_is_refused(contest, clock, editor):
    enter(contest)
    approve_all(contest, editor)
    entry = ContestEntry.objects.get(contest=contest)
    clock.move_to(contest.voting_opens_at)
    browser = Client()
    vote(browser, contest, entry)
    again = vote(browser, contest, entry)
    assert again.status_code == 403
    assert "每件作品只能投一票" in again.content.decode()
    assert ContestVote.objects.filter(entry=entry).count() == 1


def test_a_person_has_votes_per_person_votes_whichever_browser(contest, clock, editor, django_user_model):
    for title in ("清晨的稻田", "村口的老槐树", "新修的水渠"):
        enter(contest, title=title)
    approve_all(contest, editor)
    rice, tree, canal = ContestEntry.objects.filter(contest=contest).order_by("pk")
    clock.move_to(contest.voting_opens_at + DAY)
    resident = django_user_model.objects.create_user("voter", password="pw-voter-2026")
    phone, laptop = Client(), Client()
    phone.force_login(resident)
    laptop.force_login(resident)
    assert vote(phone, contest, rice).status_code == 302
    assert vote(laptop, contest, rice).status_code == 403  # the same account, another browser
    assert vote(laptop, contest, tree).status_code == 302
    third = vote(phone, contest, canal)
    assert third.status_code == 403 and "2 票已经投完" in third.content.decode()
    assert ContestVote.objects.filter(user=resident).count() == 2


def test_a_vote_for_an_entry_not_approved_is_refused(contest, clock):
    enter(contest)
    entry = ContestEntry.objects.get(contest=contest)
    clock.move_to(contest.voting_opens_at)
    response = vote(Client(), contest, entry)
    assert response.status_code == 403 and "没有找到这件作品" in response.content.decode()
    assert not ContestVote.objects.exists()


def test_counts_stay_hidden_until_the_close_when_the_editor_says_so(home, clock, editor):
    contest = ContestPageFactory(parent=home, hide_counts=True)
    enter(contest)
    approve_all(contest, editor)
    clock.move_to(contest.voting_opens_at)
    browser = Client()
    vote(browser, contest, ContestEntry.objects.get(contest=contest))
    assert "1 票" not in browser.get(contest.url).content.decode()
    clock.move_to(contest.closes_at)
    assert "1 票" in Client().get(contest.url).content.decode()


def test_counts_show_while_voting_unless_hidden(contest, clock, editor):
    enter(contest)
    approve_all(contest, editor)
    clock.move_to(contest.voting_opens_at)
    vote(Client(), contest, ContestEntry.objects.get(contest=contest))
    assert "1 票" in Client().get(contest.url).content.decode()


def test_a_signed_in_vote_earns_the_survey_vote_points_once_per_contest(
    contest, clock, editor, django_user_model
):
    enter(contest)
    enter(contest, title="村口的老槐树")
    approve_all(contest, editor)
    clock.move_to(contest.voting_opens_at)
    resident = django_user_model.objects.create_user("points-voter", password="pw-voter-2026")
    browser = Client()
    browser.force_login(resident)
    for entry in ContestEntry.objects.filter(contest=contest):
        assert vote(browser, contest, entry).status_code == 302
    awards = PointsAward.objects.filter(account__user=resident, rule__action=Action.SURVEY_VOTE)
    assert [award.object_key for award in awards] == [f"contest:{contest.pk}"]


def test_the_entrant_contact_is_never_shown_publicly(contest, clock, editor):
    enter(contest, contact_name="王秀兰", contact_phone="13912345678")
    approve_all(contest, editor)
    pages = [Client().get(contest.url)]
    clock.move_to(contest.voting_opens_at)
    pages.append(Client().get(contest.url))
    clock.move_to(contest.closes_at)
    pages += [Client().get(contest.url), Client().get(contest.url + "results/")]
    for response in pages:
        content = response.content.decode()
        assert "清晨的稻田" in content
        assert "13912345678" not in content and "王秀兰" not in content


# --- bad input: a clear message, never a server error -----------------------------------------------


def test_an_entry_without_a_photo_is_refused_with_a_message(contest):
    response = enter(contest, photos=[])
    assert response.status_code == 400
    assert "请至少上传一张照片" in response.content.decode()
    assert not ContestEntry.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused_before_it_is_stored(contest):
    fake = SimpleUploadedFile("rice.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = enter(contest, photos=[fake])
    assert response.status_code == 400
    assert "无法识别图片" in response.content.decode()
    assert not ContestEntry.objects.exists()


def test_more_than_six_photos_are_refused(contest):
    response = enter(contest, photos=[png(f"p{number}.png") for number in range(7)])
    assert response.status_code == 400
    assert "最多上传 6 张图片" in response.content.decode()


def test_a_wrong_phone_and_an_empty_title_are_refused_with_messages(contest):
    response = enter(contest, title="", contact_phone="12345")
    assert response.status_code == 400
    content = response.content.decode()
    assert "请填写正确的手机号或座机号" in content and "必需字段" in content, content[
        content.find("<main") :
    ][:3000]


def test_an_entry_with_a_refused_word_is_turned_away(contest):
    ScreenedWordFactory(word="赌博网站", action="refuse")
    response = enter(contest, text="欢迎访问赌博网站，稻田很美。")
    assert response.status_code == 400
    assert not ContestEntry.objects.exists()


def test_an_entry_with_a_held_word_waits_with_the_words_noted(contest):
    ScreenedWordFactory(word="拆迁", action="hold")
    assert enter(contest, text="拆迁以前的老街，最后一次拍下它。").status_code == 200
    assert "拆迁" in ContestEntry.objects.get().screening_reason


def test_entries_are_not_taken_once_voting_opens(contest, clock):
    clock.move_to(contest.voting_opens_at)
    response = enter(contest)
    assert response.status_code == 403
    assert "现在不接受作品" in response.content.decode()
    assert not ContestEntry.objects.exists()


def test_a_get_of_the_vote_address_goes_back_to_the_contest(contest, clock):
    response = Client().get(contest.url + "vote/1/")
    assert response.status_code == 302 and response["Location"] == contest.url


def test_an_unknown_entry_id_is_a_refusal_not_an_error(contest, clock):
    clock.move_to(contest.voting_opens_at)
    assert vote(Client(), contest, ContestEntry(pk=999999999)).status_code == 403
    assert Client().post(contest.url + "vote/99999999999999999999/").status_code == 404


# --- moderation ---------------------------------------------------------------------------------------


def test_a_moderator_rejects_an_entry_and_it_never_shows(contest, clock, moderator):
    enter(contest)
    entry = ContestEntry.objects.get()
    client = Client()
    client.force_login(moderator)
    response = client.post(f"/admin/contests/entries/{entry.pk}/reject/", {"note": "与主题无关"}, follow=True)
    assert "已退回作品" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.status, entry.review_note, entry.reviewed_by) == ("rejected", "与主题无关", moderator)
    # A decided entry is not decided again.
    again = client.post(f"/admin/contests/entries/{entry.pk}/approve/", follow=True)
    assert "已经审核过了" in again.content.decode()
    assert ContestEntry.objects.get().status == "rejected"
    clock.move_to(contest.voting_opens_at)
    assert "清晨的稻田" not in Client().get(contest.url).content.decode()


def test_a_resident_cannot_moderate(contest, django_user_model):
    enter(contest)
    entry = ContestEntry.objects.get()
    resident = django_user_model.objects.create_user("nosy", password="pw-nosy-2026")
    client = Client()
    client.force_login(resident)
    client.post(f"/admin/contests/entries/{entry.pk}/approve/")
    assert ContestEntry.objects.get().status == "pending"
    assert Client().post(f"/admin/contests/entries/{entry.pk}/approve/").status_code == 302  # to sign-in
    assert ContestEntry.objects.get().status == "pending"


def test_an_unknown_decision_is_a_404(contest, editor):
    enter(contest)
    client = Client()
    client.force_login(editor)
    assert client.post(f"/admin/contests/entries/{ContestEntry.objects.get().pk}/delete/").status_code == 404


# --- the page type ------------------------------------------------------------------------------------


def test_phases_must_follow_one_another(home):
    now = timezone.now()
    page = ContestPage(
        title="评比",
        entries_open_at=now,
        voting_opens_at=now - DAY,
        closes_at=now - 2 * DAY,
        votes_per_person=0,
    )
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert set(raised.value.message_dict) == {"voting_opens_at", "closes_at", "votes_per_person"}


def test_editors_create_contests_where_surveys_live(home):
    assert ContestPage in HomePage.allowed_subpage_models()
    assert ContestPage.allowed_subpage_models() == []
