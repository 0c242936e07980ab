"""Classified ads in the site search (``rongmei.search.sources``): the visible ones, linked to the ad board.

Registered by ``MerchantsConfig.ready``; an ad has no language of its own, so it is found in every
language and shown in the script of the active one.
"""

from django.utils.translation import gettext_lazy as _

from rongmei.chinese import display_script
from rongmei.search.sources import Result, Source, routable_page

from .models import ClassifiedAd, ClassifiedBoardPage


class AdSource(Source):
    kind, label = "ads", _("分类信息")
    order = 60

    def queryset(self):
        return ClassifiedAd.objects.visible()

    def result(self, ad, context):
        if "ad_board" not in context:
            context["ad_board"] = routable_page(ClassifiedBoardPage)
        board = context["ad_board"]
        url = board.url + board.reverse_subpage("ad", args=[ad.pk]) if board else ""
        return Result(
            self.kind,
            self.label,
            display_script(ad.title),
            url,
            display_script(ad.public_description),
            ad.published_at,
        )
