"""The merchants app's models; every model is importable from here.

- ``directory``: the 吃喝玩乐 index and its categories;
- ``merchant``: merchant pages, their tags, opening hours, offers and gallery;
- ``applications``: merchants' applications for a free listing;
- ``ads``: the classified-ad boards and their ads;
- ``products``: local products (电商购物).
"""

from .ads import AdReport, Board, ClassifiedAd, ClassifiedAdPhoto, ClassifiedBoardPage
from .applications import MerchantApplication, MerchantApplicationPhoto
from .directory import DirectoryCategoryPage, DirectoryIndexPage
from .merchant import MerchantGalleryImage, MerchantOffer, MerchantPage, MerchantTag, OpeningHours
from .products import ProductGalleryImage, ProductIndexPage, ProductPage

__all__ = [
    "AdReport",
    "Board",
    "ClassifiedAd",
    "ClassifiedAdPhoto",
    "ClassifiedBoardPage",
    "DirectoryCategoryPage",
    "DirectoryIndexPage",
    "MerchantApplication",
    "MerchantApplicationPhoto",
    "MerchantGalleryImage",
    "MerchantOffer",
    "MerchantPage",
    "MerchantTag",
    "OpeningHours",
    "ProductGalleryImage",
    "ProductIndexPage",
    "ProductPage",
]
