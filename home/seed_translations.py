"""Demo translations, run after every app has seeded: zh-hant by OpenCC for every page, English for the
home page, every section page and a few stories (``seed_english``).

Pages are translated through wagtail-localize, as an editor would, so each stays linked to its source
and can be re-synced after the simplified-Chinese page changes. Already translated pages are skipped
(one query for the lot), so a second run adds nothing. At benchmark scale (``--articles 10000``) the
``--hant-pages`` option caps how many pages one run translates (sections first, newest articles next).
"""

from wagtail.models import Locale, Page

from newsroom.models import NewsArticlePage
from rongmei import cache
from rongmei.translation import translate_instance

from .seed_english import STORIES, english_strings, name_units_and_topics

#: The pages that hold a section (and its index of Chinese-only content), translated into English.
SECTION_PAGE_TYPES = (
    "HomePage",
    "StandardPage",
    "ServiceIndexPage",
    "ServiceCategoryPage",
    "NewsIndexPage",
    "DepartmentIndexPage",
    "DepartmentChannelPage",
    "PetitionBoardPage",
    "PetitionReportIndexPage",
    "DirectoryIndexPage",
    "DirectoryCategoryPage",
    "ClassifiedBoardPage",
    "ProductIndexPage",
)


def pages_to_translate(demo):
    """The home page and every section page below it (parents first), then the hand-translated stories."""
    sections = Page.objects.descendant_of(demo.home, inclusive=True).filter(locale=demo.home.locale)
    for page in sections.filter(depth__lte=demo.home.depth + 2).order_by("path").specific():
        if type(page).__name__ in SECTION_PAGE_TYPES:
            yield page
    yield from (
        NewsArticlePage.objects.filter(locale=demo.home.locale, slug__in=STORIES).live().order_by("path")
    )


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
    name_units_and_topics(demo)
    done = translated_keys("en")
    english = english_strings()
    for page in pages_to_translate(demo):
        if page.translation_key in done:
            continue
        translate_instance(page, "en", strings=english)
        demo.count("en pages")
