"""The demo's points: the default rule set (the migration's, kept if an editor changed it), a resident
account to try them with, and one passphrase hidden in the newest news story, valid for a week."""

import datetime

from django.utils import timezone

from newsroom.models import NewsArticlePage

from .models import DEFAULT_RULES, Passphrase, PointsRule

DEMO_PHRASE = "融媒有你"


def seed(demo):
    for action, (points, daily_cap) in DEFAULT_RULES.items():
        PointsRule.objects.get_or_create(action=action, defaults={"points": points, "daily_cap": daily_cap})
    demo.account("resident", name="西区居民", role="居民（积分、红包口令）")
    now = timezone.now()
    Passphrase.objects.get_or_create(
        phrase=DEMO_PHRASE,
        defaults={
            "points": 20,
            "valid_from": now - datetime.timedelta(hours=1),
            "valid_until": now + datetime.timedelta(days=7),
            "max_redemptions": 100,
            "story": NewsArticlePage.objects.live().order_by("-first_published_at").first(),
        },
    )
    demo.log(f"Points: {PointsRule.objects.count()} rules, passphrase {DEMO_PHRASE}")
