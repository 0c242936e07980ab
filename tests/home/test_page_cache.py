"""The page cache: anonymous visitors share rendered pages until what they show changes.

Writes are wrapped in ``committed()``: a purge runs when its transaction commits, and a test's
transaction never does, so the callbacks run where the commit would.
"""

import pytest
from django.core.cache import caches
from django.test import Client

from home.factories import StandardPageFactory, SurveyFormFieldFactory, SurveyPageFactory
from rongmei import cache as rongmei_cache
from tests.helpers import redis_url


def _stored():
    """The keys the page cache holds now (the test cache is in memory)."""
    return {key.split(":", 2)[-1] for key in caches["pages"]._cache}


@pytest.fixture
def page_cache(settings):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def cache_reads(monkeypatch):
    """Counts every read of every cache (``get``, ``get_many``, ``has_key``, ``get_or_set``)."""
    from django.core.cache.backends.locmem import LocMemCache

    reads = []
    for name in ("get", "get_many", "has_key", "get_or_set"):
        original = getattr(LocMemCache, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            reads.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(LocMemCache, name, counted)
    return reads


def test_a_second_visit_is_one_cache_read_and_no_query(
    page_cache, home, cache_reads, django_assert_num_queries
):
    page = StandardPageFactory(parent=home, title="办事须知")
    Client().get(page.url)
    cache_reads.clear()
    with django_assert_num_queries(0):
        response = Client().get(page.url)
    assert response.status_code == 200
    assert "办事须知" in response.content.decode()
    assert cache_reads == ["get"]


def test_a_hit_is_answered_before_languages_sessions_and_routing_run(page_cache, home, monkeypatch):
    from rongmei.middleware import LocaleMiddleware

    page = StandardPageFactory(parent=home, title="办事须知")
    first = Client().get(page.url)
    layers = []
    original = LocaleMiddleware.process_request

    def counted(self, request):
        layers.append(request.path)
        return original(self, request)

    monkeypatch.setattr(LocaleMiddleware, "process_request", counted)
    second = Client().get(page.url)
    assert layers == []
    assert second.content == first.content
    # stored as it left the stack: the language layer's header is in the entry
    assert second["Content-Language"] == first["Content-Language"] == "zh-hans"
    Client().get(page.url + "?fresh=1")
    assert len(layers) == 1


def test_a_miss_is_stored_and_the_next_visitor_gets_the_same_page(page_cache, home):
    page = StandardPageFactory(parent=home, title="办事须知")
    first = Client().get(page.url)
    StandardPageFactory._meta.model.objects.filter(pk=page.pk).update(title="没有经过发布的修改")
    second = Client().get(page.url)
    assert second.content == first.content


def test_publishing_shows_the_change_at_once(page_cache, home, committed):
    page = StandardPageFactory(parent=home, title="旧标题")
    assert "旧标题" in Client().get(page.url).content.decode()
    page.title = "新标题"
    with committed():
        page.save_revision().publish()
    assert "新标题" in Client().get(page.url).content.decode()


def test_publishing_a_page_purges_the_pages_that_show_it_and_no_other(page_cache, home, committed):
    parent = StandardPageFactory(parent=home, title="关于我们")
    child = StandardPageFactory(parent=parent, title="联系方式")
    other = StandardPageFactory(parent=home, title="隐私政策")
    for page in (parent, child, other):
        Client().get(page.url)
    StandardPageFactory._meta.model.objects.filter(pk=other.pk).update(intro="未发布的导语")
    child.title = "联系我们"
    with committed():
        child.save_revision().publish()
    assert "联系我们" in Client().get(child.url).content.decode()
    # the parent's breadcrumbs of its own children are not shown, but it may list them: purged
    assert rongmei_cache.entry_key(f"http://testserver{parent.url}") not in _stored()
    # a page that shows nothing of it stays cached
    assert "未发布的导语" not in Client().get(other.url).content.decode()


def test_a_page_below_shows_a_new_title_of_a_page_above_in_its_breadcrumbs(page_cache, home, committed):
    parent = StandardPageFactory(parent=home, title="关于我们")
    child = StandardPageFactory(parent=parent, title="联系方式")
    assert "关于我们" in Client().get(child.url).content.decode()
    parent.title = "走进融媒"
    with committed():
        parent.save_revision().publish()
    assert "走进融媒" in Client().get(child.url).content.decode()


def test_a_render_that_began_before_a_purge_is_not_kept(page_cache, home, monkeypatch):
    """A page rendered from what the database held before a change must not outlive the change."""
    page = StandardPageFactory(parent=home, title="办事须知")
    original = rongmei_cache._render

    def render_then_change(request, path):
        response = original(request, path)
        rongmei_cache.purge_now(rongmei_cache.object_tag(page))  # a change commits meanwhile
        return response

    monkeypatch.setattr(rongmei_cache, "_render", render_then_change)
    Client().get(page.url)
    assert rongmei_cache.entry_key(f"http://testserver{page.url}") not in _stored()


def test_unpublished_edits_stay_hidden_and_cached(page_cache, home):
    page = StandardPageFactory(parent=home, title="已发布")
    Client().get(page.url)
    page.title = "草稿修改"
    page.save_revision()  # a draft: nothing changes for residents
    assert "已发布" in Client().get(page.url).content.decode()


def test_visitors_with_a_session_always_get_a_fresh_page(page_cache, home, editor_client):
    page = StandardPageFactory(parent=home, title="原标题")
    Client().get(page.url)
    StandardPageFactory._meta.model.objects.filter(pk=page.pk).update(title="直接修改")
    assert "直接修改" in editor_client.get(page.url).content.decode()
    assert "原标题" in Client().get(page.url).content.decode()


def test_pages_with_a_form_are_not_shared(page_cache, home):
    survey = SurveyPageFactory(parent=home)
    SurveyFormFieldFactory(page=survey)
    first = Client().get(survey.url)
    second = Client().get(survey.url)
    token = 'name="csrfmiddlewaretoken" value="'
    first_token = first.content.decode().split(token)[1].split('"')[0]
    second_token = second.content.decode().split(token)[1].split('"')[0]
    assert first_token != second_token
    assert "csrftoken" in second.cookies


def test_a_seed_publishing_many_pages_purges_each_tag_once_at_its_end(page_cache, home, committed):
    page = StandardPageFactory(parent=home, title="旧标题")
    Client().get(page.url)
    key = rongmei_cache.entry_key(f"http://testserver{page.url}")
    with rongmei_cache.purges_batched():
        page.title = "新标题"
        with committed():
            page.save_revision().publish()
        assert key in _stored()  # collected, not purged yet
    assert key not in _stored()
    assert "新标题" in Client().get(page.url).content.decode()


@pytest.mark.skipif(redis_url() is None, reason="no Redis at TEST_REDIS_URL")
def test_on_redis_a_purge_finds_what_any_process_stored(settings, home, committed):
    """Production's cache: the tag index is Redis sets, shared by every process."""
    import uuid

    from django.core.cache.backends.redis import RedisCache

    prefix = f"rongmei-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": prefix,
        },
    }
    settings.RONGMEI_PAGE_CACHE_SECONDS = 60
    pages = caches["pages"]
    assert isinstance(pages, RedisCache)
    page = StandardPageFactory(parent=home, title="办事须知")
    try:
        Client().get(page.url)
        key = rongmei_cache.entry_key(f"http://testserver{page.url}")
        assert pages.get(key) is not None
        client = pages._cache.get_client(write=True)
        members = client.smembers(pages.make_and_validate_key(f"tagged:page:{page.pk}"))
        assert members == {f"http://testserver{page.url}".encode()}
        page.title = "新标题"
        with committed():
            page.save_revision().publish()
        assert pages.get(key) is None
        assert "新标题" in Client().get(page.url).content.decode()
    finally:
        client = pages._cache.get_client(write=True)
        for name in client.scan_iter(f"{prefix}:*"):
            client.delete(name)
