"""The site search page, ``/search/?q=``, and the header search box's suggestions, ``/search/suggest/``.

One query runs over every kind of public content (``rongmei.search.sources``): without ``type`` the
page shows the best few of each kind with their counts; with ``type`` it pages through one kind.
Visitors without a session share results through the page cache (``rongmei.cache.cached``); suggestions
are cached for a minute.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.search.backends import get_search_backend

from rongmei import cache as page_cache
from rongmei.ratelimit import client_ip, hit

from .sources import SOURCES, SOURCES_BY_KIND
from .synonyms import related_terms
from .text import matches, query_text, snippet

MAX_QUERY_LENGTH = 100
PER_PAGE = 10
PER_GROUP = 3
SEARCHES_PER_MINUTE = 60
SUGGESTIONS_PER_MINUTE = 120
SUGGESTIONS = 8
SEARCH_CACHE_SECONDS = 60


def search_terms(query):
    """The words the backend will require (empty when only punctuation or operators were typed)."""
    return query_text(query)


def _results(source, objects, query, context):
    query = " ".join([query, *related_terms(query)])  # a snippet marks the synonyms searched for too
    results = []
    for obj in objects:
        result = source.result(obj, context)
        text = result.text
        if not matches(text, query) and result.more_text:
            text = next((more for more in result.more_text() if matches(more, query)), text)
        result.snippet = snippet(text or result.title, query)
        results.append(result)
    return results


def _render_search(request):
    response = _search(request)
    response.render()
    return response


@require_GET
def search(request):
    """The search page; visitors without a session share results for a short while through the page
    cache, which any change to a page, petition, ad or merchant purges (``rongmei.cache.HOME``)."""
    seconds = min(getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 0), SEARCH_CACHE_SECONDS)
    return page_cache.cached(request, lambda: _render_search(request), seconds, tags={page_cache.HOME})


def read_query(request):
    """The words searched for, without NUL characters, and whether they were cut to ``MAX_QUERY_LENGTH``."""
    query = request.GET.get("q", "").replace("\x00", "").strip()
    return query[:MAX_QUERY_LENGTH], len(query) > MAX_QUERY_LENGTH


def _search(request):
    query, shortened = read_query(request)
    kind = request.GET.get("type", "")
    source = SOURCES_BY_KIND.get(kind)
    context = {"query": query, "kind": source.kind if source else "", "groups": [], "page_obj": None}
    context["shortened"] = MAX_QUERY_LENGTH if shortened else None
    context["kinds"] = [(s.kind, s.label) for s in SOURCES]
    if search_terms(query):
        if not hit(f"search:{client_ip(request)}", SEARCHES_PER_MINUTE, 60):
            context["limited"] = True
            response = TemplateResponse(request, "search/search.html", context, status=429)
            return response
        backend = get_search_backend()
        shared = {"request": request}
        if source:
            paginator = Paginator(backend.search(query, source.queryset()), PER_PAGE)
            page_obj = paginator.get_page(request.GET.get("page"))
            page_obj.object_list = _results(source, page_obj.object_list, query, shared)
            context["page_obj"] = page_obj
        else:
            # One query per kind, no counts (a count is a second full-text scan): the best few, and a
            # link to the kind's own pages when there are more.
            for each in SOURCES:
                found = list(backend.search(query, each.queryset())[: PER_GROUP + 1])
                if found:
                    results = _results(each, found[:PER_GROUP], query, shared)
                    context["groups"].append(
                        {
                            "kind": each.kind,
                            "label": each.label,
                            "more": len(found) > PER_GROUP,
                            "results": results,
                        }
                    )
        context["found"] = bool(context["groups"]) or bool(
            context["page_obj"] and context["page_obj"].paginator.count
        )
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    """Titles that start like what is being typed, for the header's search box (JSON)."""
    query, _shortened = read_query(request)
    if not hit(f"suggest:{client_ip(request)}", SUGGESTIONS_PER_MINUTE, 60):
        return JsonResponse({"error": _("请求过于频繁，请稍后再试。"), "suggestions": []}, status=429)
    if not search_terms(query):
        return JsonResponse({"suggestions": []})
    key = f"search-suggest:{get_language()}:{query_text(query)}"
    suggestions = cache.get(key)
    if suggestions is None:
        backend = get_search_backend()
        suggestions, shared = [], {"request": request}
        for source in SOURCES:
            for obj in backend.autocomplete(query, source.queryset())[: SUGGESTIONS - len(suggestions)]:
                result = source.result(obj, shared)
                suggestions.append({"title": result.title, "url": result.url, "type": str(result.label)})
            if len(suggestions) >= SUGGESTIONS:
                break
        cache.set(key, suggestions, 60)
    return JsonResponse({"suggestions": suggestions})
