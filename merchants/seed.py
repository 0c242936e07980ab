"""Demo content of the merchants app: the 吃喝玩乐 directory, classified ads on every board, local products.
The texts are data, in ``seed_content.toml``; the pages and ads are built by ``factories``.

``--merchants N`` adds N plain merchants to the 美食 category (for the benchmark of a category page with
thousands of merchants); they are inserted in bulk, without revisions, and a second run tops up only.
"""

import tomllib
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from taggit.models import Tag
from wagtail.search.backends import get_search_backend

from . import factories
from .hours import week_interval
from .models import ClassifiedAd, MerchantPage, MerchantTag, OpeningHours

CONTENT = tomllib.loads((Path(__file__).parent / "seed_content.toml").read_text())
BATCH = 500


def add_arguments(parser):
    parser.add_argument(
        "--merchants",
        type=int,
        default=0,
        help="Add this many extra merchants to the 美食 category (for benchmarks).",
    )


def seed(demo):
    texts = CONTENT["directory"]
    directory, _created = demo.page(
        demo.home,
        factories.DirectoryIndexPageFactory,
        "directory",
        title=texts["title"],
        intro=texts["intro"],
        show_in_menus=True,
    )
    categories = {}
    for category in texts["categories"]:
        categories[category["slug"]], _created = demo.page(
            directory,
            factories.DirectoryCategoryPageFactory,
            category["slug"],
            title=category["title"],
            icon=category["icon"],
            intro=category["intro"],
            kind=category["slug"],
        )
        for number, merchant in enumerate(category["merchants"], start=1):
            seed_merchant(
                demo, categories[category["slug"]], f"{category['slug']}-{number}", number, merchant
            )
    seed_bulk_merchants(demo, categories["food"], demo.options.get("merchants") or 0)
    seed_ads(demo)
    seed_products(demo)


def opening_hours(pattern, merchant=None):
    """The rows of an opening-hours pattern (its name in ``[hours]``, or the rows themselves)."""
    rows = []
    for first, last, opens, closes in CONTENT["hours"][pattern] if isinstance(pattern, str) else pattern:
        opens, closes = time.fromisoformat(opens), time.fromisoformat(closes)
        for weekday in range(first, last + 1):
            row = factories.OpeningHoursFactory.build(
                merchant=merchant,
                weekday=weekday,
                opens=opens,
                closes=closes,
                closes_next_day=closes <= opens,
            )
            row.start_minute, row.end_minute = week_interval(weekday, opens, closes, row.closes_next_day)
            rows.append(row)
    return rows


def seed_merchant(demo, category, slug, number, merchant):
    if MerchantPage.objects.child_of(category).filter(slug=slug).exists():
        return
    street = CONTENT["streets"][number % len(CONTENT["streets"])]
    today = timezone.localdate()
    offer = factories.MerchantOfferFactory.build(
        **CONTENT["offer"], valid_from=today - timedelta(days=7), valid_until=today + timedelta(days=60)
    )
    demo.page(
        category,
        factories.MerchantPageFactory,
        slug,
        title=merchant["name"],
        summary=merchant["summary"],
        description=CONTENT["directory"]["description"].format(summary=merchant["summary"]),
        address=f"西区{street}{CONTENT['roads'][number % len(CONTENT['roads'])]}{10 + number * 7}号",
        street=street,
        latitude=(Decimal("26.5800") + Decimal(number) / 200).quantize(Decimal("0.000001")),
        longitude=(Decimal("101.6000") + Decimal(number) / 150).quantize(Decimal("0.000001")),
        phone=f"0812-55{number:02d}{demo.random.randint(100, 999)}",
        price_per_person=merchant.get("price"),
        holiday_notes=merchant.get("holiday", ""),
        verified=number % 3 != 0,
        image=demo.image(merchant["name"]),
        opening_hours=opening_hours(merchant["hours"]),
        offers=[offer] if number % 2 else [],
        tags=merchant.get("tags", []),
    )


def seed_bulk_merchants(demo, category, total):
    """Plain merchants for load tests: no revision, no image; pages, hours and tags inserted in bulk,
    then added to the search index in bulk (the reference index is skipped: they reference nothing)."""
    existing = MerchantPage.objects.child_of(category).filter(slug__startswith="bulk-").count()
    if existing >= total:
        return
    words, streets, rng = CONTENT["bulk"], CONTENT["streets"], demo.random
    tags = {name: Tag.objects.get_or_create(name=name)[0] for name in CONTENT["tags"]}
    numbers = range(existing + 1, total + 1)
    for start in range(0, len(numbers), BATCH):
        pages, extras = [], []
        for number in numbers[start : start + BATCH]:
            name = (
                f"{rng.choice(words['prefixes'])}{rng.choice(words['surnames'])}{rng.choice(words['kinds'])}"
            )
            pages.append(
                factories.MerchantPageFactory.build(
                    title=f"{name} {number}号店",
                    slug=f"bulk-{number}",
                    summary=words["summary"],
                    address=f"西区{rng.choice(streets)}测试路{number}号",
                    street=rng.choice(streets),
                    phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
                    price_per_person=rng.randint(10, 200),
                    verified=rng.random() < 0.5,
                )
            )
            extras.append(
                (rng.choice(list(CONTENT["hours"])), rng.sample(CONTENT["tags"], rng.randint(1, 3)))
            )
        demo.add_pages(category, pages)
        OpeningHours.objects.bulk_create(
            [
                row
                for page, (hours, _) in zip(pages, extras, strict=True)
                for row in opening_hours(hours, page)
            ]
        )
        MerchantTag.objects.bulk_create(
            [
                MerchantTag(content_object=page, tag=tags[name])
                for page, (_, names) in zip(pages, extras, strict=True)
                for name in names
            ]
        )
        get_search_backend().add_bulk(MerchantPage, pages)
        demo.log(f"  bulk merchants: {start + len(pages)}/{len(numbers)}")
    demo.created["bulk merchants"] = total - existing


def seed_ads(demo):
    demo.page(demo.home, factories.ClassifiedBoardPageFactory, "ads", **CONTENT["board"], show_in_menus=True)
    for number, ad in enumerate(CONTENT["ads"], start=1):
        if ClassifiedAd.objects.filter(title=ad["title"]).exists():
            continue
        decimals = {key: Decimal(ad[key]) if key in ad else None for key in ("price", "area_sqm")}
        factories.ClassifiedAdFactory(
            **{**ad, **decimals},
            contact_name=CONTENT["contacts"][number % len(CONTENT["contacts"])],
            contact_phone=f"139{demo.random.randint(10000000, 99999999)}",
            status=ClassifiedAd.Status.PUBLISHED,
            valid_days=30,
        )
        demo.count("classified ads")


def seed_products(demo):
    shop = CONTENT["shop"]
    index, _created = demo.page(
        demo.home,
        factories.ProductIndexPageFactory,
        "products",
        title=shop["title"],
        intro=shop["intro"],
        show_in_menus=True,
    )
    for number, product in enumerate(CONTENT["products"], start=1):
        demo.page(
            index,
            factories.ProductPageFactory,
            f"product-{number}",
            title=product["name"],
            producer=product["producer"],
            origin=product["origin"],
            price=Decimal(product["price"]),
            unit=product["unit"],
            summary=product["summary"],
            description=shop["description"].format(summary=product["summary"]),
            image=demo.image(product["name"]),
            shop_url=f"https://shop.example.com/item/{1000 + number}",
            shop_name=shop["name"],
        )
