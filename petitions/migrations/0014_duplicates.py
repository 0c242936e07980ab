"""Duplicates (重复诉求): ``Petition.duplicate_of`` and the permission ``mark_duplicate_petition``, granted to
Editors and Supervisors by applying the roles table again. No petition is a duplicate yet, so the per-day
aggregates stay as they are."""

import django.db.models.deletion
from django.db import migrations, models

from rongmei.roles import apply_roles


def grant_mark_duplicate(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0013_daily_figures_per_channel'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='petition',
            options={'ordering': ['-submitted_at', '-pk'], 'permissions': [('moderate_petition', '可以审核诉求和留言'), ('dispatch_petition', '可以转办和督办诉求'), ('take_up_petition', '可以由记者跟进诉求（帮打听、督办）'), ('mark_duplicate_petition', '可以把诉求标记为重复')], 'verbose_name': '民声诉求', 'verbose_name_plural': '民声诉求'},
        ),
        migrations.AddField(
            model_name='petition',
            name='duplicate_of',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='duplicates', to='petitions.petition', verbose_name='重复于'),
        ),
        migrations.RunPython(grant_mark_duplicate, migrations.RunPython.noop),
    ]
