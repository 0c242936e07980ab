"""Set up what every Rongmei database holds: content locales, the home page as the default site's root,
and the staff groups with their permissions (``rongmei.setup.set_up_site``).

It replaces the data migrations of the first rounds (home 0002, merchants 0002 and seven in petitions),
which the squashed initial migrations no longer run. A database that ran those runs this too; it adds only
what is missing.
"""

from django.db import migrations

from rongmei.setup import set_up_site


def forwards(apps, schema_editor):
    set_up_site(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("rongmei", "0001_search_index_title_body"),
        ("home", "0001_squashed"),
        ("newsroom", "0001_squashed"),
        ("petitions", "0001_squashed"),
        ("merchants", "0001_squashed"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
