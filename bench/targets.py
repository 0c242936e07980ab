"""The pages the benchmark measures, by name: each function returns a path on the seeded site, or None.

Run as a script under the benchmark's environment it prints ``{name: path}`` as JSON. Each app adds the
pages its issue names here.
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


# name -> function; the bare Django view (the ceiling) is measured by run.py itself.
TARGETS = {
    "home": home,
    "service index": service_index,
    "service guide": service_guide,
    "news channel list": news_channel,
    "news article": news_article,
    "department channel": department_channel,
    "petition board": petition_board,
    "petition page": petition_detail,
    "petitions API list": petitions_api,
    "merchant category (tag + open now)": merchant_category_filtered,
    "merchants API (open now)": merchants_api,
}


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings.production")
    import django

    django.setup()
    paths = {}
    for name, function in TARGETS.items():
        path = function()
        if path:
            paths[name] = path
    print(json.dumps(paths, ensure_ascii=False))


if __name__ == "__main__":
    main()
