"""热点诉求 in the demo: the seeded heating complaints are this week's hot topic."""

import pytest
from django.core.cache import cache

from petitions.models import PetitionKeyword
from petitions.seed import STORIES
from petitions.supervision import hot_topics

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_the_demo_site_shows_its_heating_complaints_as_this_weeks_hot_topic():
    cache.clear()
    # the admin's default view, the last seven days, as the board counts them: whatever the weekday
    assert "供暖" in {row.word for row in hot_topics.rising_words()}
    public = hot_topics.public_hot_words()
    heating_story = STORIES[2]
    assert "供暖" in heating_story[3]
    heating_words, _places = hot_topics.extract(
        heating_story[3].format(place=""), heating_story[4].format(place="")
    )
    assert public[0][0] in heating_words  # the hottest word is one of the heating complaints'
    assert dict(public)["供暖"] >= 5
    # every keyword stored names a demo theme or its detail, never boilerplate
    assert not PetitionKeyword.objects.filter(word__in=hot_topics.STOP_WORDS).exists()
