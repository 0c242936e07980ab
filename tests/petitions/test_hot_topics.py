"""Hot topics (热点诉求): keywords per petition, the week's rising words per department and street, the
admin view and the public 本周热点 block."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from petitions import workflow
from petitions.factories import DepartmentFactory, EditorFactory, PetitionFactory, TopicFactory
from petitions.models import Department, PetitionKeyword
from petitions.seed import PLACES, STORIES
from petitions.supervision import hot_topics

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 3, 9)

# what each demo story is about: the word its keywords must contain
THEMES = {
    "{place}垃圾好几天没人清运": "清运",
    "{place}路灯不亮快一个月了": "路灯",
    "{place}小区供暖不热": "供暖",
    "{place}占道经营严重": "占道经营",
    "建议{place}增设公交站": "公交站",
    "{place}夜间施工噪音扰民": "噪音",
    "孩子入学需要哪些材料": "入学",
    "{place}社区卫生服务站希望延长开放时间": "服务站",
    "{place}小区电梯经常坏": "电梯",
    "在{place}工地打工被拖欠工资": "拖欠工资",
    "{place}楼道堆放杂物有消防隐患": "消防隐患",
    "{place}下水道堵塞污水外溢": "下水道",
    "{place}老旧小区改造什么时候开始": "老旧小区",
    "高龄津贴怎么申请": "高龄津贴",
    "{place}乱停车堵路": "乱停车",
    "表扬{place}环卫工人": "环卫工人",
}


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, 3, 1, hour)) + datetime.timedelta(days=day - 1)


def test_keywords_of_the_demo_petitions_name_what_they_are_about():
    assert {story[3] for story in STORIES} == set(THEMES)
    for index, (_topic, _department, _kind, title, content, _reply) in enumerate(STORIES):
        place = PLACES[index % len(PLACES)]
        words, places = hot_topics.extract(title.format(place=place), content.format(place=place), place)
        assert THEMES[title] in words, (title, words)
        assert places == [hot_topics.place_of(place)]
        assert not set(words) & hot_topics.STOP_WORDS
        assert place not in words and not any(word in place for word in words)  # a place is not a keyword
        assert 1 <= len(words) <= hot_topics.KEYWORDS_PER_PETITION


def test_boilerplate_numbers_and_personal_data_are_not_keywords():
    words, places = hot_topics.extract(
        "希望尽快解决问题，请问小区路灯什么时候修",
        "已经三四天了，晚上十一点以后一片漆黑，联系电话13812345678，路灯需要维修。",
        "幸福路12号3栋门口",
    )
    assert "路灯" in words
    for word in ["希望", "问题", "请问", "小区", "三四天", "十一点", "13812345678"]:
        assert word not in words
    assert not any(char.isdigit() for word in words for char in word)
    assert places == ["幸福路"]
    assert hot_topics.place_of("西区人民医院门口") == "西区人民医院"


def submitted(when, **fields):
    """A petition posted at ``when`` and accepted then (dispatched then, when it names a department)."""
    with time_machine.travel(when):
        return PetitionFactory(state="assigned" if "department" in fields else "accepted", **fields)


def petition(title, content, day, hour=10, **fields):
    return submitted(at(day, hour), title=title, content=content, **fields)


HEATING = ("家里供暖不热", "暖气片不热，供暖温度只有十五度，请供热公司检查。")
LIFT = ("楼里电梯又坏了", "电梯一个月坏了好几次，物业不修，老人下不了楼。")
NOISE = ("工地噪音扰民", "工地夜里施工噪音很大，孩子睡不着。")


@pytest.fixture
def units():
    zhujian = DepartmentFactory(name="西区住建局", slug="zhujian")
    heating_office = DepartmentFactory(name="西区供热办", slug="gongre", parent=zhujian)
    huanbao = DepartmentFactory(name="生态环境分局", slug="huanbao")
    street = DepartmentFactory(name="清香坪街道", slug="qingxiangping", kind=Department.Kind.STREET)
    return zhujian, heating_office, huanbao, street


@pytest.fixture
def weeks_of_petitions(units, django_capture_on_commit_callbacks):
    """This week (9–15 March): 3 about heating (住建局's sub-unit), 2 about noise on a street of 清香坪,
    2 about a lift. The four weeks before: 12 about the lift (3 a week) and 2 about heating."""
    _zhujian, heating_office, huanbao, _street = units
    utilities, environment, property_ = (
        TopicFactory(name=name, slug=slug)
        for name, slug in [("供水供暖", "utilities"), ("环保", "environment"), ("物业", "property")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        for day in (9, 10, 12):
            petition(*HEATING, day, department=heating_office, address="巴关河小区", topic=utilities)
        for day in (11, 13):
            petition(*NOISE, day, department=huanbao, address="清香坪中街5号", topic=environment)
        for day in (9, 14):
            petition(*LIFT, day, address="苏铁中路", topic=property_)
        for week in range(1, 5):
            for hour in (9, 10, 11):
                petition(*LIFT, 9 - 7 * week, hour=hour, address="苏铁中路", topic=property_)
        for day in (2, -12):
            petition(*HEATING, day, department=heating_office, address="巴关河小区", topic=utilities)
    return units


def test_keywords_are_stored_when_a_petition_is_saved_and_when_its_text_changes(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        saved = petition(*HEATING, 9)
    assert "供暖" in set(saved.keywords.filter(kind="word").values_list("word", flat=True))
    saved.keywords.all().delete()  # so that a second extraction would show
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(saved, "dispatch", EditorFactory(), department=DepartmentFactory())
    assert not saved.keywords.exists()  # a workflow save with the same text extracts nothing again
    with django_capture_on_commit_callbacks(execute=True):
        saved.title, saved.content = LIFT
        saved.save()
    words = set(saved.keywords.filter(kind="word").values_list("word", flat=True))
    assert "电梯" in words and "供暖" not in words


def test_the_backfill_command_extracts_existing_petitions():
    first, second = petition(*HEATING, 9), petition(*LIFT, 9)  # no commit: no keywords yet
    assert not PetitionKeyword.objects.exists()
    out = io.StringIO()
    call_command("petition_keywords", stdout=out)
    assert "2 petitions" in out.getvalue()
    assert first.keywords.filter(word="供暖").exists() and second.keywords.filter(word="电梯").exists()


def test_rising_words_compare_this_week_with_the_average_of_the_four_before(weeks_of_petitions):
    rows = {row.word: row for row in hot_topics.rising_words(MONDAY)}
    heating = rows["供暖"]
    assert (heating.count, heating.previous, heating.average, heating.change) == (3, 2, 0.5, 2.5)
    assert rows["噪音"].count == 2 and rows["噪音"].average == 0
    assert "电梯" not in rows  # 2 this week, 3 a week before: falling
    ranked = [row.word for row in hot_topics.rising_words(MONDAY)]
    assert ranked.index("供暖") < ranked.index("噪音")
    # the week before: nothing was rising about heating (1 petition)
    assert "供暖" not in {row.word for row in hot_topics.rising_words(MONDAY - datetime.timedelta(days=7))}


def test_rising_topics_and_places(weeks_of_petitions):
    places = {row.word: row.count for row in hot_topics.rising_words(MONDAY, kind="place")}
    assert places["巴关河小区"] == 3 and places["清香坪中街"] == 2
    assert "苏铁中路" not in places
    topics = {row.word: row for row in hot_topics.rising_topics(MONDAY)}
    assert (topics["供水供暖"].count, topics["供水供暖"].average) == (3, 0.5)
    assert topics["环保"].count == 2 and "物业" not in topics


def test_a_department_includes_its_sub_units_and_a_street_its_addresses(weeks_of_petitions):
    zhujian, _heating_office, _huanbao, street = weeks_of_petitions
    by_department = {row.word for row in hot_topics.rising_words(MONDAY, department=zhujian)}
    assert "供暖" in by_department and "噪音" not in by_department
    by_street = {row.word for row in hot_topics.rising_words(MONDAY, street=street)}
    assert "噪音" in by_street and "供暖" not in by_street
    behind = hot_topics.petitions_of("噪音", MONDAY, street=street)
    assert behind.count() == 2


@pytest.fixture
def supervisor_client(client, django_user_model):
    user = django_user_model.objects.create_user("supervisor-hot", password="pw-sup-2026")
    user.groups.add(Group.objects.get(name="Supervisors"))
    client.force_login(user)
    return client


def test_a_supervisor_sees_rising_topics_with_a_chart_and_the_petitions_behind(
    weeks_of_petitions, supervisor_client
):
    zhujian = weeks_of_petitions[0]
    url = reverse("petitions_hot_topics")
    html = supervisor_client.get(url, {"week": "2026-03-11"}).content.decode()
    assert "2026-03-09" in html and "2026-03-15" in html
    assert "供暖" in html and "噪音" in html and "<svg" in html
    assert "kind=word&amp;word=%E4%BE%9B%E6%9A%96" in html  # 供暖 links to its petitions
    filtered = supervisor_client.get(url, {"week": "2026-03-11", "department": zhujian.pk}).content.decode()
    assert "供暖" in filtered and "噪音" not in filtered
    listing = supervisor_client.get(url, {"week": "2026-03-11", "word": "供暖", "kind": "word"})
    html = listing.content.decode()
    assert html.count("家里供暖不热") == 3
    assert "楼里电梯又坏了" not in html


def test_hot_topics_need_the_statistics_permission(client, django_user_model, supervisor_client):
    url = reverse("petitions_hot_topics")
    assert supervisor_client.get(url).status_code == 200
    assert url in supervisor_client.get(reverse("wagtailadmin_home")).content.decode()
    clerk = django_user_model.objects.create_user("clerk-hot", password="pw-clerk-2026")
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    assert client.get(url).status_code in (302, 403)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_public_block_counts_only_public_petitions(board, client, django_capture_on_commit_callbacks):
    cache.clear()
    yesterday = timezone.now() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            submitted(yesterday, title=HEATING[0], content=HEATING[1])
        for _ in range(3):  # private, or not past moderation: never counted in public
            submitted(
                yesterday, title="违建加盖阳台", content="邻居违建加盖阳台，挡住采光。", is_public=False
            )
            with time_machine.travel(yesterday):
                PetitionFactory(title="违建加盖阳台", content="邻居违建加盖阳台，挡住采光。")
        submitted(yesterday - datetime.timedelta(days=8), title=LIFT[0], content=LIFT[1])
        submitted(yesterday - datetime.timedelta(days=9), title=LIFT[0], content=LIFT[1])
    words = dict(hot_topics.public_hot_words())
    assert words["供暖"] == 3
    assert "违建" not in words and "阳台" not in words
    assert "电梯" not in words  # older than a week
    html = client.get(board.url).content.decode()
    assert "本周热点" in html
    assert "?q=%E4%BE%9B%E6%9A%96" in html  # links to the board's search for 供暖
    assert "违建" not in html.split("本周热点", 1)[1].split("</section>", 1)[0]
    # the link lists every petition counted, also one that has the word only in its text
    with django_capture_on_commit_callbacks(execute=True):
        in_text = submitted(yesterday, title="暖气片不热", content=HEATING[1])
    listed = client.get(board.url, {"q": "供暖"}).content.decode()
    assert listed.count(HEATING[0]) == 3 and in_text.title in listed


def test_without_a_chosen_day_this_week_is_the_last_seven_days_as_on_the_board(
    units, supervisor_client, django_capture_on_commit_callbacks
):
    """On a Tuesday the Monday-to-Sunday week is two days old; the board's 本周热点 counts seven days."""
    _zhujian, heating_office, _huanbao, _street = units
    tuesday = datetime.date(2026, 3, 17)
    with django_capture_on_commit_callbacks(execute=True):
        for day in (12, 13, 15, 16):  # Thursday to Monday: only Monday is in the calendar week
            petition(*HEATING, day, department=heating_office, address="巴关河小区")
    with time_machine.travel(at(17, hour=12), tick=False):
        assert "供暖" not in {row.word for row in hot_topics.rising_words(tuesday)}
        rising = {row.word: row.count for row in hot_topics.rising_words()}
        assert rising["供暖"] == 4
        assert dict(hot_topics.public_hot_words(now=at(17, hour=12)))["供暖"] == 4  # the board agrees
        html = supervisor_client.get(reverse("petitions_hot_topics")).content.decode()
    assert "近七天：2026-03-11 至 2026-03-17" in html and "供暖" in html
