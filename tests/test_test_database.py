"""The suite's own footing: a transactional test's ``serialized_rollback`` puts the migrations' rows back
into the flushed test database whatever the process has cached.

CI once failed here: after a test whose process had not yet looked up ``GroupApprovalTask``'s content type,
the restore built Wagtail's task (whose ``__init__`` looks its content type up), which created that content
type with a new id before the restore reached the real one, and stopped on the unique (app, model) pair.
The content types are now the first rows restored (``django.contrib.contenttypes`` is the first app).
"""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migrations_rows_are_restored_into_a_flushed_database_with_nothing_cached():
    before = sorted(ContentType.objects.values_list("pk", "app_label", "model"))
    assert ("wagtailcore", "groupapprovaltask") in {(app, model) for _pk, app, model in before}

    # as a transactional test's teardown does: the sequences go on
    call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
    ContentType.objects.clear_cache()
    assert not ContentType.objects.exists()
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)

    assert sorted(ContentType.objects.values_list("pk", "app_label", "model")) == before


def test_the_content_types_are_the_first_app_restored():
    assert settings.INSTALLED_APPS[0] == "django.contrib.contenttypes"
