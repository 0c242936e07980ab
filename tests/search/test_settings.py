"""Scale-out: OPENSEARCH_URL switches search to Wagtail's OpenSearch backend with a Chinese analyzer, and
the site refuses to start when the client it needs is missing."""

import importlib.util
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends import get_search_backend

from petitions.models import Petition


def load_base_settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "base_settings_copy", settings.BASE_DIR / "site/settings/base.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_database_backend_segments_chinese_by_default(monkeypatch):
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    base = load_base_settings(monkeypatch)
    assert base.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "rongmei.search.backends"


def test_opensearch_with_the_cjk_analyzer_when_configured(monkeypatch):
    base = load_base_settings(monkeypatch, OPENSEARCH_URL="https://search.internal:9200")
    backend = base.WAGTAILSEARCH_BACKENDS["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert backend["URLS"] == ["https://search.internal:9200"]
    analyzers = backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == {"type": "cjk"}


def test_the_opensearch_backend_is_built_with_the_current_client(monkeypatch, settings):
    base = load_base_settings(monkeypatch, OPENSEARCH_URL="http://127.0.0.1:9200")
    settings.WAGTAILSEARCH_BACKENDS = base.WAGTAILSEARCH_BACKENDS
    backend = get_search_backend("default")  # builds the client; no request is made
    assert type(backend).__module__ == "wagtail.search.backends.opensearch3"
    assert backend.get_index_for_model(Petition).name.startswith("rongmei_")


def test_without_the_client_the_site_refuses_to_start_and_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "opensearchpy", None)  # as if opensearch-py were not installed
    with pytest.raises(ImproperlyConfigured, match=r"opensearch-py>=3.*unset OPENSEARCH_URL"):
        load_base_settings(monkeypatch, OPENSEARCH_URL="http://127.0.0.1:9200")


def test_ik_analyzer_indexes_finely_and_searches_coarsely(monkeypatch):
    base = load_base_settings(
        monkeypatch, OPENSEARCH_URL="http://127.0.0.1:9200", OPENSEARCH_CHINESE_ANALYZER="ik_max_word"
    )
    analyzers = base.WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == {"type": "ik_max_word"} and analyzers["default_search"] == {
        "type": "ik_smart"
    }
