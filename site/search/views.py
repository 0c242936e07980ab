"""The site search page, ``/search/?q=``: live, public pages of the current language."""

import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 100
# Quotes, brackets and operators are text to a resident, but syntax to the database's full-text engine.
NOT_A_WORD = re.compile(r"[^\w]+")


def search_terms(query):
    return " ".join(NOT_A_WORD.sub(" ", query).split())


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    terms = search_terms(query)
    if terms:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(terms, operator="and")
    paginator = Paginator(results, 10)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"query": query, "page_obj": page_obj})
