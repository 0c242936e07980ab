import pytest

from petitions.factories import TopicFactory


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban")
