"""A zh-hant page reads in traditional script from top to bottom: every public page type of the demo site,
a petition, an ad, the petition form and a search, rendered under /zh-hant/, has visible text that OpenCC's
simplified-to-traditional conversion leaves unchanged.

The conversion is the site's own (``rongmei.chinese.to_traditional``, OpenCC's s2tw): plain s2t would
still "change" text already in the Taiwan standard the site writes (吃 to 喫, 考核 to 考覈, 台 to 臺).
"""

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from merchants.models import ClassifiedAd
from petitions.models import Petition
from rongmei.chinese import to_traditional
from rongmei.middleware import html_in_traditional_script

from .test_admin_chinese import VisibleText

#: Text meant to stay simplified: the switcher names simplified Chinese in its own script.
ALLOWED = {"简体中文"}


def simplified_left(html):
    """The visible runs of ``html`` that s2t would still change."""
    parser = VisibleText()
    parser.feed(html)
    left = []
    for run in parser.runs:
        if run not in ALLOWED and to_traditional(run) != run:
            left.append(run)
    return left


def public_urls():
    """One live page of every type in the zh-hant tree, and the routes below the routable ones."""
    hant = Locale.objects.get(language_code="zh-hant")
    urls = {}
    for page in Page.objects.filter(locale=hant, depth__gt=1).live().public().specific().order_by("path"):
        urls.setdefault(type(page).__name__, page.url)
    board = urls["PetitionBoardPage"]
    petition = Petition.objects.public().order_by("-pk").first()
    urls["petition"] = f"{board}{petition.number}/"
    urls["petition form"] = f"{board}new/"
    urls["tracking"] = f"{board}track/"
    ad = ClassifiedAd.objects.visible().first()
    urls["ad"] = f"{urls['ClassifiedBoardPage']}ad/{ad.pk}/"
    urls["search"] = "/zh-hant/search/?q=路灯"
    return urls


def test_every_public_page_type_reads_in_traditional_script(demo_site, db):
    urls = public_urls()
    assert {
        "HomePage",
        "NewsArticlePage",
        "MerchantPage",
        "DepartmentChannelPage",
        "ServiceGuidePage",
    } <= set(urls)
    client = Client()
    left = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        runs = simplified_left(response.content.decode())
        if runs:
            left[name] = runs[:8]
    assert not left, left


@pytest.mark.parametrize("text", ["区融媒体中心", "这里的发展"])
def test_the_check_sees_simplified_text(text):
    assert simplified_left(f"<p>{text}</p>") == [text]


def test_text_marked_simplified_stays_simplified():
    html = '<p>这里</p><a href="/zh-hans/" lang="zh-hans" hreflang="zh-hans">简体中文</a>'
    assert (
        html_in_traditional_script(html)
        == '<p>這裡</p><a href="/zh-hans/" lang="zh-hans" hreflang="zh-hans">简体中文</a>'
    )
