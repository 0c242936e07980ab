# Over 450 lines: demo content as data, kept whole until seeds go through the factories (issue 14).
"""Demo content of the merchants app: the 吃喝玩乐 directory, classified ads on every board, local products.

``--merchants N`` adds N plain merchants to the 美食 category (for the benchmark of a category page with
thousands of merchants); they are created without revisions, in bulk, and a second run tops up only.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.db.models.signals import post_save
from django.utils import timezone
from taggit.models import Tag
from wagtail.search.backends import get_search_backend
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from .hours import week_interval
from .models import (
    Board,
    ClassifiedAd,
    ClassifiedBoardPage,
    DirectoryCategoryPage,
    DirectoryIndexPage,
    MerchantOffer,
    MerchantPage,
    MerchantTag,
    OpeningHours,
    ProductIndexPage,
    ProductPage,
)

STREETS = ["清香坪街道", "玉泉街道", "苏铁街道", "陶家渡街道", "河门口街道", "格里坪镇"]
TAGS = ["停车", "包间", "WiFi", "无障碍", "可带宠物", "儿童友好", "刷卡", "外卖"]

# Opening-hours patterns: (weekdays, opens, closes, closes next day).
LUNCH_DINNER = [(range(7), time(10, 30), time(14, 0), False), (range(7), time(17, 0), time(21, 30), False)]
LATE_NIGHT = [(range(7), time(17, 0), time(2, 0), True)]
DAYTIME = [(range(7), time(8, 30), time(18, 0), False)]
SHOP = [(range(7), time(9, 0), time(21, 0), False)]
WEEKDAYS_CLOSED_MONDAY = [(range(1, 7), time(9, 0), time(17, 30), False)]
ALL_DAY = [(range(7), time(0, 0), time(0, 0), True)]

CATEGORIES = [
    (
        "food",
        "美食",
        "吃",
        "火锅、烧烤、米线、盐边菜，西区人的一日三餐和夜宵。",
        [
            (
                "老码头牛油火锅",
                "三十年老店，牛油锅底现炒，毛肚鸭肠新鲜。",
                85,
                ["停车", "包间", "WiFi"],
                LUNCH_DINNER,
                "春节除夕至初二休息",
            ),
            ("巴蜀九宫格火锅", "九宫格红汤，鲜切黄牛肉是招牌。", 78, ["包间", "儿童友好"], LUNCH_DINNER, ""),
            ("盐边羊肉米线", "盐边风味羊肉米线，汤头熬足八小时。", 18, ["外卖"], DAYTIME, ""),
            (
                "金沙江烧烤大排档",
                "江边露天烧烤，营业到凌晨两点。",
                60,
                ["停车", "可带宠物"],
                LATE_NIGHT,
                "雨天室内营业",
            ),
            ("格里坪坨坨肉", "彝家坨坨肉和苦荞粑粑。", 45, ["停车", "无障碍"], LUNCH_DINNER, ""),
            (
                "苏铁路老面馆",
                "牛肉面、杂酱面，早上六点半开门。",
                15,
                ["外卖", "刷卡"],
                [(range(7), time(6, 30), time(14, 0), False)],
                "",
            ),
            ("清香坪鲜鱼庄", "金沙江鲜鱼现杀现做，酸菜鱼一绝。", 68, ["停车", "包间"], LUNCH_DINNER, ""),
        ],
    ),
    (
        "sights",
        "美景",
        "景",
        "苏铁、江景、工业遗址，看得见的西区。",
        [
            (
                "苏铁国家级自然保护区",
                "全国最大的野生攀枝花苏铁林。",
                None,
                ["停车", "无障碍"],
                DAYTIME,
                "节假日照常开放",
            ),
            (
                "金沙江滨江步道",
                "沿江十二公里步道，看日落的好去处。",
                None,
                ["可带宠物", "无障碍"],
                ALL_DAY,
                "",
            ),
            (
                "大宝鼎矿山公园",
                "老煤矿改造的工业遗址公园。",
                20,
                ["停车", "儿童友好"],
                WEEKDAYS_CLOSED_MONDAY,
                "周一闭园维护",
            ),
            ("河门口观景台", "俯瞰金沙江大拐弯。", None, ["停车"], ALL_DAY, ""),
            ("玉泉湖湿地公园", "湖边栈道和观鸟点。", None, ["无障碍", "儿童友好"], DAYTIME, ""),
            ("陶家渡古渡口", "保存完好的老渡口和石板街。", None, [], DAYTIME, ""),
        ],
    ),
    (
        "entertainment",
        "娱乐",
        "乐",
        "KTV、电影、剧本杀，下班后去哪儿。",
        [
            (
                "星光影城",
                "六个影厅，含一个激光巨幕厅。",
                45,
                ["停车", "无障碍", "刷卡"],
                [(range(7), time(10, 0), time(1, 0), True)],
                "",
            ),
            ("麦霸量贩KTV", "包厢干净，周末下午场半价。", 80, ["包间", "WiFi"], LATE_NIGHT, ""),
            (
                "西区剧本杀馆",
                "原创本地题材剧本，适合团建。",
                98,
                ["包间", "WiFi"],
                [(range(7), time(13, 0), time(23, 0), False)],
                "",
            ),
            (
                "滨江台球俱乐部",
                "十张标准球台。",
                30,
                ["WiFi"],
                [(range(7), time(12, 0), time(2, 0), True)],
                "",
            ),
            (
                "清香坪桌游吧",
                "上百款桌游，可以包场。",
                35,
                ["WiFi", "儿童友好"],
                [(range(7), time(14, 0), time(23, 30), False)],
                "",
            ),
            ("玉泉保龄球馆", "十二条球道，带儿童专用道。", 50, ["停车", "儿童友好"], SHOP, ""),
        ],
    ),
    (
        "shopping",
        "购物",
        "购",
        "超市、市场和本地特产店。",
        [
            (
                "西区农贸市场",
                "本地蔬菜、芒果、枇杷，一早最新鲜。",
                None,
                ["停车"],
                [(range(7), time(6, 0), time(19, 0), False)],
                "",
            ),
            ("苏铁百货", "老牌百货，三楼是童装。", None, ["停车", "无障碍", "刷卡"], SHOP, ""),
            ("攀西特产超市", "芒果干、盐边油底肉、米易枇杷茶。", None, ["刷卡", "外卖"], SHOP, ""),
            ("河门口便民超市", "二十四小时营业。", None, ["刷卡"], ALL_DAY, ""),
            ("格里坪茶叶店", "本地高山绿茶和苦荞茶。", None, [], DAYTIME, ""),
            ("玉泉书店", "有儿童阅读区和咖啡角。", None, ["WiFi", "儿童友好"], SHOP, ""),
        ],
    ),
    (
        "outings",
        "游玩",
        "玩",
        "亲子、露营、采摘，周末带上家人出发。",
        [
            (
                "格里坪芒果采摘园",
                "七八月可以自己摘芒果。",
                40,
                ["停车", "儿童友好"],
                DAYTIME,
                "采摘季以外只售不摘",
            ),
            ("金沙江漂流基地", "有专业救生员，十二岁以上可参加。", 168, ["停车"], WEEKDAYS_CLOSED_MONDAY, ""),
            ("河门口露营地", "帐篷和烧烤架可租。", 120, ["停车", "可带宠物"], ALL_DAY, ""),
            ("苏铁亲子农场", "喂小羊、挖红薯。", 60, ["停车", "儿童友好", "无障碍"], DAYTIME, ""),
            ("陶家渡骑行驿站", "自行车租赁和沿江骑行路线。", 25, ["可带宠物"], DAYTIME, ""),
            (
                "清香坪攀岩馆",
                "室内攀岩墙，新手有教练带。",
                70,
                ["WiFi"],
                [(range(7), time(10, 0), time(22, 0), False)],
                "",
            ),
        ],
    ),
    (
        "wellness",
        "康养",
        "养",
        "阳光康养：温泉、中医理疗、老年活动中心。",
        [
            ("西区阳光康养中心", "候鸟老人冬季康养，短住长住都可以。", 150, ["停车", "无障碍"], ALL_DAY, ""),
            (
                "玉泉中医理疗馆",
                "推拿、针灸、艾灸。",
                120,
                ["无障碍", "刷卡"],
                [(range(7), time(9, 0), time(21, 0), False)],
                "",
            ),
            (
                "金沙江温泉山庄",
                "露天温泉池和汤屋。",
                188,
                ["停车", "包间", "WiFi"],
                [(range(7), time(10, 0), time(0, 30), True)],
                "",
            ),
            (
                "苏铁社区老年活动中心",
                "棋牌、书画、合唱队。",
                None,
                ["无障碍"],
                WEEKDAYS_CLOSED_MONDAY,
                "法定节假日休息",
            ),
            (
                "清香坪瑜伽馆",
                "小班课，提供垫子。",
                60,
                ["WiFi"],
                [(range(7), time(9, 0), time(21, 30), False)],
                "",
            ),
            (
                "格里坪足疗养生馆",
                "中药泡脚和足底按摩。",
                98,
                ["包间", "刷卡"],
                [(range(7), time(12, 0), time(1, 0), True)],
                "",
            ),
        ],
    ),
]

ADS = [
    (
        Board.EATS,
        "老码头火锅周二会员日全场八折",
        "周二凭会员卡全场菜品八折，锅底除外。",
        {"price": Decimal("85")},
    ),
    (
        Board.EATS,
        "自家做的盐边油底肉，五斤起卖",
        "土猪肉，老方法腌制，可以到清香坪自提。",
        {"price": Decimal("68")},
    ),
    (
        Board.LEISURE,
        "周末金沙江漂流拼团，还差四人",
        "周六上午九点集合，含接送和保险。",
        {"price": Decimal("150")},
    ),
    (Board.LEISURE, "九成新山地车转让", "骑了半年，车况很好，送头盔。", {"price": Decimal("600")}),
    (
        Board.HOUSING,
        "玉泉街道两室一厅出租，拎包入住",
        "电梯房六楼，家具家电齐全，近菜市场。",
        {"price": Decimal("1200"), "deal": "rent", "area_sqm": Decimal("78"), "rooms": 2},
    ),
    (
        Board.HOUSING,
        "苏铁小区三室两厅出售，满五唯一",
        "南北通透，带车位，学区房。",
        {"price": Decimal("680000"), "deal": "sale", "area_sqm": Decimal("112"), "rooms": 3},
    ),
    (
        Board.CARS,
        "2019年自动挡家用轿车转让",
        "一手车，按时保养，无事故。",
        {"price": Decimal("65000"), "car_year": 2019, "mileage_km": 58000},
    ),
    (
        Board.CARS,
        "收购二手皮卡，车况好价格好商量",
        "本地收车，手续齐全的优先。",
        {"price": Decimal("40000"), "car_year": 2016, "mileage_km": 120000},
    ),
    (
        Board.JOBS,
        "火锅店招服务员两名，包吃住",
        "年龄十八到四十五岁，吃苦耐劳，月休四天。",
        {"salary_min": 3200, "salary_max": 4000, "job_type": "full_time"},
    ),
    (
        Board.JOBS,
        "周末兼职家教（初中数学）",
        "每周六下午两小时，地点在陶家渡。",
        {"salary_min": 800, "salary_max": 1200, "job_type": "part_time"},
    ),
]

PRODUCTS = [
    (
        "攀枝花凯特芒果",
        "攀西阳光果业合作社",
        "西区格里坪镇",
        Decimal("59.90"),
        "5斤/箱",
        "果大核小，树上自然熟。",
    ),
    (
        "盐边油底肉",
        "盐边县老李家腌腊",
        "盐边县",
        Decimal("88.00"),
        "1斤/罐",
        "土猪五花肉油封，年节待客的硬菜。",
    ),
    ("米易枇杷茶", "米易县枇杷种植合作社", "米易县", Decimal("45.00"), "100克/盒", "枇杷叶与本地绿茶拼配。"),
    ("苦荞茶", "格里坪彝家农产品店", "西区格里坪镇", Decimal("29.00"), "500克/袋", "高山苦荞，颗粒饱满。"),
    ("攀枝花石榴", "仁和区石榴专业合作社", "仁和区", Decimal("39.90"), "5斤/箱", "籽粒饱满，汁多味甜。"),
]


def add_arguments(parser):
    parser.add_argument(
        "--merchants",
        type=int,
        default=0,
        help="Add this many extra merchants to the 美食 category (for benchmarks).",
    )


def seed(demo):
    directory, _created = demo.page(
        demo.home,
        DirectoryIndexPage,
        "directory",
        title="吃喝玩乐",
        intro="西区好吃的、好玩的、好逛的，商家免费入驻。",
        show_in_menus=True,
    )
    categories = {}
    for slug, title, icon, intro, merchants in CATEGORIES:
        category, _created = demo.page(
            directory, DirectoryCategoryPage, slug, title=title, icon=icon, intro=intro, kind=slug
        )
        categories[slug] = category
        for number, (name, summary, price, tags, pattern, holiday) in enumerate(merchants, start=1):
            seed_merchant(
                demo, category, f"{slug}-{number}", number, name, summary, price, tags, pattern, holiday
            )
    extra = demo.options.get("merchants") or 0
    if extra:
        seed_bulk_merchants(demo, categories["food"], extra)
    seed_ads(demo)
    seed_products(demo)


def seed_merchant(demo, category, slug, number, name, summary, price, tags, pattern, holiday):
    if MerchantPage.objects.child_of(category).filter(slug=slug).exists():
        return
    street = STREETS[number % len(STREETS)]
    page = MerchantPage(
        title=name,
        summary=summary,
        description=f"<p>{summary}欢迎街坊邻居和外地朋友光临。</p>",
        address=f"西区{street}{['新华路', '苏铁中路', '滨江大道', '清香坪路'][number % 4]}{10 + number * 7}号",
        street=street,
        latitude=(Decimal("26.5800") + Decimal(number) / 200).quantize(Decimal("0.000001")),
        longitude=(Decimal("101.6000") + Decimal(number) / 150).quantize(Decimal("0.000001")),
        phone=f"0812-55{number:02d}{demo.random.randint(100, 999)}",
        price_per_person=price,
        holiday_notes=holiday,
        verified=number % 3 != 0,
        image=demo.image(name),
    )
    page.tags.set(tags)
    for weekdays, opens, closes, next_day in pattern:
        for weekday in weekdays:
            page.opening_hours.add(
                OpeningHours(weekday=weekday, opens=opens, closes=closes, closes_next_day=next_day)
            )
    if number % 2:
        today = timezone.localdate()
        page.offers.add(
            MerchantOffer(
                title="到店出示本页面享九折",
                details="不与其他优惠同享。",
                valid_from=today - timedelta(days=7),
                valid_until=today + timedelta(days=60),
            )
        )
    page.slug = slug
    category.add_child(instance=page)
    page.save_revision().publish()
    demo.count(MerchantPage._meta.verbose_name)


def seed_bulk_merchants(demo, category, total):
    """Plain merchants for load tests: no revision, no image; hours and tags inserted in bulk.

    The search index is filled in bulk at the end and the reference index is skipped (these pages
    reference nothing), which makes 5,000 merchants a matter of a minute or two instead of many.
    """
    existing = MerchantPage.objects.child_of(category).filter(slug__startswith="bulk-").count()
    if existing >= total:
        return
    now = timezone.now()
    tag_objects = {name: Tag.objects.get_or_create(name=name)[0] for name in TAGS}
    patterns = [LUNCH_DINNER, LATE_NIGHT, DAYTIME, SHOP, ALL_DAY, WEEKDAYS_CLOSED_MONDAY]
    rows, tagged, pages = [], [], []
    rng = demo.random
    post_save.disconnect(post_save_signal_handler, sender=MerchantPage)
    try:
        with disable_reference_index_auto_update():
            for number in demo.progress(range(existing + 1, total + 1), total - existing, "bulk merchants"):
                page = MerchantPage(
                    title=f"{rng.choice(['老', '新', '小', '大', '好'])}{rng.choice(['张', '王', '李', '赵', '陈', '刘'])}"
                    f"{rng.choice(['火锅', '面馆', '烧烤', '米线', '饭店', '小吃', '茶馆'])} {number}号店",
                    slug=f"bulk-{number}",
                    summary="家常口味，价格实在。",
                    address=f"西区{rng.choice(STREETS)}测试路{number}号",
                    street=rng.choice(STREETS),
                    phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
                    price_per_person=rng.randint(10, 200),
                    verified=rng.random() < 0.5,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
                category.add_child(instance=page)
                pages.append(page)
                for weekdays, opens, closes, next_day in rng.choice(patterns):
                    for weekday in weekdays:
                        row = OpeningHours(
                            merchant=page,
                            weekday=weekday,
                            opens=opens,
                            closes=closes,
                            closes_next_day=next_day,
                        )
                        row.start_minute, row.end_minute = _interval(row)
                        rows.append(row)
                for name in rng.sample(TAGS, rng.randint(1, 3)):
                    tagged.append(MerchantTag(content_object=page, tag=tag_objects[name]))
                if len(rows) > 2000:
                    OpeningHours.objects.bulk_create(rows)
                    MerchantTag.objects.bulk_create(tagged)
                    rows, tagged = [], []
            OpeningHours.objects.bulk_create(rows)
            MerchantTag.objects.bulk_create(tagged)
    finally:
        post_save.connect(post_save_signal_handler, sender=MerchantPage)
    backend = get_search_backend()
    for start in range(0, len(pages), 500):
        backend.add_bulk(MerchantPage, pages[start : start + 500])
    demo.created["bulk merchants"] = total - existing


def _interval(row):
    return week_interval(row.weekday, row.opens, row.closes, row.closes_next_day)


def seed_ads(demo):
    board_page, _created = demo.page(
        demo.home,
        ClassifiedBoardPage,
        "ads",
        title="广告",
        intro="好吃嘴、娱游购、房租售、车买卖、找工作，免费发布，审核后显示。",
        posting_rules="请勿发布违法违规信息；虚假信息一经举报核实即删除。",
        show_in_menus=True,
    )
    for number, (board, title, description, extra) in enumerate(ADS, start=1):
        if ClassifiedAd.objects.filter(title=title).exists():
            continue
        ClassifiedAd.objects.create(
            board=board,
            title=title,
            description=description,
            contact_name=["张先生", "李女士", "王师傅", "陈老板"][number % 4],
            contact_phone=f"139{demo.random.randint(10000000, 99999999)}",
            status=ClassifiedAd.Status.PUBLISHED,
            valid_days=30,
            **extra,
        )
        demo.count("classified ads")


def seed_products(demo):
    index, _created = demo.page(
        demo.home,
        ProductIndexPage,
        "products",
        title="电商购物",
        intro="西区和攀西的好物，点一下就到合作网店。",
        show_in_menus=True,
    )
    for number, (name, producer, origin, price, unit, summary) in enumerate(PRODUCTS, start=1):
        demo.page(
            index,
            ProductPage,
            f"product-{number}",
            title=name,
            producer=producer,
            origin=origin,
            price=price,
            unit=unit,
            summary=summary,
            description=f"<p>{summary}产地直发，坏果包赔。</p>",
            image=demo.image(name),
            shop_url=f"https://shop.example.com/item/{1000 + number}",
            shop_name="西区优品网店",
        )
