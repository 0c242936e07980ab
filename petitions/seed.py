# Over 450 lines: half of it is the demo's written texts (the stories and places), kept beside the code using them.
"""Demo content of the petition app: departments with staff, topics, screened words, the board, and
petitions in every state with threads, photos and ratings, written like residents write.

``--petitions N`` sets how many petitions the site should have (default 300); a second run tops up to
N and adds nothing else. Petitions and messages are inserted with ``bulk_create`` in batches, so
100,000 is a matter of a minute or two. Run ``manage.py update_index`` afterwards for search.
"""

import functools
from datetime import timedelta

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, ExtractYear, LPad
from django.utils import timezone

from rongmei.roles import apply_roles

from .models import (
    Department,
    Petition,
    PetitionBoardPage,
    PetitionMessage,
    PetitionPhoto,
    PetitionReportIndexPage,
    PetitionSettings,
    ScreenedWord,
    Topic,
    Webhook,
    new_tracking_code,
    tracking_code_hash,
)
from .supervision import hot_topics
from .supervision.reports import last_complete_week, make_weekly_report
from .workflow import deadlines

TOWN = ("格里坪镇", "geliping")
STREETS = [
    ("清香坪街道", "qingxiangping"),
    ("玉泉街道", "yuquan"),
    ("河门口街道", "hemenkou"),
    ("苏铁街道", "sutie"),
    ("陶家渡街道", "taojiadu"),
]
BUREAUS = [
    ("西区住房和城乡建设局", "住建局", "zhujian"),
    ("西区城市管理综合执法局", "城管局", "chengguan"),
    ("西区交通运输局", "交通局", "jiaotong"),
    ("西区教育和体育局", "教体局", "jiaoyu"),
    ("西区卫生健康局", "卫健局", "weijian"),
    ("攀枝花市西区生态环境分局", "生态环境分局", "huanbao"),
    ("西区市场监督管理局", "市场监管局", "shichang"),
    ("西区人力资源和社会保障局", "人社局", "renshe"),
    ("西区民政局", "民政局", "minzheng"),
    ("攀枝花市公安局西区分局", "公安分局", "gongan"),
    ("西区水务局", "水务局", "shuiwu"),
    ("西区自然资源局", "自然资源局", "ziran"),
]
TOPICS = [
    ("城建", "urban", 10, "道路、小区改造、违章建筑"),
    ("市政设施", "municipal", 5, "路灯、井盖、排水、公厕"),
    ("环境卫生", "sanitation", 5, "垃圾清运、环境脏乱"),
    ("交通", "traffic", 10, "公交、停车、道路拥堵"),
    ("环保", "environment", 10, "噪音、油烟、污染"),
    ("教育", "education", 10, "入学、学校周边"),
    ("医疗卫生", "health", 10, "医院、社区卫生服务"),
    ("物业", "property", 7, "物业服务、维修基金"),
    ("供水供暖", "utilities", 5, "停水、水压、供暖"),
    ("市场监管", "market", 7, "食品安全、价格、占道经营"),
    ("社会保障", "social", 10, "社保、就业、欠薪、养老"),
    ("治安", "security", 5, "治安、消防隐患"),
]
WORDS = [
    ("傻逼", "refuse", "含有辱骂性语言"),
    ("王八蛋", "refuse", "含有辱骂性语言"),
    ("去死", "refuse", "含有辱骂、威胁性语言"),
    ("法轮功", "refuse", "含有违法内容"),
    ("代开发票", "refuse", "疑似广告或违法信息"),
    ("上访", "hold", ""),
    ("集体维权", "hold", ""),
    ("拉横幅", "hold", ""),
    ("跳楼", "hold", ""),
    ("曝光", "hold", ""),
]
PLACES = [
    "清香坪中街",
    "攀枝花大道西段",
    "苏铁中路",
    "玉泉路",
    "河门口菜市场",
    "陶家渡大桥",
    "格里坪镇政府旁",
    "巴关河小区",
    "西区人民医院门口",
    "清香坪农贸市场",
    "新街社区",
    "矿务局宿舍",
]
# (topic, department, kind, title, content, reply); {place} is filled in.
STORIES = [
    (
        "sanitation",
        "chengguan",
        "complaint",
        "{place}垃圾好几天没人清运",
        "{place}旁边的垃圾桶已经满出来三四天了，天气热味道很大，苍蝇到处飞，麻烦环卫尽快来清运一下。",
        "已安排环卫作业队当天清运，并将该点位清运频次调整为每日两次。",
    ),
    (
        "municipal",
        "chengguan",
        "help",
        "{place}路灯不亮快一个月了",
        "{place}这一段有五六盏路灯晚上都不亮，老人小孩晚上出门看不清路，前几天还有人摔倒了，希望尽快修好。",
        "经现场核查为线路老化，已更换电缆和灯具，路灯已恢复照明。",
    ),
    (
        "utilities",
        "zhujian",
        "complaint",
        "{place}小区供暖不热",
        "我家在{place}小区，今年供暖以来室内温度一直只有十五六度，暖气片摸着是温的，家里有老人，请供热单位来检查一下。",
        "供热公司已上门检查，排除管道气堵并调整了单元阀门，室温已达到20度。",
    ),
    (
        "market",
        "shichang",
        "complaint",
        "{place}占道经营严重",
        "{place}早上六点到九点很多流动摊贩占道卖菜，车和行人都过不去，还留下很多垃圾，希望管一管。",
        "已联合城管局开展整治，引导摊贩进入农贸市场经营，将持续巡查。",
    ),
    (
        "traffic",
        "jiaotong",
        "suggestion",
        "建议{place}增设公交站",
        "{place}附近新建了几个小区，住户很多，但最近的公交站要走二十分钟，建议增设一个站点或者调整线路。",
        "已将该建议纳入公交线网优化方案，计划下月调整线路并增设站点。",
    ),
    (
        "environment",
        "huanbao",
        "complaint",
        "{place}夜间施工噪音扰民",
        "{place}工地每天晚上十一点以后还在施工，噪音很大，孩子第二天要上学根本睡不着。",
        "已责令施工单位停止夜间施工，需连续作业的须办理夜间施工许可并公示。",
    ),
    (
        "education",
        "jiaoyu",
        "question",
        "孩子入学需要哪些材料",
        "孩子今年满六岁，户口在{place}，想问一下秋季入学报名需要准备哪些材料，什么时候报名？",
        "请准备户口簿、房产证明或租赁备案、预防接种证，6月中旬在区教体局网站公布报名安排。",
    ),
    (
        "health",
        "weijian",
        "suggestion",
        "{place}社区卫生服务站希望延长开放时间",
        "{place}社区卫生服务站下午五点就关门了，上班族下班后看不了病，建议周末和晚上也开放。",
        "已协调该服务站试行周六上午开诊，工作日延长至18:30。",
    ),
    (
        "property",
        "zhujian",
        "complaint",
        "{place}小区电梯经常坏",
        "{place}小区3栋的电梯一个月坏了四次，物业说没有维修资金，住高层的老人下不了楼。",
        "已约谈物业公司，督促申请使用维修资金，电梯已完成大修并通过检验。",
    ),
    (
        "social",
        "renshe",
        "help",
        "在{place}工地打工被拖欠工资",
        "我们十几个工人在{place}附近的工地干了三个月，老板一直拖着不发工资，快过年了，请帮帮我们。",
        "劳动保障监察大队已介入，督促施工总包单位用工资保证金垫付，工资已全部发放。",
    ),
    (
        "security",
        "gongan",
        "tip",
        "{place}楼道堆放杂物有消防隐患",
        "{place}几栋楼的楼道里堆满了纸箱和电动车，晚上还有人在楼道充电，很危险。",
        "已会同社区开展清理，并在小区设置集中充电点。",
    ),
    (
        "municipal",
        "shuiwu",
        "complaint",
        "{place}下水道堵塞污水外溢",
        "{place}路口的下水道堵了，一下雨污水就冒出来，路面上全是脏水，走路都要绕。",
        "已组织疏通管网并更换破损管段，排水已恢复正常。",
    ),
    (
        "urban",
        "ziran",
        "question",
        "{place}老旧小区改造什么时候开始",
        "听说{place}列入了老旧小区改造，请问具体什么时候开工，改造内容包括哪些？",
        "该小区已列入明年改造计划，包括管网、外墙、加装电梯等，开工前会公示方案并征求意见。",
    ),
    (
        "social",
        "minzheng",
        "question",
        "高龄津贴怎么申请",
        "家里老人今年满80岁了，住在{place}，请问高龄津贴在哪里申请，需要什么材料？",
        "请携带老人身份证、户口簿、银行卡到户籍所在地社区申请，次月起发放。",
    ),
    (
        "traffic",
        "gongan",
        "complaint",
        "{place}乱停车堵路",
        "{place}路边每天都停满了车，还有车直接停在人行道上，消防车都进不来。",
        "交警大队已加强该路段巡查，并施划了临时停车位。",
    ),
    (
        "sanitation",
        "geliping",
        "praise",
        "表扬{place}环卫工人",
        "{place}的环卫工人每天天不亮就开始打扫，街道干干净净，希望表扬一下他们。",
        "感谢您的肯定，我们会把您的表扬转达给一线环卫工人。",
    ),
]
FOLLOW_UPS = [
    "请问现在进展怎么样了？",
    "已经过去一周了，还是没有人来处理。",
    "谢谢，请问大概什么时候能处理好？",
]
COMMENTS = {
    "satisfied": "处理得很及时，谢谢！",
    "fair": "问题解决了，就是慢了点。",
    "dissatisfied": "问题还没有彻底解决。",
}
# share of petitions per state: a real board is mostly answered, with some waiting at every step
STATES = [
    ("pending", 5),
    ("rejected", 4),
    ("accepted", 6),
    ("assigned", 8),
    ("processing", 12),
    ("replied", 20),
    ("closed", 45),
]
DEMO_CODES = ["DEMO-CODE-0001", "DEMO-CODE-0002", "DEMO-CODE-0003"]
# The demo's hot topic (热点诉求) of this week: a dozen heating complaints of the last five days, so the
# admin's rising topics and the board's 本周热点 have something to show (petitions after the demo codes).
SURGE = range(len(DEMO_CODES), len(DEMO_CODES) + 12)
SURGE_STORY = 2  # "{place}小区供暖不热"
BATCH = 2000


