# Over 450 lines: demo content as data, kept whole until seeds go through the factories (issue 14).
"""Demo content of the newsroom: five news channels with realistic articles, one town, five streets and
twelve bureaus each with a channel, a staff account and posts, editors who approve, and live pages.

Runs after ``petitions.seed``, which creates the departments and their staff groups; any department
missing here is created by slug (or found by name), so either order works. ``--articles N`` tops the
news up to N generated articles, written in bulk so that 10,000 take seconds, not hours.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import RichText

from petitions.models import Department, Petition
from petitions.reporters import columns as reporting
from petitions.seed import BUREAUS, STREETS, TOWN

from .models import (
    Channel,
    ChannelPostPage,
    DepartmentChannelPage,
    DepartmentIndexPage,
    LivePage,
    NewsArticlePage,
    NewsArticleTag,
    NewsIndexPage,
    QAAnswer,
    QAQuestion,
    QASessionOfficial,
    QASessionPage,
)

CHANNELS = [
    (Channel.HEADLINES, "要闻", "西区每日要闻，权威发布。"),
    (Channel.GOVERNMENT, "政务发布", "区委区政府重要会议、政策文件和人事信息。"),
    (Channel.LIVELIHOOD, "民生", "就业、教育、医疗、住房、出行，关注身边事。"),
    (Channel.ECHO, "融媒回声", "您的留言，我们跟进到底：诉求办理结果追踪报道。"),
    (Channel.VIDEO, "视频", "短视频、专题片与直播回放。"),
    (Channel.INQUIRY, "帮打听", "您有疑问，记者帮您打听：咨询类诉求的跟进报道。"),
    (Channel.SUPERVISION, "督办", "难办的事，记者跟进督办：疑难诉求的追踪报道。"),
]

# (channel, slug, title, subtitle, summary, tags, paragraphs, gallery titles)
ARTICLES = [
    (
        Channel.HEADLINES,
        "binjiang-park-opens",
        "滨江公园正式开园 市民家门口再添休闲好去处",
        "",
        "历时两年建设的滨江公园今日正式向市民开放，新增绿地面积12万平方米。",
        ["城市建设", "公园", "生态"],
        [
            "今天上午九点，滨江公园正式开园，首批市民游客沿着江岸步道漫步赏景。",
            "公园全长3.2公里，设有亲水平台、儿童游乐区、健身步道和两座公共卫生间，沿线种植银杏、蓝花楹等乔木四千余株。",
            "区住房和城乡建设局相关负责人介绍，公园建设充分吸收了网络投票中市民提出的意见，增设了无障碍通道和夜间照明。",
        ],
        ["滨江公园 亲水平台", "滨江公园 儿童游乐区", "滨江公园 夜景"],
    ),
    (
        Channel.HEADLINES,
        "metro-line-3-survey",
        "轨道交通3号线西区段完成初步勘察",
        "预计明年上半年开工建设",
        "轨道交通3号线西区段设站6座，全长11.4公里，目前已完成沿线地质初步勘察。",
        ["交通", "轨道交通", "重点项目"],
        [
            "记者从区交通运输局获悉，轨道交通3号线西区段已完成沿线地质初步勘察工作。",
            "该段线路设站6座，串联清香坪、玉泉、河门口等片区，建成后将大幅缩短居民进城通勤时间。",
        ],
        [],
    ),
    (
        Channel.HEADLINES,
        "spring-festival-market",
        "年货大集开市 二百余家商户汇聚河门口",
        "",
        "为期十天的新春年货大集开市，本地特产、非遗手作和老字号美食集中亮相。",
        ["消费", "春节", "非遗"],
        [
            "腊月二十，河门口街道新春年货大集热闹开市，两百余家商户带来了本地腊肉、芒果干、手工挂面等年货。",
            "大集专门设置了非遗展示区，剪纸、糖画、竹编等传统手艺吸引不少市民驻足。",
        ],
        ["年货大集 人潮", "年货大集 非遗展区"],
    ),
    (
        Channel.GOVERNMENT,
        "executive-meeting-12",
        "区政府召开第十二次常务会议",
        "",
        "会议研究了城市更新、老旧小区改造和冬季安全生产等事项。",
        ["常务会议", "城市更新", "安全生产"],
        [
            "11月18日，区政府召开第十二次常务会议，传达学习上级有关会议精神，研究部署近期重点工作。",
            "会议审议通过了《西区2026年老旧小区改造实施方案》，明确今年改造小区42个、惠及居民1.3万户。",
            "会议强调，要压紧压实冬季安全生产责任，加强燃气、消防、道路交通等重点领域隐患排查。",
        ],
        [],
    ),
    (
        Channel.GOVERNMENT,
        "policy-rental-subsidy",
        "图解：新就业青年租房补贴怎么申请",
        "",
        "毕业5年内来西区就业的青年，每月最高可领取800元租房补贴。",
        ["政策解读", "就业", "住房"],
        [
            "近日，区人力资源和社会保障局印发《新就业青年租房补贴实施办法》。",
            "符合条件的青年可通过“西区融媒”App政务服务栏目在线申请，材料齐全的10个工作日内完成审核。",
        ],
        ["租房补贴 申请流程图"],
    ),
    (
        Channel.LIVELIHOOD,
        "community-canteen",
        "社区长者食堂开到第十家 老人吃饭有了好去处",
        "",
        "玉泉街道第十家社区长者食堂开业，六十岁以上老人用餐享受八折优惠。",
        ["养老", "社区", "民生实事"],
        [
            "中午十一点半，玉泉街道长者食堂里已经坐满了前来就餐的老人。",
            "食堂每天提供三荤三素，八十岁以上老人还可以预约送餐上门。",
        ],
        ["长者食堂 午餐", "长者食堂 送餐上门"],
    ),
    (
        Channel.LIVELIHOOD,
        "school-enrolment-2026",
        "2026年秋季小学一年级招生政策发布",
        "",
        "今年秋季学期小学招生继续实行划片就近入学，5月10日起网上报名。",
        ["教育", "招生", "民生"],
        [
            "区教育和体育局发布2026年秋季义务教育招生工作方案。",
            "家长可登录区教育局网上报名系统填报信息，系统将根据户籍和房产信息自动匹配学区。",
        ],
        [],
    ),
    (
        Channel.ECHO,
        "echo-streetlights",
        "融媒回声｜居民留言反映路灯不亮 三天后全部修复",
        "",
        "清香坪街道居民反映小区外道路路灯损坏，城市管理局接单后三天内完成修复。",
        ["融媒回声", "路灯", "城市管理"],
        [
            "上周，有居民通过“民声”栏目留言：清香坪新村外的人行道有六盏路灯不亮，夜间出行不便。",
            "融媒体中心将留言转办至区城市管理局。工作人员当天签收，现场排查发现是地下线缆老化所致。",
            "三天后，六盏路灯全部恢复照明。留言居民对办理结果表示满意。",
        ],
        ["修复后的路灯"],
    ),
    (
        Channel.ECHO,
        "echo-bus-route",
        "融媒回声｜12路公交延伸至滨江公园 居民建议变成现实",
        "",
        "多位居民留言建议公交线路延伸到新建的滨江公园，区交通运输局调整线路后正式运行。",
        ["融媒回声", "公交", "交通"],
        [
            "滨江公园开园前，多位居民在“民声”栏目留言，希望能有公交直达公园。",
            "区交通运输局在调研客流后，决定将12路公交延伸两站，并于本月起正式运行。",
        ],
        [],
    ),
    (
        Channel.VIDEO,
        "video-mango-harvest",
        "视频｜芒果丰收季 果农笑开颜",
        "",
        "格里坪镇八千亩芒果进入采摘期，电商直播带货让果子卖得更远。",
        ["视频", "乡村振兴", "芒果"],
        ["格里坪镇的芒果园里，果农们正忙着采摘、分拣、装箱。今年通过电商直播，芒果销往全国二十多个省份。"],
        ["芒果园 采摘"],
    ),
    (
        Channel.INQUIRY,
        "inquiry-first-story",
        "帮打听｜居民问的事，记者替您问清楚了",
        "",
        "居民在“民声”栏目留言咨询，本台记者走访办理单位，把答案带了回来。",
        ["帮打听", "民声"],
        [
            "有居民在“民声”栏目留言咨询。本台记者带着问题走访了办理单位。",
            "办理单位工作人员逐一作了解答，并表示将在网上正式答复留言居民。",
        ],
        [],
    ),
    (
        Channel.SUPERVISION,
        "supervision-first-story",
        "督办｜一件难办的事，记者跟进到底",
        "",
        "居民反映的问题迟迟没有解决，本台记者跟进督办，办理单位承诺限期整改。",
        ["督办", "民声"],
        [
            "居民留言反映的问题已转办多日，仍未办结。本台记者来到现场核实情况。",
            "记者随后联系办理单位，对方表示已制定整改方案，将限期解决，本台将持续关注。",
        ],
        [],
    ),
]


def units():
    """The town, streets and bureaus: the petitions app's list, so both seeds name the same units."""
    yield TOWN[1], TOWN[0], Department.Kind.TOWN
    for name, slug in STREETS:
        yield slug, name, Department.Kind.STREET
    for name, _short, slug in BUREAUS:
        yield slug, name, Department.Kind.BUREAU


