"""On a city's site: register a district's site (市区两级) and print the credentials it needs, as JSON.

``manage.py city_add_district --name 西区 --slug xiqu --receiver-url https://xiqu.example/exchange/city/events/``

Makes (or, run again, reissues) the district's handling unit (kind 区县), its data exchange (a ``Webhook``
to the district's receiver: dispatches to the district, 交办, are pushed there) with its signing secret and
department-system key (the district's replies), and an Open311 key of the channel 区县上报 (its 上报).
The JSON printed is read once by ``manage.py city_link --credentials -`` on the district's site; the
secrets are not shown again (``petitions.models.city``).
"""

import json

from django.core.management.base import BaseCommand
from django.db import transaction

from petitions.models import ApiKey, Department, IntakeChannel, Webhook


class Command(BaseCommand):
    help = "Register a district's site on this city's site and print its credentials as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="the district's name, e.g. 西区")
        parser.add_argument("--slug", required=True, help="the unit's slug, e.g. xiqu")
        parser.add_argument("--receiver-url", required=True, help="the district's /exchange/city/events/")

    def handle(self, *args, name, slug, receiver_url, **options):
        with transaction.atomic():
            department, _created = Department.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "kind": Department.Kind.DISTRICT, "accepts_petitions": True},
            )
            webhook, _created = Webhook.objects.update_or_create(
                department=department,
                name=f"{name}融媒体平台",
                defaults={"url": receiver_url, "include_sub_units": False, "is_active": True},
            )
            secret, system_key = webhook.issue_credentials()
            webhook.save(update_fields=["secret"])
            key_name = f"{name}融媒体平台（上报）"
            ApiKey.objects.filter(name=key_name, scope=ApiKey.Scope.OPEN311).update(is_active=False)
            _key, open311_key = ApiKey.objects.issue(
                name=key_name, scope=ApiKey.Scope.OPEN311, intake_channel=IntakeChannel.DISTRICT
            )
        credentials = {
            "department": department.pk,
            "open311_key": open311_key,
            "webhook_secret": secret,
            "system_key": system_key,
        }
        self.stdout.write(json.dumps(credentials, ensure_ascii=False))
