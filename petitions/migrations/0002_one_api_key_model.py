"""One API-key model: a key says what it may do (``scope``) and, for a department system, its data
exchange (``ApiKey.webhook``), instead of ``Webhook.api_key`` pointing at an Open311-style key.

Every key a webhook pointed at becomes a department-system key bound to that webhook, so the systems' keys
keep working; every other key stays an Open311 client's. Reversible: going back, each webhook points at
its active key again.
"""

import django.db.models.deletion
from django.db import migrations, models


def bind_keys_to_their_webhooks(apps, schema_editor):
    Webhook = apps.get_model("petitions", "Webhook")
    ApiKey = apps.get_model("petitions", "ApiKey")
    for webhook_id, key_id in Webhook.objects.filter(api_key__isnull=False).values_list("pk", "api_key_id"):
        ApiKey.objects.filter(pk=key_id).update(webhook_id=webhook_id, scope="department_system")


def point_webhooks_at_their_keys(apps, schema_editor):
    Webhook = apps.get_model("petitions", "Webhook")
    ApiKey = apps.get_model("petitions", "ApiKey")
    keys = ApiKey.objects.filter(scope="department_system", is_active=True)
    for key_id, webhook_id in keys.values_list("pk", "webhook_id"):
        Webhook.objects.filter(pk=webhook_id).update(api_key_id=key_id)
    # the old schema has no scope: a revoked system key is an unbound, inactive key there
    ApiKey.objects.update(webhook=None)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_squashed"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apikey",
            options={"ordering": ["-created_at"], "verbose_name": "API 密钥", "verbose_name_plural": "API 密钥"},
        ),
        migrations.AddField(
            model_name="apikey",
            name="scope",
            field=models.CharField(
                choices=[("open311", "Open311 客户端"), ("department_system", "办理单位对接系统")],
                default="open311",
                editable=False,
                max_length=20,
                verbose_name="用途",
            ),
        ),
        migrations.AddField(
            model_name="apikey",
            name="webhook",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="api_keys",
                to="petitions.webhook",
                verbose_name="数据对接",
            ),
        ),
        migrations.RunPython(bind_keys_to_their_webhooks, point_webhooks_at_their_keys),
        migrations.RemoveField(
            model_name="webhook",
            name="api_key",
        ),
        migrations.AddConstraint(
            model_name="apikey",
            constraint=models.CheckConstraint(
                condition=models.Q(scope="open311", webhook__isnull=True)
                | models.Q(scope="department_system", webhook__isnull=False),
                name="api_key_scope_matches_webhook",
            ),
        ),
        migrations.AddConstraint(
            model_name="apikey",
            constraint=models.UniqueConstraint(
                condition=models.Q(is_active=True), fields=("webhook",), name="api_key_one_active_per_webhook"
            ),
        ),
    ]
