"""The merchants app's models: the directory (pages), merchant applications, classified ads, products."""

from .ads import AdReport, Board, ClassifiedAd, ClassifiedBoardPage
from .applications import MerchantApplication, MerchantApplicationPhoto
from .directory import (
    DirectoryCategoryPage,
    DirectoryIndexPage,
    MerchantGalleryImage,
    MerchantOffer,
    MerchantPage,
    MerchantTag,
    OpeningHours,
)
from .products import ProductGalleryImage, ProductIndexPage, ProductPage

__all__ = [
    "AdReport",
    "Board",
    "ClassifiedAd",
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
