"""Fixtures of the merchants tests: a directory with a 美食 category, an ads board, a products index."""

import pytest

from merchants.factories import (
    ClassifiedBoardPageFactory,
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
    ProductIndexPageFactory,
)


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
