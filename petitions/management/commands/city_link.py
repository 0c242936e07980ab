"""On a district's site: link it to its city's site (市区两级).

``manage.py city_link --city-url https://city.example/ --credentials credentials.json`` (``-`` reads the
JSON ``city_add_district`` printed on the city's site from standard input, so the secrets never appear in
a command line). Makes (or updates) the unit standing for the city (kind 市级平台, not offered to residents
or dispatchers: petitions reach it only by 上报市级) and the site's ``CityLink``. ``--topics`` names the
topics (by slug) forwarded up automatically once accepted.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from petitions.models import CityLink, Department, Topic

SECRETS = ("open311_key", "webhook_secret", "system_key")


class Command(BaseCommand):
    help = "Link this district's site to its city's site."

    def add_arguments(self, parser):
        parser.add_argument("--city-url", required=True)
        parser.add_argument("--credentials", required=True, help="a JSON file from city_add_district, or -")
        parser.add_argument("--name", default="市级平台")
        parser.add_argument("--topics", default="", help="slugs of topics forwarded up automatically")
        parser.add_argument("--dispatch-topic", default="", help="slug of the topic for unknown ones")

    def handle(self, *args, city_url, credentials, name, topics, dispatch_topic, **options):
        try:
            if credentials == "-":
                data = json.load(sys.stdin)
            else:
                with open(credentials, encoding="utf-8") as file:
                    data = json.load(file)
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read the credentials: {error}") from None
        missing = [key for key in SECRETS if not data.get(key)]
        if missing:
            raise CommandError(f"the credentials lack {', '.join(missing)}")
        slugs = [slug.strip() for slug in topics.split(",") if slug.strip()]
        with transaction.atomic():
            department, _created = Department.objects.update_or_create(
                slug="city",
                defaults={"name": name, "kind": Department.Kind.CITY, "accepts_petitions": False},
            )
            link, _created = CityLink.objects.update_or_create(
                department=department,
                defaults={
                    "name": name,
                    "city_url": city_url,
                    "is_active": True,
                    "dispatch_topic": Topic.objects.filter(slug=dispatch_topic).first()
                    if dispatch_topic
                    else None,
                    **{key: data[key] for key in SECRETS},
                },
            )
            link.city_topics.set(Topic.objects.filter(slug__in=slugs))
        self.stdout.write(f"{link.name}: {link.city_url}")
