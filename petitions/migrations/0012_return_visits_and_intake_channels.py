"""Return visits (回访) and intake channels (来源).

Petitions stored before this migration keep the channel "" (未记录): which path stored them was not
recorded, and the statistics say so rather than guess. Their latest 不满意 is read back from the audit log
(every rating is logged with its value), so the return-visit figures count the petitions rated before.
The roles table is applied again for the new permission ``record_return_visit``.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from rongmei.roles import apply_roles


def keep_dissatisfied_ratings(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Petition = apps.get_model("petitions", "Petition")
    content_type = ContentType.objects.filter(app_label="petitions", model="petition").first()
    if content_type is None:
        return
    latest = {}
    entries = LogEntry.objects.filter(content_type=content_type, action="petitions.rate")
    for object_id, data, timestamp in entries.values_list("object_id", "data", "timestamp").iterator():
        if isinstance(data, dict) and data.get("rating") == "dissatisfied":
            if object_id not in latest or latest[object_id] < timestamp:
                latest[object_id] = timestamp
    for object_id, timestamp in latest.items():
        if object_id.isdigit():
            Petition.objects.filter(pk=int(object_id)).update(dissatisfied_at=timestamp)


def grant_return_visits(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0011_english_names'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='apikey',
            name='intake_channel',
            field=models.CharField(choices=[('website', '网站'), ('app', 'App/API'), ('hotline_12345', '12345 热线'), ('hotline_12319', '12319'), ('letters_and_visits', '信访'), ('interview', '在线访谈'), ('snapshot', '随手拍'), ('letter', '来信')], blank=True, default='app', help_text='这个 Open311 客户端提交的诉求记为哪个来源；留空即 App/API。', max_length=20, verbose_name='诉求来源'),
        ),
        migrations.AddField(
            model_name='petition',
            name='dissatisfied_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='不满意评价时间'),
        ),
        migrations.AddField(
            model_name='petition',
            name='intake_channel',
            field=models.CharField(choices=[('', '未记录'), ('website', '网站'), ('app', 'App/API'), ('hotline_12345', '12345 热线'), ('hotline_12319', '12319'), ('letters_and_visits', '信访'), ('interview', '在线访谈'), ('snapshot', '随手拍'), ('letter', '来信')], default='', editable=False, max_length=20, verbose_name='来源'),
        ),
        migrations.AlterField(
            model_name='petition',
            name='intake_channel',
            field=models.CharField(choices=[('', '未记录'), ('website', '网站'), ('app', 'App/API'), ('hotline_12345', '12345 热线'), ('hotline_12319', '12319'), ('letters_and_visits', '信访'), ('interview', '在线访谈'), ('snapshot', '随手拍'), ('letter', '来信')], default='website', editable=False, max_length=20, verbose_name='来源'),
        ),
        migrations.CreateModel(
            name='ReturnVisit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visited_at', models.DateTimeField(verbose_name='回访时间')),
                ('method', models.CharField(choices=[('phone', '电话'), ('visit', '上门'), ('message', '短信或留言')], max_length=10, verbose_name='回访方式')),
                ('resident_said', models.TextField(max_length=2000, verbose_name='居民意见')),
                ('answer_rating', models.CharField(choices=[('satisfied', '满意'), ('fair', '基本满意'), ('dissatisfied', '不满意')], max_length=12, verbose_name='对答复的评价')),
                ('handling_rating', models.CharField(choices=[('satisfied', '满意'), ('fair', '基本满意'), ('dissatisfied', '不满意')], max_length=12, verbose_name='对办理的评价')),
                ('follows_dissatisfied', models.BooleanField(default=False, verbose_name='不满意后回访')),
                ('recorded_at', models.DateTimeField(verbose_name='记录时间')),
                ('petition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='return_visits', to='petitions.petition', verbose_name='诉求')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人')),
            ],
            options={
                'verbose_name': '回访',
                'verbose_name_plural': '回访',
                'ordering': ['-visited_at', '-pk'],
                'permissions': [('record_return_visit', '可以记录回访')],
                'indexes': [models.Index(fields=['petition', 'visited_at'], name='return_visit_petition_idx'), models.Index(fields=['visited_at'], name='return_visit_period_idx')],
            },
        ),
        migrations.AddIndex(
            model_name='petition',
            index=models.Index(condition=models.Q(('dissatisfied_at__isnull', False)), fields=['dissatisfied_at'], name='petition_dissatisfied_idx'),
        ),
        migrations.RunPython(keep_dissatisfied_ratings, migrations.RunPython.noop),
        migrations.RunPython(grant_return_visits, migrations.RunPython.noop),
    ]
