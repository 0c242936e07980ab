"""A routable page's routes are served by the views its views module registers (``rongmei.routes``)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rongmei.routes import ServedByViews


class Board(ServedByViews):
    pass


class LocalBoard(Board):
    pass


@Board.serves("detail")
def detail(request, page, number):
    return ("detail", request, page, number)


def test_a_route_calls_its_registered_view_with_the_request_the_page_and_the_route_arguments():
    page = Board()
    assert page.serve_view("detail", "request", "MS-2026-000001") == (
        "detail",
        "request",
        page,
        "MS-2026-000001",
    )


def test_a_page_subclass_is_served_by_the_views_of_its_parent_class():
    page = LocalBoard()
    assert page.serve_view("detail", "request", 7) == ("detail", "request", page, 7)


def test_a_route_without_a_registered_view_is_a_configuration_error_not_a_404():
    with pytest.raises(ImproperlyConfigured, match="'missing' of Board"):
        Board().serve_view("missing", "request")
