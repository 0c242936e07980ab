"""Demo content of the home app: site settings, staff accounts, service guides, pages, a survey and a vote."""

from django.utils import timezone

from .models import (
    FooterLink,
    ServiceCategoryPage,
    ServiceGuidePage,
    ServiceIndexPage,
    SiteSettings,
    StandardPage,
    SurveyFormField,
    SurveyPage,
)

SERVICES = {
    ("life", "生活服务", "住"): [
        (
            "居住证办理",
            "在本区居住半年以上、有合法稳定就业或住所的非户籍人员可申领居住证。",
            "<ul><li>居民身份证原件</li><li>近期一寸白底免冠照片</li><li>租房合同或房产证明</li></ul>",
            "区政务服务中心一楼 公安综合窗口",
            "15个工作日",
            "免费",
        ),
        (
            "水电气过户",
            "房屋买卖或继承后，到对应公司办理水、电、燃气户名变更。",
            "<ul><li>不动产权证书</li><li>新户主身份证</li><li>最近一期缴费凭证</li></ul>",
            "区政务服务中心二楼 水电气联办窗口",
            "即时办结",
            "免费",
        ),
        (
            "老年人优待证",
            "年满60周岁的本区户籍老年人可申领，凭证享受公园、公交等优待。",
            "<ul><li>居民身份证</li><li>户口簿</li></ul>",
            "户籍所在地街道便民服务中心",
            "5个工作日",
            "免费",
        ),
    ],
    ("traffic", "交通出行", "行"): [
        (
            "机动车违章查询与处理",
            "通过交管12123或到交警大队窗口查询、处理本人名下车辆的交通违法记录。",
            "<ul><li>机动车驾驶证</li><li>机动车行驶证</li></ul>",
            "区交警大队违法处理大厅",
            "即时办结",
            "按处罚决定书缴纳罚款",
        ),
        (
            "公交老年卡办理",
            "65周岁以上老年人凭身份证免费办理公交乘车卡。",
            "<ul><li>居民身份证原件</li></ul>",
            "公交集团客服网点",
            "即时办结",
            "免费",
        ),
        (
            "占道施工审批",
            "因施工需要临时占用城市道路的，应向城管部门申请审批。",
            "<ul><li>申请书</li><li>施工方案及占道平面图</li><li>交通疏导方案</li></ul>",
            "区政务服务中心三楼 城管窗口",
            "7个工作日",
            "免费",
        ),
    ],
    ("education", "教育入学", "学"): [
        (
            "小学一年级入学登记",
            "适龄儿童按学区划分登记入学，每年5月开放网上报名。",
            "<ul><li>户口簿</li><li>房产证或租赁备案证明</li><li>儿童预防接种证</li></ul>",
            "区教育局网上报名系统",
            "按公布时间统一办理",
            "免费",
        ),
        (
            "学生资助申请",
            "家庭经济困难学生可按学段申请助学金。",
            "<ul><li>学生资助申请表</li><li>家庭经济困难认定材料</li></ul>",
            "就读学校学生资助办公室",
            "20个工作日",
            "免费",
        ),
    ],
    ("business", "企业服务", "企"): [
        (
            "个体工商户设立登记",
            "个人从事经营活动，可通过“一网通办”申请个体工商户营业执照。",
            "<ul><li>经营者身份证</li><li>经营场所使用证明</li></ul>",
            "区市场监管局登记窗口或网上办理",
            "1个工作日",
            "免费",
        ),
        (
            "食品经营许可",
            "从事食品销售和餐饮服务活动，应当依法取得食品经营许可。",
            "<ul><li>食品经营许可申请书</li><li>营业执照</li><li>经营场所平面图</li><li>食品安全管理制度</li></ul>",
            "区政务服务中心二楼 市场监管窗口",
            "10个工作日",
            "免费",
        ),
    ],
}


def seed(demo):
    seed_settings(demo)
    seed_accounts(demo)
    seed_services(demo)
    seed_pages(demo)
    seed_surveys(demo)


def seed_settings(demo):
    if not demo.home.intro:
        demo.home.title = "西区融媒"
        demo.home.intro = "看新闻、查政务、说民声、找服务，一站搞定。"
        demo.home.hero_image = demo.image("西区全景")
        demo.home.save_revision().publish()
    site_settings = SiteSettings.for_site(demo.site)
    if not site_settings.hotline:
        site_settings.site_name = "西区融媒"
        site_settings.slogan = "一处发布，处处显示：新闻、政务、民声、生活服务都在这里。"
        site_settings.hotline = "0812-12345"
        site_settings.email = "rongmei@example.com"
        site_settings.address = "西区新华路88号 区融媒体中心"
        site_settings.icp_number = "蜀ICP备20260001号-1"
        site_settings.police_number = "川公网安备51040302000001号"
        site_settings.copyright = "© 2026 西区融媒体中心 版权所有"
        site_settings.logo = demo.image("西区融媒标志", 240, 240)
        site_settings.save()
        demo.count("settings")
    if not site_settings.site_name_en:
        site_settings.site_name_en = "Xiqu Media"
        site_settings.slogan_en = (
            "Published once, shown everywhere: news, government, residents' voices and services."
        )
        site_settings.address_en = "Xiqu Media Centre, 88 Xinhua Road, Xiqu"
        site_settings.copyright_en = "© 2026 Xiqu Media Centre. All rights reserved."
        site_settings.save()
    if not site_settings.footer_links.exists():
        for order, (title, title_en, url) in enumerate(
            [
                ("关于我们", "About us", "/zh-hans/about/"),
                ("隐私政策", "Privacy policy", "/zh-hans/privacy/"),
                ("管理后台", "Staff sign-in", "/admin/"),
            ]
        ):
            FooterLink.objects.create(
                settings=site_settings, title=title, title_en=title_en, url=url, sort_order=order
            )


