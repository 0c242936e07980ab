"""Classified ads in the site search (``rongmei.search.sources``): the visible ones, linked to the ad board.

Registered by ``MerchantsConfig.ready``.
"""

from django.utils.translation import gettext_lazy as _

from rongmei.search.sources import BoardItemSource

from .models import ClassifiedAd, ClassifiedBoardPage


class AdSource(BoardItemSource):
    kind, label = "ads", _("分类信息")
    order = 60
    board_model, route = ClassifiedBoardPage, "ad"

    def queryset(self):
        return ClassifiedAd.objects.visible()

    def route_args(self, ad):
        return [ad.pk]

    def texts(self, ad):
        return ad.title, ad.public_description, ad.published_at
