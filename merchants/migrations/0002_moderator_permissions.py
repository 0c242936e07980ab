"""Editors and moderators look after the merchants' moderation queues (applications and ads)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "view_merchantapplication",
    "change_merchantapplication",
    "delete_merchantapplication",
    "view_classifiedad",
    "add_classifiedad",
    "change_classifiedad",
    "delete_classifiedad",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("merchants")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(content_type__app_label="merchants", codename__in=CODENAMES)
    for name in ("Editors", "Moderators"):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("merchants", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
