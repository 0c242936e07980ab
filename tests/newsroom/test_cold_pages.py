"""A page the cache does not hold yet costs the same few queries however much content the site has.

The page cache is off (every request renders); the shared fragments (navigation, language switcher,
breadcrumbs) are on, as in production, and each count is taken after one visit has filled them.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsroom.factories import NewsArticlePageFactory
from petitions.factories import PetitionFactory
from petitions.models import Petition

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments(settings):
    settings.RONGMEI_FRAGMENT_CACHE_SECONDS = 600


def queries(url):
    """The SQL of one visit by a new visitor, after a first visit filled the shared fragments."""
    Client().get(url)
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def grow(headlines, count, committed):
    with committed():
        for number in range(count):
            publish(NewsArticlePageFactory(parent=headlines, title=f"要闻第{number}篇"))
            PetitionFactory(title=f"诉求第{number}件", state=Petition.Status.ACCEPTED)


def test_home_article_and_board_queries_do_not_grow_with_the_content(home, headlines, board, committed):
    grow(headlines, 2, committed)
    article = NewsArticlePageFactory._meta.model.objects.live().order_by("pk").first()
    urls = [home.url, article.url, board.url]
    small = {url: len(queries(url)) for url in urls}
    grow(headlines, 25, committed)
    large = {url: len(queries(url)) for url in urls}
    assert large == small


def test_view_restrictions_are_read_once_per_request(home, headlines, board, committed):
    grow(headlines, 3, committed)
    sql = queries(home.url)
    restriction_reads = [query for query in sql if "wagtailcore_pageviewrestriction" in query]
    # one for every .public() of the home sections, one for Wagtail's check of the page itself
    assert len(restriction_reads) <= 2, restriction_reads


def test_the_shared_tags_cost_no_query_once_cached(home, headlines, committed, settings):
    """Navigation (1 query), language switcher (2) and breadcrumbs (1) come from their fragments."""
    grow(headlines, 1, committed)
    article = NewsArticlePageFactory._meta.model.objects.live().first()
    cached = len(queries(article.url))
    settings.RONGMEI_FRAGMENT_CACHE_SECONDS = 0
    assert len(queries(article.url)) - cached >= 4
