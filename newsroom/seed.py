"""Demo content of the newsroom: news channels with written and generated articles, the town, streets and
bureaus each with a channel (西区号), a staff account and posts, a post awaiting review, live pages and
Q&A sessions. The texts are data, in ``seed_content.toml``; the pages are built by ``factories``.

Runs after ``petitions.seed``, which creates the departments and their staff groups; any department
missing here is created by slug (or found by name), so either order works. ``--articles N`` tops the
news up to N generated articles (default 60), written in bulk so that 10,000 take seconds, not hours.
"""

import tomllib
from datetime import timedelta
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import RichText

from petitions.models import Department, Petition
from petitions.reporters import columns as reporting
from petitions.seed import BUREAUS, STREETS, TOWN

from . import factories
from .models import Channel, ChannelPostPage, NewsArticlePage, NewsArticleTag

CONTENT = tomllib.loads((Path(__file__).parent / "seed_content.toml").read_text())
BATCH = 500


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
    for order, channel in enumerate(CONTENT["channels"]):
        channels[channel["channel"]], _created = demo.page(
            demo.home,
            factories.NewsIndexPageFactory,
            channel["channel"],
            title=channel["title"],
            channel=channel["channel"],
            intro=channel["intro"],
            show_in_menus=order < 3,
        )
    return channels


def seed_articles(demo, channels):
    """The written articles, with their galleries; a follow-up or reporter story embeds its petitions."""
    now = timezone.now()
    for number, article in enumerate(CONTENT["articles"]):
        channel = channels[article["channel"]]
        body = [paragraph(text) for text in article["paragraphs"]]
        if article.get("gallery"):
            items = [
                {"image": demo.image(name), "caption": name.split(" ")[-1]} for name in article["gallery"]
            ]
            body.append(("gallery", {"title": CONTENT["gallery_title"], "items": items}))
        author, editor = demo.random.choice(CONTENT["authors"]), demo.random.choice(CONTENT["editors"])
        if Page.objects.child_of(channel).filter(slug=article["slug"]).exists():
            continue
        body += petition_blocks(demo, channel.channel, article["tags"])
        demo.page(
            channel,
            factories.NewsArticlePageFactory,
            article["slug"],
            title=article["title"],
            subtitle=article.get("subtitle", ""),
            summary=article["summary"],
            cover_image=demo.image(article["title"][:12]),
            cover_caption=article["summary"][:40],
            body=body,
            source=CONTENT["source"],
            author=author,
            responsible_editor=editor,
            date=now - timedelta(hours=3 * number + 1),
            is_follow_up=channel.channel == Channel.ECHO,
            tags=article["tags"],
        )


def petition_blocks(demo, channel, tags):
    """The petitions a story embeds: a follow-up (融媒回声) two answered ones whose titles name one of its
    tags; a 帮打听 or 督办 story one the demo reporter takes up in that column, which joins the story to
    the petition's timeline when it is published (a 督办 story marks it supervised)."""
    if channel == Channel.ECHO:
        about = Q()
        for tag in tags:
            about |= Q(title__contains=tag)
        answered = Petition.objects.filter(about, on_board=True, status__in=["replied", "closed"])
        petitions = list(answered.order_by("pk")[:2])
    elif channel in (Channel.INQUIRY, Channel.SUPERVISION):
        statuses = ["assigned", "processing"] if channel == Channel.SUPERVISION else ["processing", "replied"]
        candidates = Petition.objects.public().filter(status__in=statuses, reporter_column="").order_by("pk")
        first = candidates.filter(kind__in=["question", "help"]) if channel == Channel.INQUIRY else candidates
        petitions = [petition for petition in [first.first() or candidates.first()] if petition]
        for petition in petitions:
            reporter = demo.account(
                "reporter", name="记者 周洋", groups=["Editors"], role="融媒体中心记者（帮打听、督办）"
            )
            reporting.take_up(petition, reporter, channel)
    else:
        petitions = []
    return [
        ("petition", {"petition": petition, "heading": "", "show_thread": True}) for petition in petitions
    ]


