"""The media centre's Editors may have reporters follow petitions up (帮打听, 督办)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("petitions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="petitions", codename="take_up_petition")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0016_petition_reporter")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