def add_arguments(parser):
    parser.add_argument(
        "--petitions",
        type=int,
        default=300,
        help="How many petitions the demo site should have (default 300).",
    )


def seed(demo):
    departments = seed_departments(demo)
    topics = seed_topics(demo)
    seed_words(demo)
    seed_board(demo)
    seed_petitions(demo, departments, topics, demo.options.get("petitions") or 300)
    seed_reports(demo)
    seed_webhooks(demo, departments)


def seed_departments(demo):
    units = [(TOWN[0], TOWN[0], TOWN[1], Department.Kind.TOWN)]
    units += [(name, name, slug, Department.Kind.STREET) for name, slug in STREETS]
    units += [(name, short, slug, Department.Kind.BUREAU) for name, short, slug in BUREAUS]
    departments = {}
    for order, (name, short, slug, kind) in enumerate(units, start=1):
        group = demo.group(name)
        department, created = Department.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short if short != name else "",
                "kind": kind,
                "group": group,
                "sort_order": order * 10,
                "phone": f"0812-{3300000 + order * 1111}",
            },
        )
        demo.count("departments", created)
        demo.account(f"dept-{slug}", name=f"{short}工作人员", groups=[name], role=f"{name} 办理人员")
        departments[slug] = department
    apply_roles(departments=departments.values())
    return departments


