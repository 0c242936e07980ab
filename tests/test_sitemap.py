"""The sitemap: an index of paged sitemaps, every page of every language and every public petition once,
absolute addresses from the Site, and a cost per sitemap page that does not grow with the site."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from home.factories import StandardPageFactory
from petitions.factories import PetitionFactory, TopicFactory
from rongmei import sitemaps
from rongmei.translation import translate_instance

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "www.xiqu.gov.cn", 443
    site.save()
    return site


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban")


def locations(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def sitemap_paths(client):
    """The sitemap pages the index names, as paths (the index gives absolute addresses)."""
    return [url.split("://", 1)[1].split("/", 1)[1] for url in locations(client.get("/sitemap.xml"))]


def every_entry(client):
    entries = []
    for path in sitemap_paths(client):
        entries += locations(client.get("/" + path))
    return entries


def live_public_pages():
    from wagtail.models import Page

    return [page for page in Page.objects.live().public().filter(depth__gt=1) if page.url]


def test_the_index_names_one_sitemap_per_section_with_the_sites_address(client, site, board, topic):
    StandardPageFactory(parent=board.get_parent(), title="关于我们")
    PetitionFactory(topic=topic, state="accepted")
    assert locations(client.get("/sitemap.xml")) == [
        "https://www.xiqu.gov.cn/sitemap-pages-1.xml",
        "https://www.xiqu.gov.cn/sitemap-petitions-1.xml",
    ]


def test_every_live_public_page_of_every_language_is_listed_once_with_its_date(client, site, home):
    about = StandardPageFactory(parent=home, title="关于我们")
    guide = StandardPageFactory(parent=home, title="办事指南")
    hant = translate_instance(about, "zh-hant")
    english = translate_instance(guide, "en", strings={"办事指南": "Guides"})
    draft = StandardPageFactory(parent=home, title="草稿", live=False)
    members = StandardPageFactory(parent=home, title="内部通知")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    secret = StandardPageFactory(parent=members, title="内部通知下的页面")

    entries = every_entry(client)

    expected = {page.full_url for page in live_public_pages()}
    assert hant.full_url in expected and english.full_url in expected and home.full_url in expected
    assert hant.full_url.startswith("https://www.xiqu.gov.cn/zh-hant/")
    assert sorted(entries) == sorted(expected)
    for hidden in (draft, members, secret):
        assert not any(entry.endswith(hidden.url_path.split("/")[-2] + "/") for entry in entries)


def test_a_page_is_dated_by_its_last_publication(client, site, home):
    about = StandardPageFactory(parent=home, title="关于我们", live=False)
    about.save_revision().publish()
    about.refresh_from_db()
    body = client.get("/sitemap-pages-1.xml").content.decode()
    assert (
        f"<url><loc>{about.full_url}</loc><lastmod>{timezone.localdate(about.last_published_at)}</lastmod>"
        in body
    )


def test_every_public_petition_is_listed_under_the_board_and_no_hidden_one(client, site, board, topic):
    public = [PetitionFactory(topic=topic, state=state) for state in ("accepted", "replied", "closed")]
    pending = PetitionFactory(topic=topic, state="pending")
    rejected = PetitionFactory(topic=topic, state="rejected")
    private = PetitionFactory(topic=topic, state="accepted", is_public=False)

    entries = locations(client.get("/sitemap-petitions-1.xml"))

    assert sorted(entries) == sorted(
        board.full_url + board.reverse_subpage("detail", args=[petition.number]) for petition in public
    )
    for hidden in (pending, rejected, private):
        assert not any(hidden.number in entry for entry in entries)
    for entry in entries:  # each address is the petition's page
        assert client.get(entry.removeprefix("https://www.xiqu.gov.cn")).status_code == 200


def test_blocks_of_ids_split_the_sitemap_and_each_row_is_in_exactly_one(client, site, home, monkeypatch):
    monkeypatch.setattr(sitemaps, "BLOCK_SIZE", 3)
    for number in range(10):
        StandardPageFactory(parent=home, title=f"页面{number}")
    paths = sitemap_paths(client)
    assert len(paths) >= 4 and all(path.startswith("sitemap-pages-") for path in paths)
    entries = every_entry(client)
    assert len(entries) == len(set(entries))
    assert sorted(entries) == sorted(page.full_url for page in live_public_pages())
    assert client.get("/sitemap-pages-999.xml").status_code == 404
    assert client.get("/sitemap-nothing-1.xml").status_code == 404


def _queries(client, path):
    client.get(path)  # warm Wagtail's site-root cache and the content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_queries_of_a_sitemap_page_do_not_grow_with_the_site(client, site, board, topic, home):
    StandardPageFactory(parent=home, title="首个页面")
    PetitionFactory(topic=topic, state="accepted")
    small = {path: _queries(client, path) for path in ["/sitemap.xml", "/sitemap-pages-1.xml"]}
    small_petitions = _queries(client, "/sitemap-petitions-1.xml")
    for number in range(20):
        StandardPageFactory(parent=home, title=f"页面{number}")
    PetitionFactory.create_batch(10, topic=topic, state="accepted")
    assert {path: _queries(client, path) for path in small} == small
    assert _queries(client, "/sitemap-petitions-1.xml") == small_petitions
    assert len(locations(client.get("/sitemap-petitions-1.xml"))) == 11
    assert max(small.values()) <= 6 and small_petitions <= 6


def test_a_placeholder_site_gives_the_address_the_site_is_served_at(client, home):
    site = Site.objects.get(is_default_site=True)
    assert site.hostname == "localhost"  # as a fresh install leaves it
    urls = locations(client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8000"))
    assert urls and all(url.startswith("http://127.0.0.1:8000/sitemap-") for url in urls)
    pages = locations(client.get("/sitemap-pages-1.xml", HTTP_HOST="127.0.0.1:8000"))
    assert "http://127.0.0.1:8000/zh-hans/" in pages


def test_a_request_to_another_host_still_gets_the_sites_own_address(client, site):
    urls = locations(client.get("/sitemap.xml", HTTP_HOST="127.0.0.1"))
    assert urls and all(url.startswith("https://www.xiqu.gov.cn/") for url in urls)
    site.port = 8443
    site.save()
    urls = locations(client.get("/sitemap-pages-1.xml", HTTP_HOST="localhost"))
    assert urls and all(url.startswith("http://www.xiqu.gov.cn:8443/") for url in urls)


def test_a_cached_sitemap_page_costs_no_query_and_is_kept_per_host(client, site, settings):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 60
    first = client.get("/sitemap-pages-1.xml").content
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/sitemap-pages-1.xml")
    assert again.content == first and len(captured.captured_queries) == 0
    site.hostname = "localhost"
    site.save()
    other = client.get("/sitemap-pages-1.xml", HTTP_HOST="127.0.0.1")
    assert b"http://127.0.0.1/zh-hans/" in other.content
