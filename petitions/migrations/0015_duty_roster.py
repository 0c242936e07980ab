"""The duty roster (值班): ``DutyShift``, a topic's owner unit (``Topic.owner``, which dispatch preselects
before it suggests the unit on duty) and the daily overdue reminder's kind. The roles table is applied
again for ``manage_duty_roster`` and ``view_dutyshift``.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from rongmei.roles import apply_roles


def grant_duty_roster(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0014_duplicates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='topic',
            name='owner',
            field=models.ForeignKey(blank=True, help_text='转办时默认选中这个单位；不填则建议当天的值班单位。', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_topics', to='petitions.department', verbose_name='主管单位'),
        ),
        migrations.AlterField(
            model_name='petitionreminder',
            name='kind',
            field=models.CharField(choices=[('due_soon', '即将到期提醒'), ('rate', '评价提醒'), ('overdue', '超期提醒')], max_length=12),
        ),
        migrations.CreateModel(
            name='DutyShift',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='值班日期')),
                ('note', models.CharField(blank=True, help_text='如值班电话。', max_length=100, verbose_name='备注')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='安排时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('department', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='duty_shifts', to='petitions.department', verbose_name='值班单位')),
                ('staff', models.ForeignKey(blank=True, help_text='可不填；填写时须是该单位的工作人员。', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='duty_shifts', to=settings.AUTH_USER_MODEL, verbose_name='值班人员')),
            ],
            options={
                'verbose_name': '值班安排',
                'verbose_name_plural': '值班安排',
                'ordering': ['day', 'department__sort_order', 'department__name'],
                'permissions': [('manage_duty_roster', '可以编辑值班表')],
                'constraints': [models.UniqueConstraint(fields=('day', 'department'), name='duty_shift_once')],
            },
        ),
        migrations.RunPython(grant_duty_roster, migrations.RunPython.noop),
    ]