def seed_topics(demo):
    topics = {}
    for order, (name, slug, days, description) in enumerate(TOPICS, start=1):
        topic, created = Topic.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "reply_days": days, "description": description, "sort_order": order * 10},
        )
        demo.count("topics", created)
        topics[slug] = topic
    return topics


def seed_words(demo):
    for word, action, reason in WORDS:
        _word, created = ScreenedWord.objects.get_or_create(
            word=word, defaults={"action": action, "reason": reason}
        )
        demo.count("screened words", created)


def seed_board(demo):
    board, _created = demo.page(
        demo.home,
        PetitionBoardPage,
        "minsheng",
        title="民声",
        intro="有事您说话：咨询、投诉、求助、建议，融媒体中心转办到部门，限时答复，全程公开。",
        show_in_menus=True,
    )
    settings, created = PetitionSettings.objects.get_or_create(site=demo.site)
    if created or not settings.notice:
        settings.notice = "请如实反映问题，勿发布他人隐私。涉及诉讼、仲裁等法定途径的事项不予受理。一般事项5个工作日内答复。"
        settings.save()
    return board


def seed_petitions(demo, departments, topics, target):
    existing = Petition.objects.count()
    if existing >= target:
        return
    rng = demo.random
    now = timezone.now()
    _due_on.cache_clear()  # editors' calendar corrections may have changed since the last run
    photo_pool = [demo.image(f"随手拍 {place}", 800, 600) for place in PLACES[:8]]
    states = [state for state, weight in STATES for _ in range(weight)]
    total = target - existing
    created_petitions = 0
    for start in demo.progress(
        range(0, total, BATCH), (total + BATCH - 1) // BATCH, "petition batches", every=1
    ):
        size = min(BATCH, total - start)
        petitions, plans = [], []
        for index in range(size):
            sequence = existing + start + index
            story = SURGE_STORY if sequence in SURGE else rng.randrange(len(STORIES))
            topic_slug, dept_slug, kind, title, content, reply = STORIES[story]
            place = PLACES[rng.randrange(len(PLACES))]
            state = states[rng.randrange(len(states))]
            days = rng.uniform(0.2, 5) if sequence in SURGE else rng.uniform(0.2, 365)
            submitted = now - timedelta(days=days, minutes=rng.randrange(600))
            code = DEMO_CODES[sequence] if sequence < len(DEMO_CODES) else new_tracking_code()
            petition = Petition(
                tracking_code_hash=tracking_code_hash(code),
                kind=kind,
                topic=topics[topic_slug],
                requested_department=departments[dept_slug] if rng.random() < 0.4 else None,
                title=title.format(place=place)[:60],
                content=content.format(place=place),
                address=place,
                contact_name=rng.choice(["张女士", "李先生", "王阿姨", "刘师傅", "陈同学", ""]),
                contact_phone=f"13{rng.randrange(5, 10)}{rng.randrange(10**8):08d}",
                is_anonymous=True,
                is_public=rng.random() > 0.08,
                status=state,
                submitted_at=submitted,
                support_count=int(rng.paretovariate(1.6)) - 1,
                screening_matches=["上访"] if state == "pending" and rng.random() < 0.3 else [],
            )
            plan = _fill_dates(petition, state, departments[dept_slug], submitted, now, rng)
            petition.on_board = petition.is_on_board  # bulk_create skips save()
            petitions.append(petition)
            plans.append((plan, reply))
        Petition.objects.bulk_create(petitions, batch_size=500)
        _number(petitions)
        _threads(petitions, plans, photo_pool, rng)
        hot_topics.refresh(petitions)  # bulk_create skips the signal that extracts them
        created_petitions += size
    demo.created["petitions"] = demo.created.get("petitions", 0) + created_petitions
    if existing == 0:
        demo.log(f"  tracking codes for the first demo petitions: {', '.join(DEMO_CODES)}")


