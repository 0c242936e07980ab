"""Scale-out: OPENSEARCH_URL switches search to Wagtail's OpenSearch backend with a Chinese analyzer."""

import importlib.util

from django.conf import settings


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
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["https://search.internal:9200"]
    analyzers = backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == {"type": "cjk"}


def test_ik_analyzer_indexes_finely_and_searches_coarsely(monkeypatch):
    base = load_base_settings(
        monkeypatch, OPENSEARCH_URL="http://127.0.0.1:9200", OPENSEARCH_CHINESE_ANALYZER="ik_max_word"
    )
    analyzers = base.WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == {"type": "ik_max_word"} and analyzers["default_search"] == {
        "type": "ik_smart"
    }
