"""The search synonyms (``rongmei.search.models.Synonym``), with the groups residents' petitions need most,
and the roles table applied again so that editors may keep them."""

from django.db import migrations, models

from rongmei.roles import apply_roles

# Written for this site: words residents use for the same thing. Editors add their county's own.
GROUPS = [
    ("路灯 街灯", ""),
    ("垃圾 废弃物", ""),
    ("噪音 噪声 扰民", ""),
    ("共享单车 单车 自行车", ""),
    ("出租车 的士 出租汽车 计程车", ""),
    ("下水道 排水管 污水管", ""),
    ("停车 泊车", ""),
    ("手机 移动电话", ""),
    ("快递 快件 包裹", ""),
    ("医保 医疗保险", ""),
    ("社保 社会保险", ""),
    ("公积金 住房公积金", ""),
    ("暖气 供暖 采暖", ""),
    ("电梯 升降梯", ""),
    ("红绿灯 信号灯 交通灯", ""),
]


def add_groups(apps, schema_editor):
    Synonym = apps.get_model("rongmei", "Synonym")
    for words, note in GROUPS:
        Synonym.objects.get_or_create(words=words, defaults={"note": note})
    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("rongmei", "0002_set_up_site"),
    ]

    operations = [
        migrations.CreateModel(
            name="Synonym",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "words",
                    models.CharField(
                        help_text="两个或更多意思相同的词，用空格或逗号分开，例如：路灯 街灯。繁体会自动对应简体。",
                        max_length=200,
                        unique=True,
                        verbose_name="同义词",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
            ],
            options={"verbose_name": "搜索同义词", "verbose_name_plural": "搜索同义词", "ordering": ["words"]},
        ),
        migrations.RunPython(add_groups, migrations.RunPython.noop),
    ]