POSTS = [
    (
        ChannelPostPage.Kind.NEWS,
        "{name}开展“便民服务进社区”活动",
        "工作人员走进社区，现场解答群众咨询、受理办事申请。",
    ),
    (
        ChannelPostPage.Kind.NOTICE,
        "{name}关于调整办公时间的公告",
        "自下月起，窗口办公时间调整为工作日9:00-17:30，中午不休息。",
    ),
    (ChannelPostPage.Kind.POLICY, "一图读懂{name}年度重点工作", "用一张图说清楚今年要办的十件实事和时间表。"),
]

GENERATED_SUBJECTS = [
    "老旧小区改造",
    "背街小巷整治",
    "社区卫生服务",
    "夜间经济",
    "防汛演练",
    "垃圾分类",
    "就业招聘会",
    "文化惠民演出",
    "养老服务",
    "校园安全",
    "食品安全检查",
    "农贸市场升级",
]
GENERATED_PLACES = ["清香坪", "玉泉", "河门口", "陶家渡", "苏铁", "格里坪"]
GENERATED_TAGS = ["民生", "城市建设", "社区", "教育", "交通", "文化", "安全", "就业"]


def add_arguments(parser):
    parser.add_argument(
        "--articles",
        type=int,
        default=60,
        help="Generated news articles on top of the written ones (bulk-created; 10000 is fine).",
    )