def seed_generated_articles(demo, channels, total):
    """Top the news up to ``total`` generated articles, inserted in bulk (no revisions, like an import)."""
    words = CONTENT["generated"]
    existing = set(NewsArticlePage.objects.filter(slug__startswith="n-").values_list("slug", flat=True))
    wanted = [number for number in range(1, total + 1) if f"n-{number:05d}" not in existing]
    if not wanted:
        return
    targets = [channels[channel] for channel in ("headlines", "government", "livelihood", "video")]
    covers = [demo.image(f"新闻配图{index}") for index in range(12)]
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in words["tags"]]
    now = timezone.now()
    for parent in dict.fromkeys(targets[number % len(targets)] for number in wanted):  # as numbered
        numbers = [number for number in wanted if targets[number % len(targets)] == parent]
        for start in range(0, len(numbers), BATCH):
            batch, articles = numbers[start : start + BATCH], []
            for number in batch:
                place, subject = demo.random.choice(words["places"]), demo.random.choice(words["subjects"])
                fill = {"place": place, "subject": subject, "number": number}
                published = now - timedelta(hours=6 + number * 2)
                articles.append(
                    factories.NewsArticlePageFactory.build(
                        slug=f"n-{number:05d}",
                        title=words["title"].format(**fill),
                        summary=words["summary"].format(**fill),
                        cover_image=covers[number % len(covers)],
                        body=[paragraph(text.format(**fill)) for text in words["paragraphs"]],
                        source=CONTENT["source"],
                        author=words["author"],
                        responsible_editor="",
                        date=published,
                        first_published_at=published,
                    )
                )
            demo.add_pages(parent, articles)
            NewsArticleTag.objects.bulk_create(
                [
                    NewsArticleTag(content_object_id=article.pk, tag=tags[number % len(tags)])
                    for article, number in zip(articles, batch, strict=True)
                ]
            )
            demo.created["generated articles"] = demo.created.get("generated articles", 0) + len(articles)
        if numbers:
            demo.log(f"  generated articles under {parent.title}: {len(numbers)}")


def department(demo, slug, name, kind, sort_order):
    """The department with this slug (made by ``petitions.seed`` when it ran first), or a new one."""
    found = Department.objects.filter(slug=slug).first() or Department.objects.filter(name=name).first()
    if found is None:
        found = factories.DepartmentFactory(
            slug=slug, name=name, kind=kind, sort_order=sort_order, group=None
        )
    if found.group is None:
        found.group = demo.group(found.name)
        found.save(update_fields=["group"])
    return found


def seed_departments(demo):
    """Each unit's channel with its clerk and posts; the first three units' clerks send one for review."""
    texts = CONTENT["departments"]
    index, _created = demo.page(
        demo.home,
        factories.DepartmentIndexPageFactory,
        "departments",
        title=texts["title"],
        intro=texts["intro"],
        show_in_menus=True,
    )
    demo.account(
        "reviewer", name="融媒审核编辑", groups=["Reviewers"], role="融媒体中心审核编辑（只审核西区号）"
    )
    # the petitions app's list of units, so both seeds name the same ones
    units = [(TOWN[1], TOWN[0], Department.Kind.TOWN)]
    units += [(slug, name, Department.Kind.STREET) for name, slug in STREETS]
    units += [(slug, name, Department.Kind.BUREAU) for name, _short, slug in BUREAUS]
    for order, (slug, name, kind) in enumerate(units, start=1):
        department(demo, slug, name, kind, sort_order=order * 10)
    departments = (
        Department.objects.active().filter(kind__in=["town", "street", "bureau"]).select_related("group")
    )
    now = timezone.now()
    for order, unit in enumerate(departments):
        fill = {"name": unit.name, "short": unit.display_name, "number": order + 1, "order": order}
        channel, _created = demo.page(
            index,
            factories.DepartmentChannelPageFactory,
            unit.slug,
            title=unit.name,
            department=unit,
            introduction=texts["introduction"].format(**fill),
            duties=texts["duties"].format(**fill),
            address=unit.address or texts["address"].format(**fill),
            office_hours=texts["office_hours"],
            phone=unit.phone or texts["phone"].format(**fill),
            logo=demo.image(f"{unit.display_name} 标志", 240, 240),
        )
        clerk = f"{unit.display_name}信息员"
        staff = demo.account(
            f"staff-{unit.slug}", name=clerk, groups=[unit.group.name], role=f"{unit.name}工作人员"
        )
        for number, post in enumerate(texts["posts"]):
            demo.page(
                channel,
                factories.ChannelPostPageFactory,
                f"{post['kind']}-{number + 1}",
                title=post["title"].format(**fill),
                kind=post["kind"],
                summary=post["summary"],
                author=clerk,
                date=now - timedelta(days=order + number * 3),
                body=[paragraph(post["summary"]), paragraph(texts["post_closing"])],
                owner=staff,
            )
        if order < 3 and not Page.objects.child_of(channel).filter(slug="awaiting-review").exists():
            submit_for_review(demo, channel, staff, fill)


