"""Each approved merchant's page names its group (``MerchantPage.group``), so ``rongmei.roles.apply_roles``
finds every merchant's group; the existing ones are the applicant's groups that may change that page."""

import django.db.models.deletion
from django.db import migrations, models


def link_groups(apps, schema_editor):
    MerchantPage = apps.get_model("merchants", "MerchantPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for page in MerchantPage.objects.filter(applicant__isnull=False, group__isnull=True):
        grant = GroupPagePermission.objects.filter(
            page_id=page.pk, group__user=page.applicant_id, permission__codename="change_page"
        ).first()
        if grant is not None:
            page.group_id = grant.group_id
            page.save(update_fields=["group"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("merchants", "0001_squashed"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="merchantpage",
            name="group",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="商家账号所在的用户组，只能编辑本页。",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="auth.group",
                verbose_name="商家用户组",
            ),
        ),
        migrations.RunPython(link_groups, migrations.RunPython.noop),
    ]