def seed(demo):
    channels = seed_channels(demo)
    seed_articles(demo, channels)
    seed_generated_articles(demo, channels, demo.options.get("articles", 60) or 0)
    seed_departments(demo)
    seed_live_pages(demo, channels)
    seed_qa_sessions(demo, channels)


def paragraph(text):
    return ("paragraph", RichText(f"<p>{text}</p>"))


def seed_channels(demo):
    channels = {}
    for order, (channel, title, intro) in enumerate(CHANNELS):
        page, _created = demo.page(
            demo.home,
            NewsIndexPage,
            channel.value,
            title=title,
            channel=channel.value,
            intro=intro,
            show_in_menus=order < 3,
        )
        channels[channel] = page
    return channels


def seed_articles(demo, channels):
    now = timezone.now()
    written = {}
    for number, (channel, slug, title, subtitle, summary, tags, paragraphs, galleries) in enumerate(ARTICLES):
        body = [paragraph(text) for text in paragraphs]
        if galleries:
            body.append(
                (
                    "gallery",
                    {
                        "title": "现场图集",
                        "items": [
                            {"image": demo.image(name), "caption": name.split(" ")[-1]} for name in galleries
                        ],
                    },
                )
            )
        page, created = demo.page(
            channels[channel],
            NewsArticlePage,
            slug,
            title=title,
            subtitle=subtitle,
            summary=summary,
            cover_image=demo.image(title[:12]),
            cover_caption=summary[:40],
            body=body,
            source="西区融媒",
            author=demo.random.choice(["记者 张明", "记者 李婷", "通讯员 王磊", "记者 陈雪"]),
            responsible_editor=demo.random.choice(["刘芳", "赵强"]),
            date=now - timezone.timedelta(hours=3 * number + 1),
            is_follow_up=channel == Channel.ECHO,
        )
        if created:
            page.tags.add(*tags)
            if channel == Channel.ECHO:
                page.body = [*page.body.raw_data, *petition_blocks(tags)]
            elif channel in (Channel.INQUIRY, Channel.SUPERVISION):
                page.body = [*page.body.raw_data, *reporter_petition_blocks(demo, channel)]
            page.save_revision().publish()
        written[slug] = page
    return written


