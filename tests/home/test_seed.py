"""The demo command builds a complete site once, and adding it again adds nothing."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.models import HomePage, ServiceGuidePage, SiteSettings, SurveyPage


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, verbosity=1)
    return out.getvalue()


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_run = seed()

    def test_it_builds_every_section_it_knows(self):
        self.assertGreaterEqual(
            ServiceGuidePage.objects.live().filter(locale__language_code="zh-hans").count(), 9
        )
        self.assertEqual(SurveyPage.objects.filter(locale__language_code="zh-hans").count(), 2)
        self.assertTrue(SiteSettings.objects.get().hotline)
        self.assertTrue(get_image_model().objects.exists())

    def test_it_prints_the_accounts_it_created_with_the_demo_password(self):
        self.assertIn("Accounts created", self.first_run)
        for username in ("admin", "editor", "supervisor"):
            self.assertIn(username, self.first_run)
            self.assertTrue(
                get_user_model().objects.get(username=username).check_password("rongmei-demo-2026")
            )

    def test_the_home_page_exists_in_traditional_chinese_and_english(self):
        home = HomePage.objects.get(locale__language_code="zh-hans")
        for code in ("zh-hant", "en"):
            translation = home.get_translation(Locale.objects.get(language_code=code))
            self.assertTrue(translation.live)
        english = home.get_translation(Locale.objects.get(language_code="en"))
        self.assertEqual(english.title, "Xiqu Media")
        response = self.client.get("/zh-hant/")
        self.assertContains(response, "西區融媒")

    def test_every_published_page_renders(self):
        for page in Page.objects.live().filter(depth__gt=1).specific():
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 200, f"{page.url} ({type(page).__name__})")

    def test_a_second_run_adds_nothing(self):
        counts = (Page.objects.count(), get_user_model().objects.count(), get_image_model().objects.count())
        output = seed()
        self.assertIn("Nothing to add", output)
        self.assertNotIn("Accounts created", output)
        self.assertEqual(
            counts,
            (Page.objects.count(), get_user_model().objects.count(), get_image_model().objects.count()),
        )

    def test_if_empty_leaves_a_site_with_content_alone(self):
        self.assertIn("already has content", seed("--if-empty"))


class SeedDemoUnderProductionSettingsTests(TestCase):
    def test_new_accounts_get_random_passwords(self):
        with self.settings(RONGMEI_DEMO_PASSWORDS=False):
            output = seed()
        editor = get_user_model().objects.get(username="editor")
        self.assertFalse(editor.check_password("rongmei-demo-2026"))
        self.assertNotIn("rongmei-demo-2026", output)
