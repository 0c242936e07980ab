"""Return visits (回访) with their two ratings (双评议), and the figures of return visits and of intake
channels (来源).

Every petition is submitted and moved by ``workflow.perform`` under a clock that stands still between steps
(``tests/petitions/history.py``); visits are recorded through the admin's form or the workflow's
``return_visit`` step. A dispatch on day D is due to be replied by the end of the 5th working day after D
(the topic here has ``reply_days=5``); March 2026 has no holidays.
"""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from petitions import workflow
from petitions.factories import TopicFactory
from petitions.handling.visits import awaiting_visit
from petitions.models import Petition, ReturnVisit
from petitions.supervision import stats
from rongmei import roles

from .history import Clock, History, department, local, media_centre_editor, signed_in, staff_member

pytestmark = pytest.mark.django_db

WEEK = stats.Period.week(datetime.date(2026, 3, 9))  # Monday 9 – Sunday 15 March 2026
PHONE = "13812345678"


def march(day):
    return datetime.date(2026, 3, day)


@pytest.fixture
def clock(db):
    with Clock.travel(local(march(2), 8)) as clock:  # Monday 2 March 2026, 08:00
        yield clock


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban", reply_days=5)


@pytest.fixture
def unit(db):
    return department("西区住建局", "zhujian")


@pytest.fixture
def history(db):
    return History(media_centre_editor())


@pytest.fixture
def supervisor(db):
    return staff_member("supervisor-visits", "Supervisors")


def answered(history, topic, unit, **fields):
    """Submitted, dispatched to ``unit`` and replied, one hour apart."""
    petition = history.submitted(topic, **fields)
    history.dispatched(petition, unit)
    history.replied(petition)
    return petition


def visited(
    petition, actor, *, answer="satisfied", handling="satisfied", said="居民表示问题已解决。", at=None
):
    _petition, visit = workflow.perform(
        petition,
        "return_visit",
        actor,
        visited_at=at or timezone.now(),
        method="phone",
        resident_said=said,
        answer_rating=answer,
        handling_rating=handling,
    )
    return visit


def test_a_supervisor_records_a_return_visit_after_a_dissatisfied_rating(
    clock, topic, unit, history, supervisor
):
    petition = answered(history, topic, unit)
    clock.to(march(4), 10)
    history.rated(petition, "dissatisfied")  # reopens once, the rating is cleared, its time is kept
    petition.refresh_from_db()
    assert petition.status == Petition.Status.PROCESSING and petition.rating == ""
    assert petition.dissatisfied_at == local(march(4), 10)

    clock.to(march(5), 10)
    client = signed_in(supervisor)
    queue = client.get("/admin/petitions/return-visits/")
    assert queue.context["awaiting"] == [petition] and petition.number in queue.content.decode()
    form_page = client.get(f"/admin/petitions/{petition.pk}/return-visit/").content.decode()
    assert 'name="answer_rating"' in form_page and 'name="handling_rating"' in form_page
    assert PHONE not in form_page  # supervisors do not read residents' contact details
    response = client.post(
        f"/admin/petitions/{petition.pk}/return-visit/",
        {
            "visited_at": "2026-03-05 09:30",
            "method": "phone",
            "resident_said": "路灯修好了，但拖了一个星期。",
            "answer_rating": "fair",
            "handling_rating": "dissatisfied",
        },
    )
    assert response.status_code == 302 and response.url == "/admin/petitions/return-visits/"

    visit = ReturnVisit.objects.get()
    assert (visit.petition, visit.recorded_by, visit.visited_at) == (
        petition,
        supervisor,
        local(march(5), 9, 30),
    )
    assert (visit.answer_rating, visit.handling_rating, visit.follows_dissatisfied) == (
        "fair",
        "dissatisfied",
        True,
    )
    petition.refresh_from_db()
    assert petition.status == Petition.Status.PROCESSING  # a visit leaves the state as it is
    entry = ModelLogEntry.objects.for_instance(petition).get(action="petitions.return_visit")
    assert entry.user == supervisor
    assert entry.data["return_visit"] == visit.pk
    assert (entry.data["answer_rating"], entry.data["handling_rating"]) == ("fair", "dissatisfied")
    assert client.get("/admin/petitions/return-visits/").context["awaiting"] == []


