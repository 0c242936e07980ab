"""``manage.py seed_demo``: build a complete, realistic Chinese demo site, or top it up.

Each app with a ``seed.py`` adds its part (in ``SEEDERS`` order, since channels need departments and
stories need petitions). Running it again adds nothing that is already there; size options such as
``--articles 10000`` grow the site for benchmarks.
"""

import logging
from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Page

from rongmei.demo import Demo
from rongmei.search.indexing import index_missing
from rongmei.tasks import index_updates_batched

SEEDERS = [
    "home.seed",
    "petitions.seed",
    "newsroom.seed",
    "merchants.seed",
    "points.seed",
    "home.seed_layout",
    "home.seed_translations",
]


def seed_modules():
    return [import_module(name) for name in SEEDERS if find_spec(name) is not None]


class Command(BaseCommand):
    help = "Build the Rongmei demo site (idempotent). 生成演示站点内容，可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has pages besides the home page.",
        )
        for module in seed_modules():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options):
        if options["if_empty"] and Page.objects.filter(depth__gt=2).exists():
            self.stdout.write("The site already has content; nothing to seed.")
            return
        demo = Demo(self, options)
        # Wagtail logs every page it publishes; the demo prints its own summary instead.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        # Demo accounts have made-up addresses: workflow and petition notifications go nowhere. Each page
        # and petition gets its search entry and reference index once, when every app has seeded.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            index_updates_batched(),
        ):
            for module in seed_modules():
                demo.log(f"Seeding {module.__name__} …")
                with transaction.atomic():
                    module.seed(demo)
        # Search: the apps' seeds insert petitions and articles in bulk, without the signals that index them.
        added = index_missing()
        if added:
            demo.created["search index entries"] = added
        self.report(demo)

    def report(self, demo):
        if demo.created:
            summary = ", ".join(f"{label} {number}" for label, number in demo.created.items())
            self.stdout.write(self.style.SUCCESS(f"Created: {summary}"))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to add: the demo site is complete."))
        if demo.accounts:
            self.stdout.write("Accounts created (sign in at /admin/):")
            for username, password, role in demo.accounts:
                self.stdout.write(f"  {username:<20} {password:<20} {role}")
