"""Demo content of the home app: site settings, staff accounts, service guides and life-event bundles, pages,
a survey and a vote.
The texts are data, in ``seed_content.toml``; the pages are built by ``factories``."""

import tomllib
from pathlib import Path

from django.utils import timezone

from . import factories
from .models import FooterLink, ServiceGuidePage, SiteSettings

CONTENT = tomllib.loads((Path(__file__).parent / "seed_content.toml").read_text())


def seed(demo):
    seed_settings(demo)
    demo.account("admin", name="系统管理员", superuser=True, role="超级管理员")
    demo.account("editor", name="融媒编辑", groups=["Editors", "Moderators"], role="融媒体中心编辑")
    demo.account("supervisor", name="督查考评", groups=["Supervisors"], role="督查考评")
    demo.account("hotline", name="12345 话务员", groups=["HotlineOperators"], role="热线话务员（热线登记）")
    seed_services(demo)
    for page in CONTENT["pages"]:
        fields = {key: value for key, value in page.items() if key not in ("slug", "body")}
        body = [tuple(block) for block in page["body"]]
        demo.page(demo.home, factories.StandardPageFactory, page["slug"], **fields, body=body)
    seed_surveys(demo)


def seed_settings(demo):
    """The home page's title and picture, and the site settings: each part only where it is still empty."""
    if not demo.home.intro:
        home = CONTENT["home"]
        demo.home.title, demo.home.intro = home["title"], home["intro"]
        demo.home.hero_image = demo.image(home["hero_image"])
        demo.home.save_revision().publish()
    site_settings = SiteSettings.for_site(demo.site)
    texts = {key: value for key, value in CONTENT["settings"].items() if isinstance(value, str)}
    if not site_settings.hotline:
        for field, value in texts.items():
            setattr(site_settings, field, value)
        site_settings.logo = demo.image("西区融媒标志", 240, 240)
        site_settings.save()
        demo.count("settings")
    if not site_settings.site_name_en:
        for field, value in CONTENT["settings"]["english"].items():
            setattr(site_settings, field, value)
        site_settings.save()
    if not site_settings.footer_links.exists():
        for order, (title, title_en, url) in enumerate(CONTENT["settings"]["footer_links"]):
            FooterLink.objects.create(
                settings=site_settings, title=title, title_en=title_en, url=url, sort_order=order
            )


def seed_services(demo):
    services = CONTENT["services"]
    index, _created = demo.page(
        demo.home,
        factories.ServiceIndexPageFactory,
        "services",
        title=services["title"],
        intro=services["intro"],
        show_in_menus=True,
    )
    steps = [
        ("step", {"title": title, "description": description}) for title, description in services["steps"]
    ]
    for category in services["categories"]:
        page, _created = demo.page(
            index,
            factories.ServiceCategoryPageFactory,
            category["slug"],
            title=category["title"],
            icon=category["icon"],
        )
        for number, guide in enumerate(category["guides"], start=1):
            demo.page(
                page,
                factories.ServiceGuidePageFactory,
                f"{category['slug']}-{number}",
                **{key: value for key, value in guide.items() if key != "materials"},
                materials="<ul>" + "".join(f"<li>{item}</li>" for item in guide["materials"]) + "</ul>",
                hours=services["hours"],
                phone=services["phone"],
                steps=steps,
                online_url=services["online_url"],
            )
    seed_life_events(demo, index)


def seed_life_events(demo, index):
    """A few life-event bundles, composed from the guides above as an editor would."""
    guides = {guide.title: guide for guide in ServiceGuidePage.objects.descendant_of(index)}
    for event in CONTENT["services"]["life_events"]:
        steps = [
            factories.LifeEventStepFactory.build(guide=guides[title], intro=intro, sort_order=order)
            for order, (title, intro) in enumerate(event["steps"])
        ]
        fields = {key: value for key, value in event.items() if key not in ("slug", "steps")}
        demo.page(index, factories.LifeEventPageFactory, event["slug"], **fields, steps=steps)


def seed_surveys(demo):
    """A vote and a survey, each published with its form fields."""
    now = timezone.now()
    for survey in CONTENT["surveys"]:
        fields = {key: value for key, value in survey.items() if key not in ("slug", "closes", "fields")}
        if "closes" in survey:
            fields["closes_at"] = now + timezone.timedelta(days=survey["closes"])
        form_fields = [
            factories.SurveyFormFieldFactory.build(sort_order=order, **field)
            for order, field in enumerate(survey["fields"])
        ]
        demo.page(demo.home, factories.SurveyPageFactory, survey["slug"], **fields, form_fields=form_fields)