def test_an_editor_visits_a_sample_and_sees_it_on_the_petitions_admin_page_never_in_public(
    clock, topic, unit, history
):
    petition = answered(history, topic, unit)
    history.rated(petition, "satisfied")
    editor = history.moderator
    clock.shift(days=1)
    visited(petition, editor, said="居民说维修师傅态度很好。")
    visit = ReturnVisit.objects.get()
    assert visit.follows_dissatisfied is False

    client = signed_in(editor)
    inspect = client.get(f"/admin/snippets/petitions/petition/inspect/{petition.pk}/").content.decode()
    assert "居民说维修师傅态度很好。" in inspect
    assert f"/admin/petitions/{petition.pk}/return-visit/" in inspect  # the 回访 button
    assert "网站" in inspect  # 来源
    assert PHONE in client.get(f"/admin/petitions/{petition.pk}/return-visit/").content.decode()

    public = Client().get(f"/api/petitions/{petition.number}/")
    assert public.status_code == 200
    assert "维修师傅" not in public.content.decode() and PHONE not in public.content.decode()


def test_only_supervisors_and_editors_record_and_only_after_the_answer(
    clock, topic, unit, history, supervisor
):
    waiting = history.submitted(topic)
    history.dispatched(waiting, unit)
    with pytest.raises(workflow.TransitionError):
        visited(waiting, supervisor)  # dispatched, not answered

    petition = answered(history, topic, unit)
    for actor in (
        history.handler(petition),
        staff_member("moderator-visits", "Moderators"),
        workflow.Resident(),
    ):
        with pytest.raises(PermissionDenied):
            visited(petition, actor)
    with pytest.raises(workflow.TransitionError) as future:
        visited(petition, supervisor, at=timezone.now() + datetime.timedelta(hours=1))
    assert "visited_at" in future.value.message_dict
    with pytest.raises(workflow.TransitionError):
        visited(petition, supervisor, at=timezone.now() - datetime.timedelta(days=1))  # before the reply
    with pytest.raises(workflow.TransitionError) as unrated:
        visited(petition, supervisor, answer="")
    assert "answer_rating" in unrated.value.message_dict
    assert not ReturnVisit.objects.exists()

    roles.apply_roles(departments=[unit])  # the unit's staff may sign in to the admin, as every unit's do
    clerk = signed_in(history.handler(petition))
    for url in (f"/admin/petitions/{petition.pk}/return-visit/", "/admin/petitions/return-visits/"):
        refused = clerk.get(url)  # Wagtail turns the refusal into a redirect to the dashboard
        assert (refused.status_code, refused.url) == (302, "/admin/")
    later = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    response = signed_in(supervisor).post(
        f"/admin/petitions/{petition.pk}/return-visit/",
        {
            "visited_at": later,
            "method": "visit",
            "resident_said": "上门回访。",
            "answer_rating": "satisfied",
            "handling_rating": "satisfied",
        },
    )
    assert response.status_code == 200
    assert "回访时间不能晚于现在。" in response.content.decode()  # the workflow's refusal, on the form
    assert not ReturnVisit.objects.exists()


def test_a_visit_in_the_minute_of_the_reply_and_the_rating_counts_as_after_both(
    clock, topic, unit, history, supervisor
):
    petition = history.submitted(topic)
    history.dispatched(petition, unit)
    clock.shift(seconds=30)  # replied at hh:mm:30 and rated 不满意 at hh:mm:40; the form gives whole minutes
    history.replied(petition)
    clock.shift(seconds=10)
    history.rated(petition, "dissatisfied")
    petition.refresh_from_db()
    assert [p.pk for p in awaiting_visit()] == [petition.pk]
    minute = timezone.localtime(petition.replied_at).strftime("%Y-%m-%d %H:%M")
    response = signed_in(supervisor).post(
        f"/admin/petitions/{petition.pk}/return-visit/",
        {
            "visited_at": minute,
            "method": "phone",
            "resident_said": "刚评价就打了电话。",
            "answer_rating": "dissatisfied",
            "handling_rating": "fair",
        },
    )
    assert response.status_code == 302
    assert ReturnVisit.objects.get().visited_at == petition.dissatisfied_at  # after the rating it answers
    assert list(awaiting_visit()) == []
    a_minute_before = timezone.localtime(petition.replied_at).replace(second=0) - datetime.timedelta(
        minutes=1
    )
    with pytest.raises(workflow.TransitionError):
        visited(petition, supervisor, at=a_minute_before)


