"""Time one week's hot-topic analysis (热点诉求) over N petitions (default 100,000) in a fresh SQLite DB.

    python bench/hot_topics.py [--petitions N] [--database PATH]

Petitions are the demo's stories (``petitions.seed.STORIES`` at its places) spread evenly over a year;
their keywords are extracted by ``petitions.supervision.hot_topics.refresh`` as the backfill command does. Then the
admin view's three queries (rising keywords, places and topics) are timed for the last complete week,
county-wide and for one department with its sub-units. Target: ≤ 5 s for a week.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--petitions", type=int, default=100_000)
    parser.add_argument(
        "--database", default=os.path.join(tempfile.gettempdir(), "rongmei-hot-topics.sqlite3")
    )
    args = parser.parse_args()
    if os.path.exists(args.database):
        os.remove(args.database)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="rongmei.settings.test", DATABASE_URL=f"sqlite:///{args.database}"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from petitions.models import Department, Petition, PetitionKeyword, Topic, tracking_code_hash
    from petitions.seed import PLACES, STORIES
    from petitions.supervision import hot_topics

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    topics = {slug: Topic.objects.create(name=slug, slug=slug) for slug in {story[0] for story in STORIES}}
    departments = {
        slug: Department.objects.create(name=slug, slug=slug) for slug in {story[1] for story in STORIES}
    }
    rng = random.Random(2026)
    now = timezone.now()
    batch = []
    for number in range(args.petitions):
        topic, department, kind, title, content, _reply = STORIES[rng.randrange(len(STORIES))]
        place = PLACES[rng.randrange(len(PLACES))]
        batch.append(
            Petition(
                tracking_code_hash=tracking_code_hash(f"BENCH-{number}"),
                kind=kind,
                topic=topics[topic],
                department=departments[department],
                title=title.format(place=place)[:60],
                content=content.format(place=place),
                address=place,
                status="closed",
                on_board=True,
                submitted_at=now - datetime.timedelta(days=rng.uniform(0, 365)),
            )
        )
        if len(batch) == 5000:
            Petition.objects.bulk_create(batch)
            batch = []
    Petition.objects.bulk_create(batch)
    print(f"set-up: {args.petitions} petitions in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    call_command("petition_keywords", verbosity=0)
    print(
        f"keywords: {PetitionKeyword.objects.count()} rows in {time.perf_counter() - started:.0f} s"
        " (petition_keywords, every petition)"
    )

    week = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7)
    department = departments["chengguan"]
    for label, scope in [("county-wide", {}), ("one department", {"department": department})]:
        timings = []
        for _run in range(3):
            started = time.perf_counter()
            words = hot_topics.rising_words(week, **scope)
            hot_topics.rising_words(week, kind="place", **scope)
            hot_topics.rising_topics(week, **scope)
            timings.append(time.perf_counter() - started)
        this_week = Petition.objects.filter(
            submitted_at__gte=hot_topics.weeks(week)[0].start, submitted_at__lt=hot_topics.weeks(week)[0].end
        ).count()
        print(
            f"week of {week} ({label}, {this_week} petitions that week): best {min(timings):.3f} s,"
            f" worst {max(timings):.3f} s; top rising: {[row.word for row in words[:5]]}"
        )
    started = time.perf_counter()
    hot_topics.public_hot_words(now=now)
    print(f"public block (last 7 days, uncached): {time.perf_counter() - started:.3f} s")
    os.remove(args.database)


if __name__ == "__main__":
    main()
