"""Demo translations, run after every app has seeded: zh-hant by OpenCC for every page, English for the
main pages.

Pages are translated through wagtail-localize, as an editor would, so each stays linked to its source
and can be re-synced after the simplified-Chinese page changes. Already translated pages are skipped
(one query for the lot), so a second run adds nothing. At benchmark scale (``--articles 10000``) the
``--hant-pages`` option caps how many pages one run translates (sections first, newest articles next).
"""

from wagtail.models import Locale, Page

from newsroom.models import NewsArticlePage
from rongmei import cache
from rongmei.search.indexing import index_missing
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


DEFAULT_HANT_PAGES = 3000


def add_arguments(parser):
    parser.add_argument(
        "--hant-pages",
        type=int,
        default=DEFAULT_HANT_PAGES,
        help=f"at most this many pages get a zh-hant translation per run (default {DEFAULT_HANT_PAGES})",
    )


def all_pages(demo):
    """Every live, public page of the simplified-Chinese tree, parents before children; news articles (the bulk at
    benchmark scale) after every other page, newest first."""
    # Only what is live and public: a translation is published at once, and drafts waiting for review or
    # pages behind a password must not appear in traditional script before they do in simplified.
    pages = (
        Page.objects.descendant_of(demo.home, inclusive=True).filter(locale=demo.home.locale).live().public()
    )
    articles = (
        NewsArticlePage.objects.descendant_of(demo.home).filter(locale=demo.home.locale).live().public()
    )
    yield from pages.exclude(id__in=articles.values("id")).order_by("path").specific()
    yield from articles.order_by("-date", "-pk").specific()


def translated_keys(language_code):
    return set(
        Page.objects.filter(locale__language_code=language_code).values_list("translation_key", flat=True)
    )


def seed(demo):
    if not Locale.objects.filter(language_code="zh-hant").exists():
        return
    limit = getattr(demo, "options", {}).get("hant_pages", DEFAULT_HANT_PAGES)
    done = translated_keys("zh-hant")
    added = 0
    with cache.purges_batched():  # each tag purged once at the end, not once per page published
        for page in all_pages(demo):
            if added >= limit:
                break
            if page.translation_key in done:
                continue
            translate_instance(page, "zh-hant")
            done.add(page.translation_key)
            added += 1
            demo.count("zh-hant pages")
    done = translated_keys("en")
    for page in pages_to_translate(demo):
        if page.translation_key in done or not (page.pk == demo.home.pk or page.title in ENGLISH):
            continue
        translate_instance(page, "en", strings=ENGLISH)
        demo.count("en pages")
    # Search: the apps' seeds insert petitions and articles in bulk, without the signals that index them.
    added = index_missing()
    if added:
        demo.created["search index entries"] = demo.created.get("search index entries", 0) + added
