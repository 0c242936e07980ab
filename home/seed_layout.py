"""The demo home page's arrangement, run after every app has seeded its pages: what an editor would set
up in the home page's ``sections`` field (top stories, quick actions, service icons, figures, answered
petitions, what is live, then the news and directory sections), as listed in ``seed_content.toml``
(``[layout]``). A home page already arranged is left alone, so a second run adds nothing."""

from wagtail.models import Page

from .seed import CONTENT

LAYOUT = CONTENT["layout"]


def seed(demo):
    home = demo.home.specific
    if home.sections:
        return
    slugs = [slug for _icon, _label, slug in LAYOUT["service_icons"]]
    pages = {page.slug: page for page in Page.objects.descendant_of(home).live().filter(slug__in=slugs)}
    icons = [
        {"icon": icon, "title": label, "page": pages[slug], "url": ""}
        for icon, label, slug in LAYOUT["service_icons"]
        if slug in pages
    ]
    blocks = []
    for key in LAYOUT["sections"]:
        if key != "service_grid":
            blocks.append(("section", {"section": key, "heading": "", "limit": None}))
        elif icons:
            blocks.append(("service_grid", {"heading": LAYOUT["service_heading"], "items": icons}))
    home.sections = blocks
    home.save_revision().publish()
    demo.count("home page arrangement")
