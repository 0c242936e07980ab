"""Every database starts with the locales, the home page and the roles table; setting up again changes nothing."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage
from merchants.factories import (
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
    MerchantApplicationFactory,
)
from merchants.signup import approve
from petitions.factories import DepartmentFactory
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


def test_the_migrations_give_wagtails_root_page_and_root_collection_chinese_names():
    # the admin shows both by name: the collection once a photo has made 公众上传 beside it
    assert Page.get_first_root_node().title == "根目录"
    assert Collection.get_first_root_node().name == "全部收藏集"


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


def test_setting_up_grants_every_departments_staff_and_every_merchants_group_their_rights(
    home, editor, django_user_model
):
    department = DepartmentFactory(slug="transport", group=Group.objects.create(name="区交通运输局"))
    food = DirectoryCategoryPageFactory(parent=DirectoryIndexPageFactory(parent=home), slug="food")
    merchant = approve(MerchantApplicationFactory(category=food), editor)
    assert merchant.group.user_set.get() == merchant.applicant
    department.group.permissions.clear()
    merchant.group.permissions.clear()
    merchant.group.page_permissions.all().delete()

    set_up_site()

    assert held(department.group.name) == set(roles.DEPARTMENT_STAFF_PERMISSIONS)
    assert set(department.group.collection_permissions.values_list("permission__codename", flat=True)) == {
        name.split(".")[1] for name in roles.DEPARTMENT_STAFF_COLLECTION_PERMISSIONS
    }
    assert held(merchant.group.name) == set(roles.MERCHANT_PERMISSIONS)
    assert list(merchant.group.page_permissions.values_list("page_id", "permission__codename")) == [
        (merchant.pk, "change_page")
    ]


def test_roles_for_the_units_given_leave_the_others_alone(home):
    given = DepartmentFactory(slug="given", group=Group.objects.create(name="给定单位"))
    other = DepartmentFactory(slug="other", group=Group.objects.create(name="其他单位"))
    roles.apply_roles(departments=[given], merchants=[])
    assert held(given.group.name) == set(roles.DEPARTMENT_STAFF_PERMISSIONS)
    assert held(other.group.name) == set()
