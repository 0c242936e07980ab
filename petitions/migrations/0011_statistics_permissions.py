"""Supervisors (督查考评) and Editors may see the statistics and the ledger; nobody sees contacts by default.

Supervisors get admin access too (the group is created here if the site does not have it yet).
``view_petition_contacts`` is left for an administrator to grant to named people.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("petitions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_statistics = Permission.objects.filter(
        content_type__app_label="petitions", codename="view_statistics"
    )
    supervisors, _created = Group.objects.get_or_create(name="Supervisors")
    supervisors.permissions.add(*view_statistics)
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    supervisors.permissions.add(*access_admin)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*view_statistics)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0010_weekly_reports"), ("wagtailadmin", "0001_create_admin_access_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