def seed_accounts(demo):
    demo.account("admin", name="系统管理员", superuser=True, role="超级管理员")
    demo.account("editor", name="融媒编辑", groups=["Editors", "Moderators"], role="融媒体中心编辑")
    demo.account("supervisor", name="督查考评", groups=["Supervisors"], role="督查考评")


def seed_services(demo):
    index, _created = demo.page(
        demo.home,
        ServiceIndexPage,
        "services",
        title="便民服务",
        intro="常办事项怎么办、去哪办、带什么，一页讲清楚。",
        show_in_menus=True,
    )
    for (slug, title, icon), guides in SERVICES.items():
        category, _created = demo.page(index, ServiceCategoryPage, slug, title=title, icon=icon)
        for number, (guide_title, summary, materials, location, time_limit, fees) in enumerate(
            guides, start=1
        ):
            demo.page(
                category,
                ServiceGuidePage,
                f"{slug}-{number}",
                title=guide_title,
                summary=summary,
                materials=materials,
                location=location,
                hours="工作日 9:00-12:00，13:30-17:00",
                phone="0812-12345",
                fees=fees,
                time_limit=time_limit,
                steps=[
                    ("step", {"title": "准备材料", "description": "按清单准备好材料原件。"}),
                    (
                        "step",
                        {"title": "窗口或网上提交", "description": "到办理地点取号，或登录政务服务网提交。"},
                    ),
                    ("step", {"title": "领取结果", "description": "办结后短信通知，可选择邮寄送达。"}),
                ],
                online_url="https://www.example.gov.cn/service",
            )


def seed_pages(demo):
    demo.page(
        demo.home,
        StandardPage,
        "about",
        title="关于我们",
        intro="西区融媒体中心是区委宣传部主管的新闻宣传和公共服务平台。",
        body=[
            (
                "paragraph",
                "<p>我们负责全区新闻宣传、政务信息发布和民声诉求办理，"
                "让群众的每一条留言都有人看、有人办、有回音。</p>",
            ),
            ("quote", {"text": "把群众的每一件小事都当成大事来办。", "attribution": "西区融媒体中心"}),
        ],
        show_in_menus=False,
    )
    demo.page(
        demo.home,
        StandardPage,
        "privacy",
        title="隐私政策",
        intro="我们只收集办理诉求所必需的个人信息，联系方式从不公开。",
        body=[
            (
                "paragraph",
                "<p>您在留言时填写的姓名和电话仅用于工作人员联系您，不会在网站、应用或任何接口中公开显示。</p>",
            )
        ],
    )


def seed_surveys(demo):
    now = timezone.now()
    vote, created = demo.page(
        demo.home,
        SurveyPage,
        "vote-park-name",
        title="新建滨江公园名称网络投票",
        kind=SurveyPage.Kind.VOTE,
        intro="<p>滨江公园即将建成，请为它选一个名字。每人限投一次，结果实时公开。</p>",
        thank_you_text="<p>投票成功，感谢您的参与！</p>",
        closes_at=now + timezone.timedelta(days=30),
        one_per_person=True,
        results_public=True,
        show_in_menus=False,
    )
    if created:
        SurveyFormField.objects.create(
            page=vote,
            sort_order=0,
            label="您最喜欢的名称",
            field_type="radio",
            required=True,
            choices="滨江公园\n西岸绿廊\n望江公园\n银杏湾公园",
        )
        vote.save_revision().publish()
    survey, created = demo.page(
        demo.home,
        SurveyPage,
        "survey-bus-routes",
        title="公交线路优化问卷调查",
        kind=SurveyPage.Kind.SURVEY,
        intro="<p>区交通运输局正在优化公交线路，请花两分钟告诉我们您的出行需求。</p>",
        thank_you_text="<p>提交成功，您的意见将作为线路调整的重要参考。</p>",
        one_per_person=True,
        results_public=False,
        show_in_menus=False,
    )
    if created:
        for order, (label, field_type, choices, required) in enumerate(
            [
                ("您最常乘坐的线路", "dropdown", "2路\n5路\n12路\n26路\n其他", True),
                ("您通常的出行目的", "checkboxes", "上班上学\n就医\n购物\n走亲访友", True),
                ("您的建议", "multiline", "", False),
            ]
        ):
            SurveyFormField.objects.create(
                page=survey,
                sort_order=order,
                label=label,
                field_type=field_type,
                choices=choices,
                required=required,
            )
        survey.save_revision().publish()
