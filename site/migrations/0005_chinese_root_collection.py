"""Wagtail's own migration names the root collection "Root"; once the site has a second collection (公众上传,
made by the first resident's photo), the images and documents admin list collections by name, root first.
It gets a Chinese name here, unless an administrator renamed it."""

from django.db import migrations

WAGTAIL_NAME = "Root"
ROOT_NAME = "全部收藏集"


def forwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=WAGTAIL_NAME).update(
        name=ROOT_NAME
    )


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=ROOT_NAME).update(
        name=WAGTAIL_NAME
    )


class Migration(migrations.Migration):
    dependencies = [("rongmei", "0004_chinese_workflow_names")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
