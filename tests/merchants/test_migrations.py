"""merchants.0002 names each approved merchant's group on its page, from the page right the group holds."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from merchants.factories import MerchantApplicationFactory
from merchants.models import MerchantPage
from merchants.signup import approve

BEFORE, AFTER = [("merchants", "0001_squashed")], [("merchants", "0002_merchant_group")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_links_each_merchants_group_by_the_page_right_it_holds(editor, food):
    page = approve(MerchantApplicationFactory(category=food), editor)
    group_id = page.group_id
    other = approve(MerchantApplicationFactory(category=food), editor)
    MigrationExecutor(connection).migrate(BEFORE)  # the column goes, and with it the link

    MigrationExecutor(connection).migrate(AFTER)

    assert MerchantPage.objects.get(pk=page.pk).group_id == group_id
    assert MerchantPage.objects.get(pk=other.pk).group_id == other.group_id != group_id
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
