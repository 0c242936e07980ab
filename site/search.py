"""The site search page, ``/search/?q=``: live, public pages of the current language."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 100


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(query, operator="and")
    paginator = Paginator(results, 10)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"query": query, "page_obj": page_obj})
