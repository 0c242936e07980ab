"""Demo translations, run after every app has seeded: zh-hant by OpenCC, English for the main pages.

Pages are translated through wagtail-localize, as an editor would, so each stays linked to its source
and can be re-synced after the simplified-Chinese page changes.
"""

from wagtail.models import Locale, Page

from rongmei.translation import translate_instance

from .models import ServiceIndexPage, StandardPage

ENGLISH = {
    "西区融媒": "Xiqu Media",
    "看新闻、查政务、说民声、找服务，一站搞定。": "News, government notices, residents' voices and everyday services in one place.",
    "便民服务": "Services",
    "常办事项怎么办、去哪办、带什么，一页讲清楚。": "How, where and with what to get everyday things done.",
    "关于我们": "About us",
    "隐私政策": "Privacy policy",
}


def pages_to_translate(demo):
    """The home page, then the sections below it that are read in every language."""
    yield demo.home
    for index in ServiceIndexPage.objects.child_of(demo.home):
        yield index
        yield from Page.objects.descendant_of(index).order_by("path").specific()
    yield from StandardPage.objects.child_of(demo.home)


def seed(demo):
    if not Locale.objects.filter(language_code="zh-hant").exists():
        return
    for page in pages_to_translate(demo):
        for language_code in ("zh-hant", "en"):
            if language_code == "en" and not (page.pk == demo.home.pk or page.title in ENGLISH):
                continue
            if page.has_translation(Locale.objects.get(language_code=language_code)):
                continue
            translate_instance(page, language_code, strings=ENGLISH)
            demo.count(f"{language_code} pages")