def petition_blocks(tags):
    """Two answered petitions on the board about what the story is about: their titles name one of its
    tags (a street-light story embeds street-light petitions)."""
    about = Q()
    for tag in tags:
        about |= Q(title__contains=tag)
    answered = Petition.objects.filter(about, on_board=True, status__in=["replied", "closed"])
    return [
        {"type": "petition", "value": {"petition": petition.pk, "heading": "", "show_thread": True}}
        for petition in answered.order_by("pk")[:2]
    ]


def reporter_petition_blocks(demo, column):
    """A petition on the board, taken up by the demo reporter in ``column``, for the column's story to embed.

    Publishing the story then puts it on the petition's timeline (and a 督办 story marks it supervised).
    """
    statuses = ["assigned", "processing"] if column == Channel.SUPERVISION else ["processing", "replied"]
    candidates = Petition.objects.public().filter(status__in=statuses, reporter_column="").order_by("pk")
    petition = None
    if column == Channel.INQUIRY:  # 帮打听 answers questions first
        petition = candidates.filter(kind__in=["question", "help"]).first()
    petition = petition or candidates.first()
    if petition is None:
        return []
    reporter = demo.account(
        "reporter", name="记者 周洋", groups=["Editors"], role="融媒体中心记者（帮打听、督办）"
    )
    reporting.take_up(petition, reporter, column.value)
    return [{"type": "petition", "value": {"petition": petition.pk, "heading": "", "show_thread": True}}]


def seed_generated_articles(demo, channels, total):
    """Top the news up to ``total`` generated articles, inserted in bulk (no revisions, like an import)."""
    if total <= 0:
        return
    targets = [
        channels[channel]
        for channel in (Channel.HEADLINES, Channel.GOVERNMENT, Channel.LIVELIHOOD, Channel.VIDEO)
    ]
    existing = set(NewsArticlePage.objects.filter(slug__startswith="n-").values_list("slug", flat=True))
    wanted = [number for number in range(1, total + 1) if f"n-{number:05d}" not in existing]
    if not wanted:
        return
    covers = [demo.image(f"新闻配图{index}") for index in range(12)]
    tags = {name: Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in GENERATED_TAGS}
    content_type = ContentType.objects.get_for_model(NewsArticlePage)
    now = timezone.now()
    by_parent = {}
    for number in wanted:
        by_parent.setdefault(targets[number % len(targets)].pk, []).append(number)
    for parent_id, numbers in by_parent.items():
        parent = Page.objects.get(pk=parent_id)
        last = parent.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for start in range(0, len(numbers), 500):
            batch = numbers[start : start + 500]
            articles = []
            for number in batch:
                step += 1
                rng = demo.random
                place, subject = rng.choice(GENERATED_PLACES), rng.choice(GENERATED_SUBJECTS)
                title = f"{place}：{subject}工作稳步推进（{number}）"
                published = now - timezone.timedelta(hours=6 + number * 2)
                article = NewsArticlePage(
                    title=title,
                    draft_title=title,
                    slug=f"n-{number:05d}",
                    path=Page._get_path(parent.path, parent.depth + 1, step),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}n-{number:05d}/",
                    content_type=content_type,
                    locale_id=parent.locale_id,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    summary=f"{place}片区{subject}取得新进展，居民获得感持续增强。",
                    cover_image=covers[number % len(covers)],
                    body=[
                        paragraph(f"近日，{place}片区{subject}工作取得新进展。"),
                        paragraph("相关负责人表示，将继续听取居民意见，把好事办好、实事办实。"),
                    ],
                    source="西区融媒",
                    author="融媒记者",
                    date=published,
                )
                articles.append(article)
            insert_pages(articles)
            NewsArticleTag.objects.bulk_create(
                [
                    NewsArticleTag(
                        content_object_id=article.pk, tag=tags[GENERATED_TAGS[number % len(GENERATED_TAGS)]]
                    )
                    for article, number in zip(articles, batch, strict=True)
                ]
            )
            demo.created["generated articles"] = demo.created.get("generated articles", 0) + len(articles)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(numbers))
        demo.log(f"  generated articles under {parent.title}: {len(numbers)}")