@functools.lru_cache(maxsize=4096)
def _due_on(day, days):
    return deadlines.add_working_days(day, days)


def _due(moment, days):
    """``deadlines.add_working_days``, remembered per day: the seed asks for the same days many times."""
    return _due_on(timezone.localtime(moment).date(), days)


def _fill_dates(petition, state, department, submitted, now, rng):
    """Set the dates and fields each state implies; return what the thread should contain."""

    def later(moment, low_hours, high_hours):
        return min(moment + timedelta(hours=rng.uniform(low_hours, high_hours)), now)

    if state == "pending":
        petition.due_at = _due(submitted, deadlines.DECISION_DAYS)
        return {}
    if state == "rejected":
        petition.rejected_at = later(submitted, 1, 30)
        petition.rejection_reason = rng.choice(
            [
                "该事项已进入诉讼程序，请通过司法途径解决。",
                "内容重复，已合并到同类诉求办理。",
                "反映内容不具体，请补充地点后重新提交。",
            ]
        )
        return {}
    petition.accepted_at = later(submitted, 0.5, 24)
    if state == "accepted":
        return {}
    # deadlines as the workflow sets them (old assigned and processing ones are overdue, as in life)
    petition.department = department
    petition.assigned_at = later(petition.accepted_at, 0.5, 24)
    petition.due_at = _due(petition.assigned_at, deadlines.CLAIM_DAYS)
    petition.reply_due_at = _due(petition.assigned_at, petition.topic.reply_days)
    if state == "assigned":
        return {}
    petition.claimed_at = later(petition.assigned_at, 0.5, 48)
    petition.due_at = petition.reply_due_at
    plan = {"follow_up": rng.random() < 0.3}
    if state == "processing":
        petition.is_supervised = rng.random() < 0.1 or petition.due_at < now
        if petition.is_supervised:
            petition.supervised_at = min(petition.due_at, now)
        return plan
    petition.due_at = None
    petition.replied_at = later(petition.claimed_at, 4, 120)
    plan["reply"] = True
    if state == "closed":
        petition.closed_at = later(petition.replied_at, 1, 96)
        if rng.random() < 0.7:
            petition.rating = rng.choices(["satisfied", "fair", "dissatisfied"], weights=[70, 20, 10])[0]
            petition.rating_comment = COMMENTS[petition.rating] if rng.random() < 0.5 else ""
            petition.rated_at = petition.closed_at
    return plan