def test_return_visit_figures_follow_their_formulas(clock, topic, unit, history, supervisor):
    clock.to(march(9), 8)
    twice, reopened, sampled, unvisited = (answered(history, topic, unit) for _ in range(4))
    clock.to(march(9), 12)
    history.rated(twice, "dissatisfied")  # reopened
    clock.to(march(10), 9)
    history.rated(reopened, "dissatisfied")  # reopened, never visited in the week
    history.rated(sampled, "satisfied")
    history.rated(unvisited, "fair")
    history.replied(twice)
    clock.to(march(11), 9)
    history.rated(twice, "dissatisfied")  # the second 不满意 closes it
    clock.to(march(12), 9)
    visited(twice, supervisor, answer="satisfied", handling="fair")
    clock.to(march(13), 9)
    visited(sampled, history.moderator, answer="fair", handling="dissatisfied")
    clock.to(march(16), 9)
    visited(reopened, supervisor)  # the next week: not a visit of this week's figures

    found = stats.return_visit_figures(WEEK)
    assert (found.dissatisfied, found.dissatisfied_visited, found.dissatisfied_visit_rate) == (2, 1, 50.0)
    # closed in the week: twice (its second rating), sampled and unvisited
    assert (found.closed, found.closed_visited, found.return_visit_rate) == (3, 2, 66.7)
    assert (found.visits, found.visit_answer_satisfaction_rate, found.visit_handling_satisfaction_rate) == (
        2,
        100.0,
        50.0,
    )
    assert (found.visits_after_dissatisfied, found.turned_satisfied_rate) == (1, 100.0)

    elsewhere = stats.return_visit_figures(WEEK, department_ids=[department("西区交通局", "jiaotong").pk])
    assert (elsewhere.visits, elsewhere.dissatisfied_visit_rate) == (0, None)

    page = signed_in(supervisor).get("/admin/petitions/statistics/?start=2026-03-09&end=2026-03-15")
    html = page.content.decode()
    assert page.status_code == 200
    assert "不满意回访率" in html and "50.0%" in html and "66.7%" in html
    assert "统计期内评价“不满意”的诉求中" in html  # the formula, stated on the page


def test_per_channel_volume_and_on_time_rate(clock, topic, unit, history, supervisor):
    clock.to(march(2), 9)
    on_time = history.submitted(topic, intake_channel=Petition.IntakeChannel.HOTLINE_12345)
    late = history.submitted(topic, intake_channel=Petition.IntakeChannel.HOTLINE_12345)
    website = history.submitted(topic)
    clock.to(march(2), 10)
    for petition in (on_time, late, website):
        history.dispatched(petition, unit)  # reply due Mon 9 March, end of day
    clock.to(march(6), 10)
    history.replied(on_time)
    history.replied(website)
    clock.to(march(10), 10)
    history.replied(late)

    period = stats.Period.days(march(2), march(15))
    rows = {row.key: row for row in stats.by_channel(period)}
    assert list(rows) == [value for value in Petition.IntakeChannel.values if value]  # no 未记录 row
    hotline, site, app = rows["hotline_12345"], rows["website"], rows["app"]
    assert (hotline.received, hotline.due, hotline.on_time_rate) == (2, 2, 50.0)
    assert (site.received, site.on_time_rate) == (1, 100.0)
    assert (app.received, app.on_time_rate) == (0, None)
    assert str(hotline.name) == "12345 热线"

    html = (
        signed_in(supervisor)
        .get("/admin/petitions/statistics/?start=2026-03-02&end=2026-03-15")
        .content.decode()
    )
    assert "各来源" in html and "12345 热线" in html
    listing = signed_in(history.moderator).get(
        "/admin/snippets/petitions/petition/?intake_channel=hotline_12345"
    )
    assert on_time.number in listing.content.decode() and website.number not in listing.content.decode()


def test_the_migration_reads_earlier_dissatisfied_ratings_back_from_the_audit_log(
    clock, topic, unit, history
):
    from importlib import import_module

    migration = import_module("petitions.migrations.0012_return_visits_and_intake_channels")
    petition = answered(history, topic, unit)
    clock.to(march(3), 15)
    history.rated(petition, "dissatisfied")
    Petition.objects.update(dissatisfied_at=None)  # as a petition rated before the field existed
    migration.keep_dissatisfied_ratings(apps, None)
    assert Petition.objects.get().dissatisfied_at == local(march(3), 15)


def test_the_queue_reads_the_same_number_of_queries_however_many_petitions_wait(
    clock, topic, unit, history, supervisor
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def dissatisfied_and_visited():
        waiting, done = answered(history, topic, unit), answered(history, topic, unit)
        history.rated(waiting, "dissatisfied")
        history.rated(done, "dissatisfied")
        clock.shift(minutes=5)
        visited(done, supervisor)

    client = signed_in(supervisor)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/admin/petitions/return-visits/")
        return response, len(captured)

    dissatisfied_and_visited()
    queries()  # the first request of a session reads what later ones find cached
    first, few = queries()
    for _ in range(3):
        dissatisfied_and_visited()
    more, many = queries()
    assert (len(first.context["awaiting"]), len(more.context["awaiting"])) == (1, 4)
    assert len(more.context["recent"]) == 4
    assert many == few
