"""Wagtail's own data migrations create the default workflow and its one task as "Moderators approval" and
the tree's root page as "Root"; the admin shows those names as they are stored ("提交给Moderators approval"
on every page's review button). They get Chinese names here, unless an administrator renamed them."""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
WORKFLOW_NAME = "页面发布审核"
TASK_NAME = "融媒体中心编辑审批"
ROOT_TITLE = "根目录"


def forwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WAGTAIL_NAME).update(name=WORKFLOW_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=WAGTAIL_NAME).update(name=TASK_NAME)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title=ROOT_TITLE, draft_title=ROOT_TITLE
    )


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).update(name=WAGTAIL_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).update(name=WAGTAIL_NAME)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT_TITLE).update(
        title="Root", draft_title="Root"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rongmei", "0003_synonym"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
