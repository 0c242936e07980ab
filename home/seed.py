"""Demo content of the home app: site settings, staff accounts, service guides and life-event bundles, pages,
a survey, a vote and a contest (评比) in its voting phase.
The texts are data, in ``seed_content.toml``; the pages are built by ``factories``."""

import datetime
import tomllib
from pathlib import Path

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rongmei.demo import cropped_photo, generated_picture, photo_for
from rongmei.images import clean_image

from . import contests, factories
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
    seed_contest(demo)


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


def _resident_photo(title):
    """A photo as a resident's phone uploads it, through the site's one upload check."""
    photo = photo_for(title)
    content = cropped_photo(photo, 1200, 900) if photo else generated_picture(title, 1200, 900)
    return clean_image(SimpleUploadedFile(f"{title}.jpg", content, content_type="image/jpeg"))


def seed_contest(demo):
    """A contest as people made it, on a simulated clock: residents sent entries while entries were open,
    the editor approved them, and residents have voted since voting opened; now it is the voting phase."""
    data = CONTENT["contest"]
    now = timezone.now()
    voting = now - datetime.timedelta(days=data["days_voted"])
    opens = voting - datetime.timedelta(days=data["days_of_entries"])
    page, created = demo.page(
        demo.home,
        factories.ContestPageFactory,
        data["slug"],
        title=data["title"],
        intro=data["intro"],
        entries_open_at=opens,
        voting_opens_at=voting,
        closes_at=voting + datetime.timedelta(days=data["days_of_voting"]),
        votes_per_person=data["votes_per_person"],
        show_in_menus=False,
    )
    if not created or page.entries.exists():
        return
    editor = get_user_model().objects.get(username="editor")
    entries = []
    for number, entry in enumerate(data["entries"], start=1):
        with time_machine.travel(opens + datetime.timedelta(days=number), tick=False):
            entries.append(
                contests.submit_entry(
                    page,
                    title=entry["title"],
                    text=entry["text"],
                    contact_name=entry["contact_name"],
                    contact_phone=entry["contact_phone"],
                    photos=[_resident_photo(entry["photo"])],
                )
            )
        with time_machine.travel(opens + datetime.timedelta(days=number, hours=2), tick=False):
            contests.review(entries[-1], editor, approve=True)
        demo.count("contest entries")
    voter = 0
    for entry, spec in zip(entries, data["entries"], strict=True):
        for _vote in range(spec["votes"]):
            voter += 1
            with time_machine.travel(voting + datetime.timedelta(hours=voter), tick=False):
                contests.cast_vote(page, entry.pk, voter=f"demo-voter-{voter}")
