"""The admin speaks Chinese to every role: an editor, a department clerk and a supervisor sign in to the demo
site, walk their menu, a listing, an edit form and the custom views, and meet no English interface text.

"English" is a heuristic: a visible run of ASCII words that reads as English (a word of three letters or
more that is not a name, an abbreviation or data from the allow-list below). Visible means text nodes and
the attributes people read (placeholder, title, aria-label), outside scripts and styles."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, PageLogEntry

from petitions.models import Topic

#: Words that are not interface text: product names, abbreviations, formats, demo data in latin letters.
ALLOWED = {
    "wagtail",
    "localize",
    "opencc",
    "api",
    "url",
    "rss",
    "sms",
    "csv",
    "xlsx",
    "json",
    "xml",
    "html",
    "svg",
    "open311",
    "ktv",
    "icp",
    "http",
    "https",
    "www",
    "com",
    "example",
    "admin",
    "editor",
    "supervisor",
    "staff",
    "demo",
    "code",
    "rongmei",
    "webhook",
    "english",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "pdf",
    "excel",
    # wagtail-localize's report counts its rows by its model's plural name, which only a migration of that
    # package could translate
    "translations",
}
WORDS = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ -][A-Za-z][A-Za-z'’]*)*")
ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
SKIPPED = {"script", "style", "template", "noscript", "code", "pre", "svg"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        # the time-zone choice lists the zones' own (English) names
        if tag in SKIPPED or (tag == "select" and "time_zone" in dict(attrs).get("name", "")):
            self.skipping += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.runs.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED | {"select"} and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.runs.append(data.strip())


def content_text():
    """What editors wrote, in any language (English page titles, topic slugs): data, not interface."""
    texts = set(Page.objects.values_list("title", flat=True))
    texts |= set(Topic.objects.values_list("slug", flat=True))
    texts |= set(PageLogEntry.objects.values_list("label", flat=True))  # titles pages had before
    return " | ".join(texts)


def english_runs(html, content=""):
    parser = VisibleText()
    # elements marked hidden (empty counters, closed panels' placeholders) are not read
    parser.feed(re.sub(r"<(\w+)[^>]*\shidden[\s>][^<]*</\1>", " ", html))
    found = set()
    for run in parser.runs:
        if run.strip("'’\"") in content:
            continue
        # usernames, e-mail addresses, slugs, model names (app.model), numbers and codes are data
        run = re.sub(r"\S+@\S+|\b[\w.-]*[\d_/.][\w./-]*\b|\b[a-z]+(?:-[a-z]+)+\b", " ", run)
        for match in WORDS.finditer(run):
            words = [word for word in re.split(r"[ -]", match.group()) if len(word) >= 3]
            if match.group().strip("'’") not in content and any(
                word.lower().strip("'’") not in ALLOWED for word in words
            ):
                found.add(match.group())
    return found


def sidebar_urls(html):
    """The menu's links, from the JSON the admin's sidebar is drawn from."""
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the admin page has no sidebar"
    urls = set(re.findall(r'"url": "(/admin/[^"]*)"', match.group(1)))
    return sorted(urls - {"/admin/logout/"})


def first_edit_link(html):
    match = re.search(r'href="(/admin/(?:pages/\d+/edit|snippets/[\w/]+/edit/\d+)/)"', html)
    return match.group(1) if match else None


def walk(client):
    """Every menu page, one edit form reached from the listings, with the English found on each."""
    content = content_text()
    home = client.get("/admin/")
    assert home.status_code == 200
    pages = {"/admin/": home.content.decode()}
    for url in sidebar_urls(pages["/admin/"]):
        response = client.get(url, follow=True)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            pages[url] = response.content.decode()
    for html in list(pages.values()):
        edit = first_edit_link(html)
        if edit and edit not in pages:
            response = client.get(edit)
            if response.status_code == 200:
                pages[edit] = response.content.decode()
                break
    return {url: sorted(english_runs(html, content)) for url, html in pages.items()}


@pytest.mark.parametrize(
    ("username", "must_see"),
    [
        ("editor", ["/admin/petitions/statistics/", "/admin/pages/"]),
        ("staff-shuiwu", ["/admin/petitions/workbench/"]),
        ("supervisor", ["/admin/petitions/statistics/", "/admin/petitions/ledger/"]),
    ],
)
def test_each_role_walks_an_admin_without_english(demo_site, db, username, must_see):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    found = walk(client)
    for url in must_see:
        assert any(walked.startswith(url) for walked in found), (url, sorted(found))
    english = {url: runs for url, runs in found.items() if runs}
    assert not english, json.dumps(english, ensure_ascii=False, indent=1)


def test_custom_admin_views_are_headed_by_their_own_names(demo_site, db):
    client = Client()
    client.force_login(get_user_model().objects.get(username="supervisor"))
    for url, title in (
        ("/admin/petitions/statistics/", "民声统计"),
        ("/admin/petitions/ledger/", "民声台账"),
        ("/admin/petitions/hot-topics/", "热点诉求"),
    ):
        html = client.get(url).content.decode()
        assert f"<title>{title}" in html, url
        header = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert header and title in header.group(1), (url, header and header.group(1))
