"""Every database starts with the locales, the home page and the roles table; setting up again changes nothing."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from rongmei import roles
from rongmei.setup import set_up_site

pytestmark = pytest.mark.django_db


def held(group_name):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def snapshot():
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "grants": Group.permissions.through.objects.count(),
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "sites": list(Site.objects.values_list("hostname", "port", "root_page_id", "is_default_site")),
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
    }


def test_the_migrations_leave_the_home_page_as_the_default_sites_root_in_every_content_language():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "zh-hans"
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == ["en", "zh-hans", "zh-hant"]
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()  # Wagtail's welcome page


@pytest.mark.parametrize("group_name", sorted(roles.GROUP_PERMISSIONS))
def test_every_group_of_the_roles_table_holds_its_permissions(group_name):
    assert set(roles.GROUP_PERMISSIONS[group_name]) <= held(group_name)


def test_nobody_holds_the_residents_contacts_by_default():
    assert not Group.objects.filter(
        permissions__codename="view_petition_contacts", permissions__content_type__app_label="petitions"
    ).exists()


def test_setting_up_again_changes_nothing():
    before = snapshot()
    set_up_site()
    set_up_site()
    assert snapshot() == before


def test_setting_up_puts_back_what_is_missing_and_keeps_what_an_administrator_added():
    supervisors = Group.objects.get(name=roles.SUPERVISORS)
    supervisors.permissions.clear()
    extra = Permission.objects.get(content_type__app_label="petitions", codename="view_petition_contacts")
    supervisors.permissions.add(extra)
    set_up_site()
    assert held(roles.SUPERVISORS) == {
        *roles.GROUP_PERMISSIONS[roles.SUPERVISORS],
        "petitions.view_petition_contacts",
    }


def test_a_permission_name_with_no_row_is_an_error_not_a_silent_skip():
    with pytest.raises(roles.UnknownPermission, match="petitions.fly_petition"):
        roles.permissions(["petitions.view_petition", "petitions.fly_petition"])
