"""The demo site, seeded once for every test in this package.

``manage.py seed_demo`` is the slowest thing the suite does, and most of what its tests check can be read
from one seeded site. The ``demo_site`` fixture seeds it once, at the command's default size (the site
``make run`` builds), inside a
transaction that is rolled back when the package's last test has run: the rest of the suite never sees
the demo's rows. What the seed's commit would run (``on_commit``: the hot topics' keywords of each new
petition, the workflow's notices) runs when the seed ends. Every test still runs in its own nested transaction (pytest-django's ``db``), so a test
that seeds again or changes the site leaves the next one the site as the seed built it.

The tests of this package run on one xdist worker (``xdist_group("demo")``, see tests/conftest.py), so
the site is seeded once per run.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

#: The command's default sizes, which ``make run`` builds.
DEFAULT_PETITIONS, DEFAULT_ARTICLES = 300, 60


def seed(*args, **options):
    """Run ``seed_demo`` at its default size (or the sizes given); return what it printed."""
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, verbosity=1, **options)
    return out.getvalue()


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker):
    """What the first ``seed_demo`` printed; the site it built is in the database until the package ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        # what a commit of the seed would run runs too: the workflow's notices, the hot topics' keywords
        with TestCase.captureOnCommitCallbacks(execute=True):
            output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def first_run(demo_site, db):
    return demo_site
