"""Routes served by views: a routable page keeps its URL patterns, its views module serves them.

A page model sits below the views that answer its routes: the views import the models, so the model
cannot import the views back. The page declares each route with Wagtail's ``path`` / ``re_path`` as usual
and hands the request on with ``self.serve_view(name, request, ...)``; the views module registers the
function that serves each name with ``@ThePage.serves(name)``, and its app's ``ready()`` imports that
module. A view is called as ``view(request, page, *args, **kwargs)``.

A route whose view was never registered is a programming error, raised as such, never a 404.

Ids in URLs use the ``id`` converter registered here (``<id:pk>``): a whole number that fits the database,
so an id too long for any row is a plain 404 rather than an integer overflow in the query. A part that
names an action or a decision is one of its words (``one_of``): any other word is a 404 too, never taken
for one of them.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from django.urls import register_converter
from django.urls.converters import IntConverter, StringConverter

#: The digits of an id any table can hold (a signed 64-bit integer has 19; nothing here comes near 18).
ID_PATTERN = "[0-9]{1,18}"


class IdConverter(IntConverter):
    regex = ID_PATTERN


register_converter(IdConverter, "id")


def one_of(name, *words):
    """Register the converter ``<name:…>`` that matches exactly one of ``words``; return ``name``."""
    regex = "|".join(re.escape(word) for word in words)
    register_converter(type(f"OneOf{name.title()}Converter", (StringConverter,), {"regex": regex}), name)
    return name


_views = {}


class ServedByViews:
    """Mixin for a ``RoutablePageMixin`` page whose route bodies live in a views module."""

    @classmethod
    def serves(cls, name):
        """Register the decorated function as the view of route ``name`` of this page class."""

        def register(view):
            _views[cls, name] = view
            return view

        return register

    def serve_view(self, name, request, *args, **kwargs):
        for cls in type(self).__mro__:
            view = _views.get((cls, name))
            if view is not None:
                return view(request, self, *args, **kwargs)
        raise ImproperlyConfigured(
            f"No view serves the route {name!r} of {type(self).__name__}: its views module registers one "
            "with @serves and its app's ready() imports that module."
        )
