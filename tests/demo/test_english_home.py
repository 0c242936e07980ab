"""The English home page of the demo site reads in English: every section, the service icons, the window title
and the header's site name. Chinese appears only where it is the content's own language and is labelled so
(``lang="zh-hans"``: residents' titles, departments' names, the filing numbers the law asks to show as issued).
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u3400-\u9fff]")
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class UnlabelledChinese(HTMLParser):
    """Visible text with Chinese characters outside any element whose ``lang`` says Chinese."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.langs = []
        self.skipping = 0
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        attrs = dict(attrs)
        lang = attrs.get("lang") or (self.langs[-1] if self.langs else "")
        for name in ("title", "alt", "aria-label", "placeholder"):
            if attrs.get(name) and CHINESE.search(attrs[name]) and not lang.startswith("zh"):
                self.found.append(attrs[name])
        if tag not in VOID:
            self.langs.append(lang)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1
        if tag not in VOID and self.langs:
            self.langs.pop()

    def handle_data(self, data):
        lang = self.langs[-1] if self.langs else ""
        if not self.skipping and CHINESE.search(data) and not lang.startswith("zh"):
            self.found.append(data.strip())


def unlabelled_chinese(html):
    parser = UnlabelledChinese()
    parser.feed(html)
    return parser.found


def test_the_english_home_page_has_no_unlabelled_chinese(demo_site):
    html = Client().get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert unlabelled_chinese(html) == []
    for label in ("Classified ads", "Slow live", "Online vote", "Department channels", "Latest answers"):
        assert label in html
    assert 'lang="zh-hans"' in html  # residents' Chinese titles are still listed, labelled


def test_english_pages_carry_the_english_site_name(demo_site):
    client = Client()
    home = client.get("/en/").content.decode()
    assert re.search(r"<title>\s*Xiqu Media", home)
    assert '<span class="brand-name">Xiqu Media</span>' in home
    board = client.get("/en/minsheng/").content.decode()
    assert re.search(r"<title>\s*Residents&#x27; voices - Xiqu Media\s*</title>", board)
    assert '<span class="brand-name">Xiqu Media</span>' in board


def test_the_english_petition_form_shows_the_english_notice(demo_site):
    html = Client().get("/en/minsheng/new/").content.decode()
    notice = html.split('<div class="notice">')[1].split("</div>")[0]
    assert "answered within 5 working days" in notice and not CHINESE.search(notice)


def test_chinese_home_pages_are_unchanged_in_their_own_script(demo_site):
    """The label is for other languages only: on zh-hant the residents' titles are converted as before."""
    html = Client().get("/zh-hant/").content.decode()
    assert 'lang="zh-hans"' not in html.split("<footer")[0].split("</header>", 1)[1]
