"""Fixtures of the merchants tests: a directory with a 美食 category, an ads board, a products index."""

import pytest

from merchants.factories import (
    ClassifiedBoardPageFactory,
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
    ProductIndexPageFactory,
)


@pytest.fixture(autouse=True)
def _fresh_screen():
    """rongmei.screening keeps its automaton per process under a cache version; the test cache is
    cleared between tests, so the version can repeat. Start each test with no automaton."""
    import rongmei.screening

    rongmei.screening._current = None
    yield
    rongmei.screening._current = None


@pytest.fixture
def directory(home):
    return DirectoryIndexPageFactory(parent=home)


@pytest.fixture
def food(directory):
    return DirectoryCategoryPageFactory(parent=directory, title="美食", slug="food")


@pytest.fixture
def board_page(home):
    return ClassifiedBoardPageFactory(parent=home)


@pytest.fixture
def product_index(home):
    return ProductIndexPageFactory(parent=home)
