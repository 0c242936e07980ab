"""The pages the benchmark measures, by name: each function returns a path on the seeded site, or None.

Run as a script under the benchmark's environment it prints ``{name: path}`` as JSON, with ``null`` for a
page the seeded site does not have (the harness reports it as "not found"). A page behind the admin login
is ``{"path": ..., "cookie": ...}``. Each app adds the pages its issue names here.
"""

import json
import os
import sys
from pathlib import Path


def home():
    return "/zh-hans/"


def service_index():
    from home.models import ServiceIndexPage

    page = ServiceIndexPage.objects.live().filter(locale__language_code="zh-hans").first()
    return page.url if page else None


def service_guide():
    from home.models import ServiceGuidePage

    page = ServiceGuidePage.objects.live().filter(locale__language_code="zh-hans").first()
    return page.url if page else None


def first_live_url(model, **filters):
    page = model.objects.live().filter(locale__language_code="zh-hans", **filters).order_by("path").first()
    return page.url if page else None


def news_channel():
    from newsroom.models import NewsIndexPage

    return first_live_url(NewsIndexPage)


def news_article():
    from newsroom.models import NewsArticlePage

    page = NewsArticlePage.objects.live().filter(locale__language_code="zh-hans").order_by("-pk").first()
    return page.url if page else None


def department_channel():
    from newsroom.models import DepartmentChannelPage

    return first_live_url(DepartmentChannelPage)


def petition_board():
    from petitions.models import PetitionBoardPage

    return first_live_url(PetitionBoardPage)


def petition_detail():
    from petitions.models import Petition, PetitionBoardPage

    board = PetitionBoardPage.objects.live().filter(locale__language_code="zh-hans").first()
    petition = Petition.objects.filter(on_board=True).order_by("-pk").first()
    if not (board and petition):
        return None
    return board.url + board.reverse_subpage("detail", args=[petition.number])


def petitions_api():
    return "/api/petitions/"


def merchant_category_filtered():
    from merchants.models import DirectoryCategoryPage

    url = first_live_url(DirectoryCategoryPage, slug="food")
    return f"{url}?tag=停车&open_now=1" if url else None


def merchants_api():
    return "/api/merchants/?open_now=1"


def signed_in(username):
    """A session cookie for a seeded account, for pages behind the admin login."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def busiest_department_account():
    from django.db.models import Count

    from petitions.models import Department

    department = (
        Department.objects.filter(group__isnull=False)
        .annotate(petition_count=Count("petitions"))
        .order_by("-petition_count")
        .first()
    )
    return f"dept-{department.slug}" if department else None


def department_queue():
    cookie = signed_in(busiest_department_account() or "")
    return {"path": "/admin/petitions/workbench/?tab=new", "cookie": cookie} if cookie else None


def department_queue_overdue():
    cookie = signed_in(busiest_department_account() or "")
    return {"path": "/admin/petitions/workbench/?tab=overdue", "cookie": cookie} if cookie else None


def open311_requests():
    return "/open311/v2/requests.json"


def sitemap():
    return "/sitemap.xml"


def deep_page(wanted, count, per_page=20):
    """``wanted``, or the last page when the list is shorter: deep pages cost what the offset costs."""
    last = max(1, -(-count // per_page))
    return min(wanted, last)


def petitions_api_deep():
    from petitions.models import Petition

    return f"/api/petitions/?page={deep_page(4000, Petition.objects.visible_on_board().count())}"


def petition_board_deep():
    from petitions.models import Petition

    board = petition_board()
    return f"{board}?page={deep_page(500, Petition.objects.visible_on_board().count())}" if board else None


def _deep_cursor(queryset, position):
    """The cursor a client holds after walking ``position`` rows of ``queryset`` by its next links."""
    from petitions.intake.paging import Keyset

    keyset = Keyset.of(queryset)
    row = queryset.order_by(*keyset.ordering)[max(0, min(position, queryset.count()) - 1)]
    return keyset.encode(row)


def petitions_api_deep_cursor():
    from petitions.models import Petition

    return f"/api/petitions/?cursor={_deep_cursor(Petition.objects.visible_on_board(), 80_000)}"


def open311_requests_deep_cursor():
    """All of the archive (start_date far back), 100 a page, 800 pages in."""
    from petitions.models import Petition

    cursor = _deep_cursor(Petition.objects.public(), 80_000)
    return f"/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&page_size=100&cursor={cursor}"


def sitemap_pages_page():
    """The first block of pages: the home page, channels and the oldest articles."""
    return "/sitemap-pages-1.xml"


def sitemap_petitions_last_page():
    from django.db.models import Max

    from petitions.models import Petition
    from rongmei.sitemaps import BLOCK_SIZE

    last = Petition.objects.public().aggregate(last=Max("pk"))["last"]
    return f"/sitemap-petitions-{last // BLOCK_SIZE + 1}.xml" if last else None


def moderation_queue():
    cookie = signed_in("editor")
    return {"path": "/admin/petitions/moderation/", "cookie": cookie} if cookie else None


def statistics_year():
    """The supervisor's statistics page for the last twelve months."""
    import datetime

    from django.utils import timezone

    cookie = signed_in("supervisor")
    if not cookie:
        return None
    end = timezone.localdate()
    start = end - datetime.timedelta(days=365)
    return {"path": f"/admin/petitions/statistics/?start={start}&end={end}", "cookie": cookie}


def weekly_report():
    from petitions.models import PetitionReportIndexPage

    return first_live_url(PetitionReportIndexPage)


# name -> function; the bare Django view (the ceiling) is measured by run.py itself.
TARGETS = {
    "home": home,
    "service index": service_index,
    "service guide": service_guide,
    "news channel list": news_channel,
    "news article": news_article,
    "department channel": department_channel,
    "petition board": petition_board,
    "petition page (anonymous visitor)": petition_detail,
    "petitions API list": petitions_api,
    "petitions API (deep page)": petitions_api_deep,
    "petition board (deep page)": petition_board_deep,
    "merchant category (tag + open now)": merchant_category_filtered,
    "merchants API (open now)": merchants_api,
    "department queue (new)": department_queue,
    "department queue (overdue)": department_queue_overdue,
    "moderation queue (editor)": moderation_queue,
    "statistics for a year (supervisor)": statistics_year,
    "petitions API (deep cursor)": petitions_api_deep_cursor,
    "Open311 requests": open311_requests,
    "Open311 requests (deep cursor)": open311_requests_deep_cursor,
    "sitemap": sitemap,
    "sitemap page (pages)": sitemap_pages_page,
    "sitemap page (last petitions block)": sitemap_petitions_last_page,
    "weekly ranking report": weekly_report,
}


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    paths = {name: function() for name, function in TARGETS.items()}
    print(json.dumps(paths, ensure_ascii=False))


if __name__ == "__main__":
    main()
