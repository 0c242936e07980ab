"""The demo home page's arrangement, run after every app has seeded its pages: what an editor would set
up in the home page's ``sections`` field (top stories, quick actions, service icons, figures, answered
petitions, what is live, then the news and directory sections). A home page already arranged is left
alone, so a second run adds nothing."""

from wagtail.models import Page

#: (icon, label, slug of the page it opens) — every page is one the demo seeds
SERVICE_ICONS = [
    ("home", "生活服务", "life"),
    ("bus", "交通出行", "traffic"),
    ("school", "教育入学", "education"),
    ("work", "企业服务", "business"),
    ("shop", "吃喝玩乐", "directory"),
    ("news", "分类信息", "ads"),
    ("video", "慢直播", "binjiang-slow-live"),
    ("vote", "网络投票", "vote-park-name"),
]

SECTIONS = [
    "banner",
    "quick-actions",
    "service_grid",
    "figures",
    "petitions",
    "live",
    "top-news",
    "follow-ups",
    "department-channels",
    "directory",
    "services",
    "surveys",
]


def seed(demo):
    home = demo.home.specific
    if home.sections:
        return
    below = Page.objects.descendant_of(home).live()
    pages = {page.slug: page for page in below.filter(slug__in=[slug for _i, _l, slug in SERVICE_ICONS])}
    icons = [
        {"icon": icon, "title": label, "page": pages[slug], "url": ""}
        for icon, label, slug in SERVICE_ICONS
        if slug in pages
    ]
    blocks = []
    for key in SECTIONS:
        if key == "service_grid":
            if icons:
                blocks.append(("service_grid", {"heading": "便民服务", "items": icons}))
        else:
            blocks.append(("section", {"section": key, "heading": "", "limit": None}))
    home.sections = blocks
    home.save_revision().publish()
    demo.count("home page arrangement")
