"""No resident's personal data on any public address of the demo site, in any of its three languages.

A visitor's crawl: from every live page, the sitemaps and the public API, every link on the site is
followed (one address per path and query name, so a filter's hundred values are one visit) and every
answer read as it is sent; every live page must render. What residents gave privately — a petition's contact name and phone, a
Q&A asker's phone, a merchant applicant's name, phone and e-mail, an ad poster's name and phone (shown only
after the visitor asks), an account's e-mail — must appear in none of them, and no text may look like a
mobile number or an identity-card number unless it is a number the site publishes on purpose (a
department's, a merchant's, the hotline).
"""

import re
import urllib.parse
from collections import Counter, deque

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page

from merchants.models import ClassifiedAd, MerchantApplication, MerchantPage
from newsroom.models import DepartmentChannelPage, LivePage, QAQuestion
from petitions.models import Department, Petition

pytestmark = [pytest.mark.django_db]

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
IDENTITY_CARD = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
START = [
    "/zh-hans/",
    "/zh-hant/",
    "/en/",
    "/sitemap.xml",
    "/api/petitions/",
    "/api/departments/",
    "/api/merchants/",
    "/api/pages/",
    "/open311/v2/requests.json",
    "/open311/v2/requests.xml",
]
#: Read as text: pages, feeds, sitemaps, JSON and XML answers.
READABLE = ("text/", "application/json", "application/xml", "application/rss", "application/atom")
#: How many records of one section are read in each of zh-hant and English (``crawl``).
SAMPLE = 20
#: Not public, or not pages: the admin and sign-in, files, and forms that only answer a POST.
SKIPPED = (
    "/admin/",
    "/django-admin/",
    "/static/",
    "/media/",
    "/private-media/",
    "/documents/",
    "/_util/",
    "/csrf/",
)


def private_values():
    """Every value a resident gave that only staff may read, with the field it came from."""
    values = {}

    def keep(label, *found):
        for value in found:
            if value and len(value.strip()) >= 2:
                values[value.strip()] = label

    for name, phone in Petition.objects.values_list("contact_name", "contact_phone"):
        keep("petition contact", name, phone)
    keep("Q&A asker's phone", *QAQuestion.objects.values_list("contact_phone", flat=True))
    for row in MerchantApplication.objects.values_list("contact_name", "contact_phone", "email", "phone"):
        keep("merchant application", *row)
    for name, phone in ClassifiedAd.objects.values_list("contact_name", "contact_phone"):
        keep("ad poster", name, phone)
    keep("account e-mail", *get_user_model().objects.exclude(email="").values_list("email", flat=True))
    return values


def published_numbers():
    """Phones the site shows on purpose: departments', merchants', channels'."""
    numbers = set()
    for phone in [
        *Department.objects.values_list("phone", flat=True),
        *MerchantPage.objects.values_list("phone", flat=True),
        *DepartmentChannelPage.objects.values_list("phone", flat=True),
    ]:
        numbers.update(MOBILE.findall(re.sub(r"\D", "", phone or "")))
        numbers.update(MOBILE.findall(phone or ""))
    return numbers


