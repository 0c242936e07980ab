"""The demo command at its full default size; and under production settings, accounts with random passwords.

What the demo site holds, and that running the command again adds nothing, is checked on one site seeded
at a small size in tests/demo. The test here is the one that seeds at the size ``make run`` builds.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.seed_translations import DEFAULT_HANT_PAGES
from newsroom.models import NewsArticlePage
from petitions.models import Petition

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, verbosity=1)
    return out.getvalue()


@pytest.mark.slow
def test_the_demo_at_its_default_size_is_complete_and_a_second_run_adds_nothing(client):
    first_run = seed()
    assert "Created:" in first_run and "Accounts created" in first_run
    assert Petition.objects.count() == 300
    hans = {"locale__language_code": "zh-hans"}
    assert NewsArticlePage.objects.filter(slug__startswith="n-", **hans).count() == 60
    # every live simplified-Chinese page has its zh-hant copy: the default cap is above the site's size
    live = Page.objects.live().filter(depth__gt=1, **hans)
    assert live.count() < DEFAULT_HANT_PAGES
    hant = set(
        Page.objects.filter(locale=Locale.objects.get(language_code="zh-hant")).values_list(
            "translation_key", flat=True
        )
    )
    assert set(live.values_list("translation_key", flat=True)) <= hant
    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get("/zh-hans/").status_code == 200

    counts = (Page.objects.count(), get_user_model().objects.count(), get_image_model().objects.count())
    output = seed()
    assert "Nothing to add" in output
    assert counts == (
        Page.objects.count(),
        get_user_model().objects.count(),
        get_image_model().objects.count(),
    )


def test_under_production_settings_new_accounts_get_random_passwords(settings):
    settings.RONGMEI_DEMO_PASSWORDS = False
    output = seed("--articles", "0", "--petitions", "20", "--hant-pages", "0")
    editor = get_user_model().objects.get(username="editor")
    assert not editor.check_password("rongmei-demo-2026")
    assert "rongmei-demo-2026" not in output
