from django.db import migrations

from rongmei.roles import apply_roles


def grant(apps, schema_editor):
    """Editors and Moderators moderate contest entries; Editors send urgent notices by SMS: the roles
    table applied again."""
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_sms_notices"),
        ("petitions", "0017_hotline_operators"),
        ("points", "0001_initial"),
        ("merchants", "0004_application_location"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
