"""Staff find a petition in the admin list by its number, by a word of its title or of its text."""

import pytest

from petitions import workflow
from petitions.models import Petition

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/petitions/petition/"


def posted(topic, title, content):
    petition = Petition(kind=Petition.Kind.COMPLAINT, topic=topic, title=title, content=content)
    workflow.submit(petition)
    return petition


@pytest.fixture
def petitions(topic):
    return [
        posted(topic, "幸福路路灯不亮", "幸福路12号门口的路灯坏了一周，晚上出门很不方便。"),
        posted(topic, "小区供暖不热", "家里暖气片只有二十度出头，老人孩子都冻感冒了。"),
        posted(topic, "菜市场占道经营", "早上七点到九点菜摊摆到马路中间，公交车过不去。"),
    ]


def listed(client, query):
    html = client.get(LIST, {"q": query}).content.decode()
    return {number for number in Petition.objects.values_list("number", flat=True) if number in html}


@pytest.mark.parametrize("typed", ["{number}", "{lower}", "{short}", "{bare}"])
def test_by_its_number_as_staff_type_it(admin_client, petitions, typed):
    wanted = petitions[1]
    year, sequence = wanted.number.split("-")[1:]
    query = typed.format(
        number=wanted.number,
        lower=wanted.number.lower(),
        short=f"MS-{year}-{int(sequence)}",
        bare=f"{year}-{sequence}",
    )
    assert listed(admin_client, query) == {wanted.number}


def test_by_a_word_of_the_title_or_of_the_text(admin_client, petitions):
    assert listed(admin_client, "供暖") == {petitions[1].number}
    assert listed(admin_client, "公交车") == {petitions[2].number}  # only in the text


def test_a_number_that_is_no_petitions_finds_nothing(admin_client, petitions):
    assert listed(admin_client, "MS-1999-000001") == set()
