"""Who may do what: every role against every staff action, as one table.

A ``Y`` is an action the role may take, a ``-`` one the server refuses. Workflow steps are asked of the
workflow's own rule (``Transition.allowed``) for a petition dispatched to the transport bureau; admin
pages are fetched as the role (200 means it may); page rights are Wagtail's own answer for the page. A
cell that differs from the table is an escape (a role doing what it should not) or a lock-out; both fail.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from wagtail.models import Page, Site

from merchants.factories import (
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
    MerchantApplicationFactory,
)
from merchants.signup import approve
from newsroom.factories import (
    ChannelPostPageFactory,
    DepartmentChannelPageFactory,
    DepartmentFactory,
    DepartmentIndexPageFactory,
)
from petitions import workflow
from petitions.factories import PetitionFactory
from rongmei import roles

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "resident",
    "editor",
    "moderator",
    "reviewer",
    "supervisor",
    "clerk",
    "other_clerk",
    "merchant",
    "operator",
]

# fmt: off
MATRIX = """
action                        anonymous resident editor moderator reviewer supervisor clerk other_clerk merchant  operator
workflow.accept               -         -        Y      Y         -        -          -     -           -         -
workflow.reject               -         -        Y      Y         -        -          -     -           -         -
workflow.note                 -         -        Y      Y         -        -          -     -           -         -
workflow.dispatch             -         -        Y      -         -        -          -     -           -         -
workflow.forward_to_city      -         -        Y      -         -        -          -     -           -         -
workflow.claim                -         -        Y      -         -        -          Y     -           -         -
workflow.return               -         -        Y      -         -        -          Y     -           -         -
workflow.request_extension    -         -        Y      -         -        -          Y     -           -         -
workflow.reply                -         -        Y      -         -        -          Y     -           -         -
workflow.extend               -         -        Y      -         -        -          -     -           -         -
workflow.refuse_extension     -         -        Y      -         -        -          -     -           -         -
workflow.close                -         -        Y      -         -        -          -     -           -         -
workflow.reopen               -         -        Y      -         -        -          -     -           -         -
workflow.supervise            -         -        Y      -         -        -          -     -           -         -
workflow.return_visit         -         -        Y      -         -        Y          -     -           -         -
workflow.mark_duplicate       -         -        Y      -         -        Y          -     -           -         -
admin.dashboard               -         -        Y      Y         Y        Y          Y     Y           Y         Y
admin.petition_list           -         -        Y      Y         -        -          -     -           -         -
admin.moderation_queue        -         -        Y      Y         -        -          -     -           -         -
admin.hotline                 -         -        Y      -         -        -          -     -           -         Y
admin.handling                -         -        Y      -         -        -          -     -           -         -
admin.workbench               -         -        -      -         -        -          Y     Y           -         -
admin.workbench_petition      -         -        Y      -         -        -          Y     -           -         -
admin.referral_letter         -         -        Y      -         -        -          Y     -           -         -
admin.return_visits           -         -        Y      -         -        Y          -     -           -         -
admin.mark_duplicate          -         -        Y      -         -        Y          -     -           -         -
admin.duty_roster             -         -        Y      -         -        Y          Y     Y           -         -
admin.letters                 -         -        -      -         -        Y          Y     Y           -         -
admin.letter_issue            -         -        -      -         -        Y          -     -           -         -
admin.accountability_ledger   -         -        -      -         -        Y          -     -           -         -
admin.statistics              -         -        Y      -         -        Y          -     -           -         -
admin.ledger                  -         -        Y      -         -        Y          -     -           -         -
admin.hot_topics              -         -        Y      -         -        Y          -     -           -         -
admin.readership              -         -        Y      -         -        -          -     -           -         -
admin.points_rules            -         -        Y      -         -        -          -     -           -         -
admin.passphrases             -         -        Y      -         -        -          -     -           -         -
admin.mall_goods              -         -        Y      -         -        -          -     -           -         -
admin.flash_sales             -         -        Y      -         -        -          -     -           -         -
admin.mall_orders             -         -        Y      -         -        -          -     -           -         -
admin.pickup_counter          -         -        Y      -         -        -          -     -           Y         -
admin.departments             -         -        Y      -         -        -          -     -           -         -
admin.screened_words          -         -        Y      Y         -        -          -     -           -         -
admin.api_keys                -         -        Y      -         -        -          -     -           -         -
admin.webhooks                -         -        -      -         -        -          -     -           -         -
admin.webhook_deliveries      -         -        -      -         -        -          -     -           -         -
admin.city_link               -         -        -      -         -        -          -     -           -         -
admin.city_calls              -         -        Y      -         -        -          -     -           -         -
admin.merchant_applications   -         -        Y      Y         -        -          -     -           -         -
admin.classified_ads          -         -        Y      Y         -        -          -     -           -         -
admin.contest_entries         -         -        Y      Y         -        -          -     -           -         -
admin.sms_broadcasts          -         -        Y      -         -        -          -     -           -         -
page.edit_own_channel         -         -        Y      Y         -        -          Y     -           -         -
page.publish_channel_post     -         -        Y      Y         -        -          -     -           -         -
page.approve_channel_post     -         -        Y      -         Y        -          -     -           -         -
page.edit_own_merchant        -         -        Y      Y         -        -          -     -           Y         -
page.edit_other_merchant      -         -        Y      Y         -        -          -     -           -         -
data.ledger_contacts          -         -        -      -         -        -          -     -           -         -
"""
# fmt: on


def parse(table):
    header, *rows = (line.split() for line in table.strip().splitlines())
    assert header[1:] == ROLES
    return {row[0]: {role: cell == "Y" for role, cell in zip(ROLES, row[1:], strict=True)} for row in rows}


EXPECTED = parse(MATRIX)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two departments with channels, a dispatched petition, a channel post under review, two merchants:
    built once for the module inside a transaction rolled back at its end (each test still runs in its own
    nested transaction, as in tests/demo, so what one test changes the next does not see)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world(Site.objects.get(is_default_site=True).root_page.specific, get_user_model())
        transaction.set_rollback(True)


def _build_world(home, django_user_model):
    department_index = DepartmentIndexPageFactory(parent=home)
    department_index.save_revision().publish()
    transport = DepartmentFactory(name="区交通运输局", slug="transport", kind="bureau")
    housing = DepartmentFactory(name="区住房和城乡建设局", slug="housing", kind="bureau")
    channel = DepartmentChannelPageFactory(parent=department_index, department=transport)
    channel.save_revision().publish()
    other_channel = DepartmentChannelPageFactory(parent=department_index, department=housing)
    other_channel.save_revision().publish()

    def account(username, *groups, superuser=False):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw-matrix-2026")
        user.groups.add(*groups)
        return user

    editors = Group.objects.get(name=roles.EDITORS)
    users = {
        "anonymous": None,
        "resident": account("resident"),
        "editor": account("editor", editors),
        "moderator": account("moderator", Group.objects.get(name=roles.MODERATORS)),
        "reviewer": account("reviewer", Group.objects.get(name=roles.REVIEWERS)),
        "supervisor": account("supervisor", Group.objects.get(name=roles.SUPERVISORS)),
        "clerk": account("clerk", transport.group),
        "other_clerk": account("other-clerk", housing.group),
        "operator": account("operator", Group.objects.get(name=roles.HOTLINE_OPERATORS)),
    }

    petition = PetitionFactory(
        state="assigned", editor=users["editor"], department=transport, contact_phone="13812345678"
    )

    post = ChannelPostPageFactory(parent=channel, live=False, owner=users["clerk"])
    post.save_revision(user=users["clerk"])
    channel.get_workflow().start(post, users["clerk"])

    food = DirectoryCategoryPageFactory(
        parent=DirectoryIndexPageFactory(parent=home), title="美食", slug="food"
    )
    own_merchant = approve(MerchantApplicationFactory(category=food), users["editor"])
    other_merchant = approve(MerchantApplicationFactory(category=food), users["editor"])
    users["merchant"] = own_merchant.applicant
    return {
        "users": users,
        "petition": petition,
        "dispatch": petition.dispatches.latest("pk"),
        "channel": channel,
        "post": Page.objects.get(pk=post.pk),
        "own_merchant": own_merchant,
        "other_merchant": other_merchant,
    }


def fetch(world, role, url):
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client.get(url)


def admin_page(url_of):
    return lambda world, role: fetch(world, role, url_of(world)).status_code == 200


def workflow_step(name):
    def allowed(world, role):
        user = world["users"][role]
        actor = user if user is not None else workflow.Resident()
        return workflow.TRANSITIONS[name].allowed(actor, world["petition"])

    return allowed


def page_right(page_key, check):
    def allowed(world, role):
        user = world["users"][role]
        if user is None:
            return False
        return check(world[page_key].specific.permissions_for_user(user))

    return allowed


def approve_channel_post(world, role):
    user = world["users"][role]
    if user is None:
        return False
    task_state = world["post"].current_workflow_task_state
    return "approve" in [
        name for name, _label, _modal in task_state.task.specific.get_actions(world["post"], user)
    ]


def ledger_contacts(world, role):
    response = fetch(world, role, "/admin/petitions/ledger/?export=csv")
    return response.status_code == 200 and "13812345678" in b"".join(response.streaming_content).decode()


CHECKS = {
    **{
        f"workflow.{name}": workflow_step(name)
        for name in (
            "accept",
            "reject",
            "note",
            "dispatch",
            "forward_to_city",
            "claim",
            "return",
            "request_extension",
            "reply",
            "extend",
            "refuse_extension",
            "close",
            "reopen",
            "supervise",
            "return_visit",
            "mark_duplicate",
        )
    },
    "admin.dashboard": admin_page(lambda world: "/admin/"),
    "admin.petition_list": admin_page(lambda world: "/admin/snippets/petitions/petition/"),
    "admin.moderation_queue": admin_page(lambda world: "/admin/petitions/moderation/"),
    "admin.hotline": admin_page(lambda world: "/admin/petitions/hotline/"),
    "admin.handling": admin_page(lambda world: "/admin/petitions/handling/"),
    "admin.workbench": admin_page(lambda world: "/admin/petitions/workbench/"),
    "admin.workbench_petition": admin_page(
        lambda world: f"/admin/petitions/workbench/{world['petition'].pk}/view/"
    ),
    "admin.referral_letter": admin_page(
        lambda world: f"/admin/petitions/dispatch/{world['dispatch'].pk}/letter/"
    ),
    "admin.return_visits": admin_page(lambda world: "/admin/petitions/return-visits/"),
    "admin.mark_duplicate": admin_page(lambda world: f"/admin/petitions/{world['petition'].pk}/duplicate/"),
    "admin.duty_roster": admin_page(lambda world: "/admin/petitions/duty/"),
    "admin.letters": admin_page(lambda world: "/admin/petitions/letters/"),
    "admin.letter_issue": admin_page(lambda world: "/admin/petitions/letters/new/"),
    "admin.accountability_ledger": admin_page(lambda world: "/admin/petitions/letters/ledger/"),
    "admin.statistics": admin_page(lambda world: "/admin/petitions/statistics/"),
    "admin.ledger": admin_page(lambda world: "/admin/petitions/ledger/"),
    "admin.hot_topics": admin_page(lambda world: "/admin/petitions/hot-topics/"),
    "admin.readership": admin_page(lambda world: "/admin/readership/"),
    "admin.points_rules": admin_page(lambda world: "/admin/snippets/points/pointsrule/"),
    "admin.passphrases": admin_page(lambda world: "/admin/snippets/points/passphrase/"),
    "admin.mall_goods": admin_page(lambda world: "/admin/snippets/points/goods/"),
    "admin.flash_sales": admin_page(lambda world: "/admin/snippets/points/flashsale/"),
    "admin.mall_orders": admin_page(lambda world: "/admin/snippets/points/order/"),
    "admin.pickup_counter": admin_page(lambda world: "/admin/points/pickup/"),
    "admin.departments": admin_page(lambda world: "/admin/snippets/petitions/department/"),
    "admin.screened_words": admin_page(lambda world: "/admin/snippets/petitions/screenedword/"),
    "admin.api_keys": admin_page(lambda world: "/admin/snippets/petitions/apikey/"),
    "admin.webhooks": admin_page(lambda world: "/admin/snippets/petitions/webhook/"),
    "admin.webhook_deliveries": admin_page(lambda world: "/admin/petitions/webhooks/deliveries/"),
    "admin.city_link": admin_page(lambda world: "/admin/snippets/petitions/citylink/"),
    "admin.city_calls": admin_page(lambda world: "/admin/petitions/city/calls/"),
    "admin.merchant_applications": admin_page(lambda world: "/admin/snippets/merchants/merchantapplication/"),
    "admin.classified_ads": admin_page(lambda world: "/admin/snippets/merchants/classifiedad/"),
    "admin.contest_entries": admin_page(lambda world: "/admin/contests/entries/"),
    "admin.sms_broadcasts": admin_page(lambda world: "/admin/sms/"),
    "page.edit_own_channel": page_right("channel", lambda rights: rights.can_edit()),
    "page.publish_channel_post": page_right("post", lambda rights: rights.can_publish()),
    "page.approve_channel_post": approve_channel_post,
    "page.edit_own_merchant": page_right("own_merchant", lambda rights: rights.can_edit()),
    "page.edit_other_merchant": page_right("other_merchant", lambda rights: rights.can_edit()),
    "data.ledger_contacts": ledger_contacts,
}


def test_every_action_of_the_table_is_checked():
    assert set(CHECKS) == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_role_may_do_exactly_what_the_table_says(world, action):
    actual = {role: bool(CHECKS[action](world, role)) for role in ROLES}
    differences = {
        role: ("escape" if actual[role] else "locked out")
        for role in ROLES
        if actual[role] != EXPECTED[action][role]
    }
    assert differences == {}


def test_an_administrator_may_do_everything(world, django_user_model):
    admin = django_user_model.objects.create_superuser("root2", "root2@example.com", "pw-root-2026")
    world = {**world, "users": {**world["users"], "admin": admin}}
    refused = [action for action, check in CHECKS.items() if not check(world, "admin")]
    # The workbench lists the petitions of the user's own departments; an administrator belongs to none
    # and acts on any petition from 转办与督办 and the petition's workbench page instead.
    assert refused == ["admin.workbench"]