def crawl(client, start, sample=SAMPLE):
    """Each public address reachable from ``start``, once per path and set of query names: (url, response).

    Every address in simplified script, where residents wrote what they wrote; in zh-hant and English, the
    addresses that are not pages of their own tree (a petition, a merchant, an ad: records routed by a page)
    show the same records through the same templates, so the first ``sample`` of each section are read."""
    pages = set(start)
    seen, queue, sampled = set(), deque(start), Counter()
    while queue:
        url = queue.popleft()
        parts = urllib.parse.urlsplit(url)
        key = (parts.path, tuple(sorted(urllib.parse.parse_qs(parts.query))))
        if key in seen or parts.path.startswith(SKIPPED):
            continue
        seen.add(key)
        language, _sep, rest = parts.path.strip("/").partition("/")
        if url not in pages and language in ("zh-hant", "en"):
            section = (language, rest.partition("/")[0])
            if sampled[section] >= sample:
                continue
            sampled[section] += 1
        response = client.get(url, follow=True)
        yield url, response
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(READABLE):
            continue
        text = response.content.decode("utf-8", "replace")
        for link in LINK.findall(text) + re.findall(r"<loc>([^<]+)</loc>", text):
            target = urllib.parse.urlsplit(urllib.parse.urljoin(url, link.replace("&amp;", "&")))
            if target.netloc in ("", "testserver", "localhost") and target.scheme in ("", "http", "https"):
                queue.append(urllib.parse.urlunsplit(("", "", target.path, target.query, "")))
        # the JSON answers link their next pages and items as absolute addresses
        for link in re.findall(r'"(?:next|html_url|detail_url|url)":\s*"(http[^"]+)"', text):
            target = urllib.parse.urlsplit(link)
            queue.append(urllib.parse.urlunsplit(("", "", target.path, target.query, "")))


@pytest.fixture(scope="module")
def crawled(demo_site, django_db_blocker):
    """One crawl of the demo for this module's tests, from every live page and the public entry points:
    (address, status, text) for each address read."""
    with django_db_blocker.unblock():
        live = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
        results = []
        for url, response in crawl(Client(), [*START, *live]):
            readable = response.get("Content-Type", "").startswith(READABLE)
            text = response.content.decode("utf-8", "replace") if readable else ""
            results.append((url, response.status_code, text))
        return live, results, private_values(), published_numbers()


def test_every_published_page_renders(crawled):
    live, results, _private, _published = crawled
    status = {url: code for url, code, _text in results}
    assert len(live) > 500
    assert [(url, status[url]) for url in live if status[url] != 200] == []


def test_no_public_address_in_any_language_shows_a_residents_personal_data(crawled):
    _live, results, private, published = crawled
    assert len(private) > 100  # the demo's residents did give their contacts
    leaks, languages = [], set()
    for url, _status, text in results:
        languages.add(url.split("/")[1])
        for value, label in private.items():
            if value in text and value not in published:
                leaks.append((url, label, value))
        for number in set(MOBILE.findall(text)) - published:
            leaks.append((url, "a mobile number", number))
        for number in IDENTITY_CARD.findall(text):
            leaks.append((url, "an identity-card number", number))
    assert {"zh-hans", "zh-hant", "en", "api", "open311", "sitemap.xml"} <= languages
    assert len(results) > 900, len(results)
    assert leaks == []


#: What a browser fetches by itself while it shows a page (links a visitor follows are not in it).
LOADED = re.compile(
    r"""<(script|img|iframe|source|video|audio)\b[^>]*?\bsrc=["'](?P<src>[^"']+)"""
    r"""|<link\b[^>]*?\bhref=["'](?P<href>[^"']+)["'][^>]*>""",
    re.IGNORECASE,
)


def test_no_page_makes_the_browser_load_anything_from_outside_the_site(crawled):
    """No font, script, style sheet, picture or map tile from another server (residents' and staff's
    browsers in mainland China cannot reach many), unless an editor embedded it in a page's body."""
    _live, results, _private, _published = crawled
    embedded = {  # the players of live streams, each an address an editor entered on the live page
        address for row in LivePage.objects.values("stream_url", "replay_url") for address in row.values()
    }
    assert embedded - {""}
    outside = set()
    for url, _status, text in results:
        if not text.lstrip().startswith(("<!DOCTYPE", "<!doctype", "<html")):
            continue
        for match in LOADED.finditer(text):
            address = match["src"] or match["href"]
            tag = match.group(0)
            if match["href"] and not re.search(r"""rel=["'](?:stylesheet|icon|preload|manifest)""", tag):
                continue  # alternate languages, canonical, feeds: addresses, not loads
            host = urllib.parse.urlsplit(address).netloc
            if host and host not in ("testserver", "localhost") and address not in embedded:
                outside.add((url.split("?")[0], address))
    assert sorted(outside)[:20] == []
