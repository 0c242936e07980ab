"""merchants.0002 names each approved merchant's group on its page, from the page right the group holds."""

import importlib

import pytest
from django.apps import apps

from merchants.factories import MerchantApplicationFactory
from merchants.models import MerchantPage
from merchants.signup import approve

merchant_group = importlib.import_module("merchants.migrations.0002_merchant_group")

pytestmark = pytest.mark.django_db


def test_the_migration_links_each_merchants_group_by_the_page_right_it_holds(editor, food):
    page = approve(MerchantApplicationFactory(category=food), editor)
    other = approve(MerchantApplicationFactory(category=food), editor)
    groups = {page.pk: page.group_id, other.pk: other.group_id}
    MerchantPage.objects.filter(pk__in=groups).update(group=None)  # as the column is when 0002 adds it

    merchant_group.link_groups(apps, schema_editor=None)

    assert dict(MerchantPage.objects.filter(pk__in=groups).values_list("pk", "group_id")) == groups
    assert groups[page.pk] != groups[other.pk]