def _number(petitions):
    """Give the new rows their public numbers in one UPDATE, from their ids as ``assign_number`` does."""
    ids = [petition.pk for petition in petitions]
    year = ExtractYear("submitted_at")  # in the site's time zone, like assign_number
    Petition.objects.filter(pk__in=ids, number__isnull=True).update(
        number=Concat(
            Value("MS-"),
            Cast(year, CharField()),
            Value("-"),
            LPad(Cast("pk", CharField()), 6, Value("0")),
            output_field=CharField(),
        )
    )


def _threads(petitions, plans, photo_pool, rng):
    messages, photos = [], []
    for petition, (plan, reply) in zip(petitions, plans, strict=True):
        if plan.get("follow_up"):
            messages.append(
                PetitionMessage(
                    petition=petition,
                    kind=PetitionMessage.Kind.FOLLOW_UP,
                    body=rng.choice(FOLLOW_UPS),
                    created_at=petition.claimed_at + timedelta(hours=rng.uniform(1, 24)),
                )
            )
        if plan.get("reply"):
            messages.append(
                PetitionMessage(
                    petition=petition,
                    kind=PetitionMessage.Kind.REPLY,
                    body=f"您好，您反映的问题已收悉。{reply}感谢您对我们工作的支持和监督。",
                    department=petition.department,
                    created_at=petition.replied_at,
                )
            )
        if rng.random() < 0.25:
            for order in range(rng.randint(1, 3)):
                photos.append(
                    PetitionPhoto(petition=petition, image=rng.choice(photo_pool), sort_order=order)
                )
    PetitionMessage.objects.bulk_create(messages, batch_size=1000)
    PetitionPhoto.objects.bulk_create(photos, batch_size=1000)


def seed_reports(demo):
    """The weekly ranking report page under the board, and the last eight weeks' reports."""
    board = PetitionBoardPage.objects.child_of(demo.home).first()
    demo.page(
        board,
        PetitionReportIndexPage,
        "weekly",
        title="民情数据排名周报",
        intro="每周一发布上周各办理单位的办结率、按期办结率和满意率排名。",
    )
    monday = last_complete_week()
    for weeks_back in range(8):
        _report, created = make_weekly_report(monday - timedelta(days=7 * weeks_back))
        demo.count("weekly reports", created)


def seed_webhooks(demo, departments):
    """A feed-only data exchange for the town's platform (no address: it polls ``/api/webhook-events/``)."""
    town = departments[TOWN[1]]
    if Webhook.objects.filter(department=town).exists():
        return
    # as an administrator registers it: the webhook first, then its secret and key
    webhook = Webhook.objects.create(department=town, name=f"{town.name}社会治理平台")
    _secret, raw = webhook.issue_credentials()
    webhook.save(update_fields=["secret"])
    demo.count("webhooks")
    demo.log(
        f"Demo webhook of {town.name}: API key {raw} (shown once; GET /api/webhook-events/ with X-Api-Key)"
    )
