"""Who acts for a department is one rule: a unit acts for itself and every unit below it. The workflow,
the workbench, notifications, department channels and Q&A sessions all give the same answer."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Page

from newsroom.factories import DepartmentChannelPageFactory, DepartmentIndexPageFactory
from petitions import workflow
from petitions.factories import DepartmentFactory, PetitionFactory
from petitions.models import handled_department_ids, handles, handling_group_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db, django_user_model):
    """区城管局 with 环卫所 below it and 环卫一队 below that; 区水务局 beside them; one clerk each."""

    def unit(name, slug, parent=None):
        return DepartmentFactory(name=name, slug=slug, parent=parent, group=Group.objects.create(name=name))

    bureau = unit("区城管局", "chengguan")
    station = unit("环卫所", "huanwei", bureau)
    team = unit("环卫一队", "team1", station)
    water = unit("区水务局", "shuiwu")
    units = {"bureau": bureau, "station": station, "team": team, "water": water}
    clerks = {}
    for key, department in units.items():
        clerk = django_user_model.objects.create_user(f"clerk-{key}", f"{key}@example.com", "pw-clerk-2026")
        clerk.groups.add(department.group)
        clerks[key] = clerk
    return units, clerks


ACTS_FOR = {  # clerk of … handles the petitions of …
    "bureau": {"bureau", "station", "team"},
    "station": {"station", "team"},
    "team": {"team"},
    "water": {"water"},
}


def test_a_unit_acts_for_itself_and_every_unit_below_it_and_nothing_else(tree):
    units, clerks = tree
    for clerk_key, unit_key in itertools.product(clerks, units):
        expected = unit_key in ACTS_FOR[clerk_key]
        assert handles(clerks[clerk_key], units[unit_key]) is expected, (clerk_key, unit_key)
        assert (units[unit_key].pk in handled_department_ids(clerks[clerk_key])) is expected
        assert units[clerk_key].acts_for(units[unit_key]) is expected


def test_the_workflow_lets_exactly_those_staff_claim(tree, editor):
    units, clerks = tree
    claim = workflow.TRANSITIONS["claim"]
    for unit_key, unit in units.items():
        petition = PetitionFactory(state="assigned", editor=editor, department=unit)
        may = {key for key, clerk in clerks.items() if claim.allowed(clerk, petition)}
        assert may == {key for key, acts_for in ACTS_FOR.items() if unit_key in acts_for}


def test_a_department_system_with_sub_units_acts_for_the_same_units_as_its_staff(tree, editor):
    units, _clerks = tree
    with_sub_units = workflow.DepartmentSystem(units["station"], include_sub_units=True)
    own_only = workflow.DepartmentSystem(units["station"], include_sub_units=False)
    for key, unit in units.items():
        petition = PetitionFactory(state="assigned", editor=editor, department=unit)
        assert with_sub_units.covers(petition) is (key in ACTS_FOR["station"])
        assert own_only.covers(petition) is (key == "station")


def test_a_dispatch_is_emailed_to_everyone_who_acts_for_the_unit(
    tree, editor, django_capture_on_commit_callbacks
):
    units, _clerks = tree
    petition = PetitionFactory(state="accepted", editor=editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(petition, "dispatch", editor, department=units["station"])
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"bureau@example.com", "station@example.com"}
    assert set(handling_group_ids(units["station"])) == {units["station"].group_id, units["bureau"].group_id}


def test_a_sub_units_channel_is_edited_by_its_staff_and_by_the_staff_above_it(tree, home):
    units, clerks = tree
    index = DepartmentIndexPageFactory(parent=home)
    channel = DepartmentChannelPageFactory(parent=index, department=units["station"])
    channel = Page.objects.get(pk=channel.pk)
    may_edit = {key for key, clerk in clerks.items() if channel.permissions_for_user(clerk).can_edit()}
    assert may_edit == {"bureau", "station"}