def submit_for_review(demo, channel, staff, fill):
    """A post the clerk has written and sent for review: it waits for an editor in the admin."""
    texts = CONTENT["departments"]["awaiting_review"]
    post = factories.ChannelPostPageFactory(
        parent=channel,
        slug="awaiting-review",
        title=texts["title"].format(**fill),
        kind=ChannelPostPage.Kind.NOTICE,
        summary=texts["summary"],
        body=[paragraph(texts["paragraph"])],
        live=False,
        owner=staff,
        locale=channel.locale,
    )
    post.save_revision(user=staff)
    workflow = post.get_workflow()
    if workflow is not None:
        workflow.start(post, staff)
    demo.count("posts awaiting review")


def scheduled(entry, now, *leave_out, **fill):
    """A scheduled page's fields from its entry: ``starts`` and ``ends`` (hours from now) become times."""
    fields = {key: value for key, value in entry.items() if key not in ("starts", "ends", *leave_out)}
    fields = {
        key: value.format(**fill) if fill and isinstance(value, str) else value
        for key, value in fields.items()
    }
    fields["starts_at"] = now + timedelta(hours=entry["starts"])
    fields["ends_at"] = now + timedelta(hours=entry["ends"]) if "ends" in entry else None
    return fields


def seed_live_pages(demo, channels):
    now = timezone.now()
    for live in CONTENT["live"]:
        demo.page(
            demo.home if live["parent"] == "home" else channels[live["parent"]],
            factories.LivePageFactory,
            live["slug"],
            **scheduled(live, now, "parent", "slug", "cover", "schedule"),
            cover_image=demo.image(live["cover"]),
            schedule=[("item", {"time": time, "title": title}) for time, title in live["schedule"]],
        )


def seed_qa_sessions(demo, channels):
    """One finished session (an archive with answered questions) and one coming up, open for questions."""
    bureau = Department.objects.active().filter(kind=Department.Kind.BUREAU).order_by("sort_order").first()
    if bureau is None:
        return
    now, archive, upcoming = timezone.now(), CONTENT["qa"]["archive"], CONTENT["qa"]["upcoming"]
    fields = scheduled(archive, now, "slug", "official", "questions", bureau=bureau.name)
    ended, created = demo.page(
        channels[Channel.GOVERNMENT], factories.QASessionPageFactory, archive["slug"], **fields
    )
    if created:
        official = factories.QASessionOfficialFactory(page=ended, department=bureau, **archive["official"])
        for order, question in enumerate(archive["questions"]):
            asked = ended.starts_at + timedelta(minutes=10 + order * 20)
            released = asked + timedelta(minutes=3)
            factories.QAAnswerFactory(
                question=factories.QAQuestionFactory(
                    session=ended,
                    body=question["body"],
                    asker_name=question["asker"],
                    submitted_at=asked,
                    released_at=released,
                    public_changed_at=released + timedelta(minutes=5),
                ),
                official=official,
                department=bureau,
                body=question["answer"],
                answered_at=released + timedelta(minutes=5),
            )
            demo.count("Q&A questions")
    fields = scheduled(upcoming, now, "slug", "department")
    coming, created = demo.page(
        channels[Channel.GOVERNMENT], factories.QASessionPageFactory, upcoming["slug"], **fields
    )
    if created:
        education = (
            Department.objects.active().filter(name__contains=upcoming["department"]).first() or bureau
        )
        coming.departments.add(education)
        coming.save_revision().publish()
