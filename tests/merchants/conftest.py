"""Fixtures of the merchants tests: a directory with a 美食 category, an ads board, a products index."""

import pytest

from merchants.factories import (
    ClassifiedBoardPageFactory,
    ProductIndexPageFactory,
)


@pytest.fixture
def board_page(home):
    return ClassifiedBoardPageFactory(parent=home)


@pytest.fixture
def product_index(home):
    return ProductIndexPageFactory(parent=home)