def insert_pages(pages):
    """Insert page rows and their specific rows in two statements per batch (a bulk import).

    Django's ``bulk_create`` refuses multi-table models, so the ``Page`` rows go first and the
    specific rows follow with the primary keys the database gave them.
    """
    model = type(pages[0])
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = [Page(**{field.attname: getattr(page, field.attname) for field in base_fields}) for page in pages]
    Page.objects.bulk_create(rows, batch_size=200)
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.page_ptr_id = row.pk
    local_fields = list(model._meta.local_concrete_fields)
    per_statement = max(1, 900 // len(local_fields))
    for start in range(0, len(pages), per_statement):
        model._base_manager._insert(pages[start : start + per_statement], fields=local_fields, raw=True)


def department(demo, slug, name, kind, sort_order):
    """The department with this slug (made by ``petitions.seed`` when it ran first), or a new one."""
    found = Department.objects.filter(slug=slug).first() or Department.objects.filter(name=name).first()
    if found is None:
        found = Department.objects.create(slug=slug, name=name, kind=kind, sort_order=sort_order)
    if found.group is None:
        found.group = demo.group(found.name)
        found.save(update_fields=["group"])
    return found


def seed_departments(demo):
    index, _created = demo.page(
        demo.home,
        DepartmentIndexPage,
        "departments",
        title="西区号",
        intro="镇、街道和区级部门的权威发布：工作动态、通知公告和政策解读。",
        show_in_menus=True,
    )
    demo.account(
        "reviewer", name="融媒审核编辑", groups=["Reviewers"], role="融媒体中心审核编辑（只审核西区号）"
    )
    for order, (slug, name, kind) in enumerate(units(), start=1):
        department(demo, slug, name, kind, sort_order=order * 10)
    departments = (
        Department.objects.active().filter(kind__in=["town", "street", "bureau"]).select_related("group")
    )
    now = timezone.now()
    for order, unit in enumerate(departments):
        channel, _created = demo.page(
            index,
            DepartmentChannelPage,
            unit.slug,
            title=unit.name,
            department=unit,
            introduction=f"<p>{unit.name}西区号，发布本单位工作动态、通知公告和政策解读。</p>",
            duties=f"<p>负责{unit.display_name}职责范围内的公共服务和社会管理工作，受理并答复群众诉求。</p>",
            address=unit.address or f"西区新华路{order + 1}号",
            office_hours="工作日 9:00-12:00，13:30-17:30",
            phone=unit.phone or f"0812-66{order:02d}001",
            logo=demo.image(f"{unit.display_name} 标志", 240, 240),
        )
        staff = demo.account(
            f"staff-{unit.slug}",
            name=f"{unit.display_name}信息员",
            groups=[unit.group.name],
            role=f"{unit.name}工作人员",
        )
        for number, (kind, title, summary) in enumerate(POSTS):
            demo.page(
                channel,
                ChannelPostPage,
                f"{kind}-{number + 1}",
                title=title.format(name=unit.display_name),
                kind=kind,
                summary=summary,
                author=f"{unit.display_name}信息员",
                date=now - timezone.timedelta(days=order + number * 3),
                body=[paragraph(summary), paragraph("欢迎广大群众监督，有问题请在“民声”栏目留言。")],
                owner=staff,
            )
        if order < 3:
            submit_for_review(channel, staff, demo)


def submit_for_review(channel, staff, demo):
    """A post the clerk has written and sent for review: it waits for an editor in the admin."""
    slug = "awaiting-review"
    if Page.objects.child_of(channel).filter(slug=slug).exists():
        return
    post = ChannelPostPage(
        title=f"{channel.department.display_name}关于开展冬季安全检查的通知",
        slug=slug,
        kind=ChannelPostPage.Kind.NOTICE,
        summary="即日起开展为期一个月的冬季安全大检查。",
        body=[paragraph("请各单位对照检查清单开展自查，发现隐患立即整改。")],
        live=False,
        owner=staff,
        locale=channel.locale,
    )
    channel.add_child(instance=post)
    post.save_revision(user=staff)
    workflow = post.get_workflow()
    if workflow is not None:
        workflow.start(post, staff)
    demo.count("posts awaiting review")


def seed_live_pages(demo, channels):
    now = timezone.now()
    demo.page(
        demo.home,
        LivePage,
        "binjiang-slow-live",
        title="滨江公园慢直播",
        summary="24小时直播滨江公园江景，随时看看家门口的好风光。",
        stream_url="https://live.example.com/player/binjiang",
        starts_at=now - timezone.timedelta(days=10),
        cover_image=demo.image("滨江公园 夜景"),
        schedule=[("item", {"time": "全天", "title": "江景实时画面"})],
    )
    demo.page(
        channels[Channel.VIDEO],
        LivePage,
        "district-congress-2026",
        title="直播回放｜区第十届人民代表大会第五次会议开幕",
        summary="会议听取和审议区人民政府工作报告。",
        stream_url="https://live.example.com/player/congress",
        replay_url="https://live.example.com/replay/congress",
        starts_at=now - timezone.timedelta(days=2, hours=3),
        ends_at=now - timezone.timedelta(days=2),
        cover_image=demo.image("区人代会 会场"),
        schedule=[
            ("item", {"time": "09:00", "title": "大会开幕"}),
            ("item", {"time": "09:20", "title": "区长作政府工作报告"}),
        ],
    )


QA_QUESTIONS = [
    (
        "老城区停车难，晚上回家找不到车位，有没有新增停车场的计划？",
        "市民小张",
        "今年将在新华路、滨江路新建两处公共停车场，新增泊位 600 个，预计年底前投用。",
    ),
    (
        "12 路公交车晚上 8 点就收车了，能不能延长运营时间？",
        "网友",
        "我们已经调研了沿线客流，下月起 12 路末班车延长到晚上 10 点。",
    ),
    (
        "幸福路的人行道被占用，学生上学只能走机动车道，太危险了。",
        "学生家长",
        "已会同街道和城管部门清理占道，并在学校周边增设护栏，请您继续监督。",
    ),
]


def seed_qa_sessions(demo, channels):
    """One finished session (an archive with answered questions) and one coming up, open for questions."""
    bureau = Department.objects.active().filter(kind=Department.Kind.BUREAU).order_by("sort_order").first()
    if bureau is None:
        return
    now = timezone.now()
    ended, created = demo.page(
        channels[Channel.GOVERNMENT],
        QASessionPage,
        "qa-traffic-2026",
        title="在线访谈｜城区交通出行怎么改",
        summary=f"{bureau.name}负责人与网友在线交流停车、公交和道路安全。",
        introduction="<p>围绕群众关心的出行问题，听取意见、回答提问。</p>",
        starts_at=now - timezone.timedelta(days=3, hours=2),
        ends_at=now - timezone.timedelta(days=3),
    )
    if created:
        official = QASessionOfficial.objects.create(
            page=ended, name="陈志强", title="局长", department=bureau, sort_order=0
        )
        for order, (body, asker, reply) in enumerate(QA_QUESTIONS):
            asked = ended.starts_at + timezone.timedelta(minutes=10 + order * 20)
            released = asked + timezone.timedelta(minutes=3)
            question = QAQuestion.objects.create(
                session=ended,
                body=body,
                asker_name=asker,
                status=QAQuestion.Status.RELEASED,
                submitted_at=asked,
                released_at=released,
                public_changed_at=released + timezone.timedelta(minutes=5),
            )
            QAAnswer.objects.create(
                question=question,
                official=official,
                department=bureau,
                body=reply,
                answered_at=released + timezone.timedelta(minutes=5),
            )
            demo.count("Q&A questions")
    upcoming, created = demo.page(
        channels[Channel.GOVERNMENT],
        QASessionPage,
        "qa-education-2026",
        title="在线访谈｜秋季学期入学政策解读",
        summary="教育部门负责人解答入学划片、转学和课后服务问题，现在就可以提问。",
        starts_at=now + timezone.timedelta(days=2),
        ends_at=now + timezone.timedelta(days=2, hours=2),
    )
    if created:
        education = Department.objects.active().filter(name__contains="教育").first() or bureau
        upcoming.departments.add(education)
        upcoming.save_revision().publish()
