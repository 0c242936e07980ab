"""Factories for the merchants app's pages and snippets (factory-boy, wagtail-factories)."""

import random
from datetime import time, timedelta

import factory
import wagtail_factories
from django.utils import timezone

from rongmei.validators import LICENCE_ALPHABET, licence_check_character

from .models import (
    Board,
    ClassifiedAd,
    ClassifiedBoardPage,
    DirectoryCategoryPage,
    DirectoryIndexPage,
    MerchantApplication,
    MerchantOffer,
    MerchantPage,
    OpeningHours,
    ProductIndexPage,
    ProductPage,
)


def licence_number(seed=None):
    """A 统一社会信用代码 with a correct check character."""
    rng = random.Random(seed)
    first17 = "91" + "510403" + "".join(rng.choice(LICENCE_ALPHABET) for _ in range(9))
    return first17 + licence_check_character(first17)


class DirectoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "吃喝玩乐"
    slug = "directory"

    class Meta:
        model = DirectoryIndexPage


class DirectoryCategoryPageFactory(wagtail_factories.PageFactory):
    title = "美食"
    slug = factory.Sequence(lambda n: f"category-{n}")
    kind = DirectoryCategoryPage.Kind.FOOD

    class Meta:
        model = DirectoryCategoryPage


class MerchantPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"第{n}家火锅店")
    slug = factory.Sequence(lambda n: f"merchant-{n}")
    summary = "牛油火锅，毛肚新鲜。"
    address = "西区新华路88号"
    street = "清香坪街道"
    phone = "0812-5551234"
    price_per_person = 80

    class Meta:
        model = MerchantPage


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    weekday = 0
    opens = time(10, 0)
    closes = time(21, 0)
    closes_next_day = False

    class Meta:
        model = OpeningHours


class MerchantOfferFactory(factory.django.DjangoModelFactory):
    title = "到店九折"
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))

    class Meta:
        model = MerchantOffer


class ClassifiedBoardPageFactory(wagtail_factories.PageFactory):
    title = "广告"
    slug = "ads"

    class Meta:
        model = ClassifiedBoardPage


class ClassifiedAdFactory(factory.django.DjangoModelFactory):
    board = Board.EATS
    title = factory.Sequence(lambda n: f"自家腊肉出售 {n}")
    description = "土猪肉，老方法腌制。"
    price = 68
    contact_name = "张先生"
    contact_phone = "13912345678"
    status = ClassifiedAd.Status.PUBLISHED

    class Meta:
        model = ClassifiedAd


class MerchantApplicationFactory(factory.django.DjangoModelFactory):
    business_name = factory.Sequence(lambda n: f"新开张火锅店{n}")
    licence_number = factory.Sequence(licence_number)
    contact_name = "李老板"
    contact_phone = "13800001111"
    email = factory.Sequence(lambda n: f"owner{n}@example.com")
    address = "西区苏铁中路12号"
    street = "苏铁街道"
    phone = "0812-5550000"
    price_per_person = 70
    description = "本地牛油火锅，欢迎光临。"

    class Meta:
        model = MerchantApplication


class ProductIndexPageFactory(wagtail_factories.PageFactory):
    title = "电商购物"
    slug = "products"

    class Meta:
        model = ProductIndexPage


class ProductPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"凯特芒果{n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    producer = "攀西阳光果业合作社"
    origin = "格里坪镇"
    price = "59.90"
    shop_url = "https://shop.example.com/item/1"

    class Meta:
        model = ProductPage
