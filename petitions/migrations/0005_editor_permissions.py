"""The media centre's Editors moderate, dispatch and edit petitions and the word list; Moderators moderate."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = [
    "moderate_petition",
    "dispatch_petition",
    *[f"{action}_{model}" for model in ("petition", "screenedword", "department", "topic") for action in ("add", "change", "view")],
    "delete_screenedword",
]
MODERATOR_CODENAMES = ["moderate_petition", "change_petition", "view_petition", "view_screenedword"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("petitions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editors", EDITOR_CODENAMES), ("Moderators", MODERATOR_CODENAMES)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="petitions", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0004_board_page"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
