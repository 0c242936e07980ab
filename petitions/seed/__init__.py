"""Demo content of the petition app: departments with staff, topics, screened words, the board, and
petitions whose histories happen through the workflow, the weekly reports of the last twelve weeks, and
the duty roster (值班表): one bureau and one street a day in turn, the bureau's demo clerk named on duty.

``--petitions N`` sets how many petitions the site should have (default 300); a second run tops up to
N and adds nothing else. Each petition's history is planned first (``plans``: submission, dispatch,
claim, returns, extensions, 督办, follow-ups, replies, ratings, reopenings), then performed through the
workflow on a simulated clock (``perform``); above ``BULK_THRESHOLD`` new petitions the same plans are
written as the rows the workflow would write, in batches (``bulk``; proved equal by
tests/petitions/test_seed_history.py). The texts are data, in ``texts``. Run ``manage.py
update_index`` afterwards for search.
"""

from datetime import timedelta

from django.utils import timezone

from rongmei.roles import apply_roles

from ..models import (
    Department,
    DutyShift,
    Petition,
    PetitionBoardPage,
    PetitionReportIndexPage,
    PetitionSettings,
    ScreenedWord,
    Topic,
    Webhook,
)
from ..supervision import daily
from ..supervision.reports import last_complete_week, make_weekly_report
from . import bulk, perform, plans
from .cast import Cast
from .plans import SURGE, SURGE_STORY
from .texts import (
    BUREAUS,
    DEMO_CODES,
    DUTY_DAYS_AFTER,
    DUTY_DAYS_BEFORE,
    ENTERPRISES,
    PLACES,
    STORIES,
    STREETS,
    TOPIC_OWNERS,
    TOPICS,
    TOWN,
    WORDS,
)

__all__ = ["BUREAUS", "PLACES", "STORIES", "STREETS", "SURGE", "SURGE_STORY", "TOWN", "add_arguments", "seed"]

BATCH = 2000
#: above this many new petitions, the plans are written in bulk (``bulk``), else performed
BULK_THRESHOLD = 2000


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
    seed_duty_roster(demo, departments, topics)
    seed_enterprises(demo)


def seed_departments(demo):
    units = [(TOWN[0], TOWN[0], TOWN[1], Department.Kind.TOWN)]
    units += [(name, name, slug, Department.Kind.STREET) for name, slug in STREETS]
    units += [(name, short, slug, Department.Kind.BUREAU) for name, short, slug in BUREAUS]
    return _seed_units(demo, units)


def seed_enterprises(demo):
    """The enterprises that answer consumer complaints, with staff accounts like the departments'. Seeded
    after the petitions, so the demo's petitions and their handling stay as they were; ordered after the
    government units."""
    units = [(name, short, slug, Department.Kind.ENTERPRISE) for name, short, slug in ENTERPRISES]
    return _seed_units(demo, units, first=50)


def _seed_units(demo, units, first=1):
    """Each unit with its staff group and one staff account (``dept-<slug>``), and the roles applied."""
    departments = {}
    for order, (name, short, slug, kind) in enumerate(units, start=first):
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
    if not settings.notice_en:
        settings.notice_en = (
            "Please describe the problem truthfully and do not post other people's private details. Matters "
            "that belong to lawsuits, arbitration or other legal procedures are not accepted. Ordinary "
            "matters are answered within 5 working days."
        )
    settings.save()
    return board


def seed_petitions(demo, departments, topics, target):
    """Top the petitions up to ``target``: plan each one's history, then run the plans through the
    workflow (``perform``), or write the rows it would write (``bulk``) when there are many."""
    existing = Petition.objects.count()
    if existing >= target:
        return
    total = target - existing
    cast = Cast(
        departments=departments,
        topics=topics,
        editor=demo.account("editor"),
        staff={slug: demo.account(f"dept-{slug}") for slug in departments},
        photos=[
            demo.image(f"随手拍 {place}", 800, 600, prefix="petition") for place in PLACES[: plans.PHOTO_POOL]
        ],
        site=demo.site,
    )
    executor = bulk if total > BULK_THRESHOLD else perform
    reply_days = {slug: topic.reply_days for slug, topic in topics.items()}
    now = timezone.now()
    plans.clear_deadlines()  # editors' calendar corrections may have changed since the last run
    batches = range(0, total, BATCH)
    for start in demo.progress(batches, len(batches), "petition batches", every=1):
        size = min(BATCH, total - start)
        executor.run(plans.make_plans(demo.random, now, existing + start, size, reply_days), cast)
    if executor is bulk:  # the rows were written around the workflow, so its per-day figures were not kept
        daily.rebuild()
    demo.created["petitions"] = demo.created.get("petitions", 0) + total
    if existing == 0:
        demo.log(f"  tracking codes for the first demo petitions: {', '.join(DEMO_CODES)}")


def seed_reports(demo):
    """The weekly ranking report page under the board, and the last twelve weeks' reports."""
    board = PetitionBoardPage.objects.child_of(demo.home).first()
    demo.page(
        board,
        PetitionReportIndexPage,
        "weekly",
        title="民情数据排名周报",
        intro="每周一发布上周各办理单位的办结率、按期办结率和满意率排名。",
    )
    monday = last_complete_week()
    for weeks_back in range(plans.WEEKS):
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


def seed_duty_roster(demo, departments, topics):
    """The topics' owner units, and the duty roster around today as the supervisors keep it: a bureau and
    a street a day, in turn (no random draw, so the rest of the demo stays as it was). The town is never
    on the rota: the browser test puts it on duty. Days already on the roster are left as they are."""
    for slug, owner in TOPIC_OWNERS.items():
        topic = topics[slug]
        if topic.owner_id is None:
            topic.owner = departments[owner]
            topic.save(update_fields=["owner"])
    supervisor = demo.account("supervisor")
    today = timezone.localdate()
    planned = set(
        DutyShift.objects.filter(day__gte=today - timedelta(days=DUTY_DAYS_BEFORE)).values_list(
            "day", flat=True
        )
    )
    for offset in range(-DUTY_DAYS_BEFORE, DUTY_DAYS_AFTER + 1):
        day = today + timedelta(days=offset)
        if day in planned:
            continue
        bureau = BUREAUS[day.toordinal() % len(BUREAUS)][2]
        street = STREETS[day.toordinal() % len(STREETS)][1]
        for slug, staff in ((bureau, demo.account(f"dept-{bureau}")), (street, None)):
            department = departments[slug]
            shift = DutyShift(
                day=day, department=department, staff=staff, note=department.phone, created_by=supervisor
            )
            shift.full_clean(exclude=["created_by"])
            shift.save()
            demo.count("duty shifts")
