"""The demo's points: the default rule set (the migration's, kept if an editor changed it), a resident
account to try them with, one passphrase hidden in the newest news story, valid for a week, and the points
mall: three goods (one a merchant hands out), a flash sale on now and one starting tomorrow at 10:00."""

import datetime

from django.utils import timezone

from home.models import FooterLink, SiteSettings
from merchants.models import MerchantPage
from newsroom.models import NewsArticlePage

from .models import DEFAULT_RULES, FlashSale, Goods, Passphrase, PointsRule
from .services import SHANGHAI

DEMO_PHRASE = "融媒有你"
#: What a resident can afford with the demo passphrase alone.
DEMO_GOODS = "融媒咖啡杯"
DEMO_SALE_NOW = "每日秒杀：手工书签"
DEMO_SALE_TOMORROW = "明早十点抢芒果礼盒"


def seed(demo):
    for action, (points, daily_cap) in DEFAULT_RULES.items():
        PointsRule.objects.get_or_create(action=action, defaults={"points": points, "daily_cap": daily_cap})
    demo.account("resident", name="西区居民", role="居民（积分、红包口令）")
    now = timezone.now()
    Passphrase.objects.get_or_create(
        phrase=DEMO_PHRASE,
        defaults={
            "points": 20,
            "valid_from": now - datetime.timedelta(hours=1),
            "valid_until": now + datetime.timedelta(days=7),
            "max_redemptions": 100,
            "story": NewsArticlePage.objects.live().order_by("-first_published_at").first(),
        },
    )
    seed_mall(demo, now)
    demo.log(
        f"Points: {PointsRule.objects.count()} rules, passphrase {DEMO_PHRASE}, "
        f"{Goods.objects.count()} mall goods, {FlashSale.objects.count()} flash sales"
    )


def seed_mall(demo, now):
    centre = "融媒体中心一楼服务台"
    merchant = MerchantPage.objects.live().order_by("pk").first()
    goods = {}
    for name, price, stock, description, handed_out_by in (
        (DEMO_GOODS, 20, 30, "印有融媒标志的陶瓷咖啡杯，容量 350 毫升。", None),
        ("手工书签", 10, 100, "非遗传承人手工制作的木刻书签。", None),
        ("攀枝花芒果礼盒", 200, 10, "当季芒果五斤装，由合作商家发放。", merchant),
    ):
        goods[name], _created = Goods.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "photo": demo.image(name),
                "points_price": price,
                "stock": stock,
                "merchant": handed_out_by,
                "pickup_place": handed_out_by.title if handed_out_by else centre,
                "pickup_instructions": "凭取货码领取，工作日 9:00–17:00。",
            },
        )
    # residents look for it where the site's own links are: at the foot of every page
    site_settings = SiteSettings.for_site(demo.site)
    if not site_settings.footer_links.filter(url="/zh-hans/mall/").exists():
        FooterLink.objects.create(
            settings=site_settings,
            title="积分商城",
            title_en="Points mall",
            url="/zh-hans/mall/",
            sort_order=site_settings.footer_links.count(),
        )
    FlashSale.objects.get_or_create(
        title=DEMO_SALE_NOW,
        defaults={
            "goods": goods["手工书签"],
            "stock": 5,
            "starts_at": now - datetime.timedelta(hours=1),
            "ends_at": now + datetime.timedelta(days=7),
        },
    )
    tomorrow = (timezone.localtime(now, SHANGHAI) + datetime.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    FlashSale.objects.get_or_create(
        title=DEMO_SALE_TOMORROW,
        defaults={
            "goods": goods["攀枝花芒果礼盒"],
            "description": "限量 100 盒，免费抢，每人限一盒。",
            "stock": 100,
            "starts_at": tomorrow,
            "ends_at": tomorrow + datetime.timedelta(hours=2),
        },
    )
