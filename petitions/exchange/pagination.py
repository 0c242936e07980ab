"""How the petitions API pages its list: by cursor for any depth, by page number for the first pages.

``next`` and ``previous`` are cursor links (``?cursor=…``), each a constant-cost indexed read however deep
the list (``petitions.intake.paging.Keyset``): a client that follows them walks every public petition once,
in order, with every filter it asked for. ``?page=N`` keeps working as before (the same rows, and ``count``),
read through an index-only lookup, so old clients and page-number links go on working; for deep lists the
cursor is the way, and the OpenAPI document says so.
"""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..intake.paging import BoardPaginator, InvalidCursor, Keyset, cached_count

CURSOR_DESCRIPTION = (
    "Where to continue: the value of `next` or `previous` of an earlier answer (opaque; keep the other "
    "parameters as they were). Costs the same at any depth: use it rather than `page` to walk a long list."
)
PAGE_DESCRIPTION = (
    "A page number (1 to count / 20). Kept for existing clients: a deep page costs more than the first, "
    "so follow the `next` cursor links to go deep. Ignored when `cursor` is given."
)


class PetitionCursorPagination(BasePagination):
    page_size = 20
    page_query_param = "page"
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.keyset = Keyset.of(queryset)
        self.count = cached_count(queryset)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor is not None:
            rows = self._from_cursor(queryset, cursor)
        else:
            rows = self._from_page_number(queryset, request.query_params.get(self.page_query_param) or 1)
        self.rows = rows
        return rows

    def _from_cursor(self, queryset, cursor):
        try:
            values, backwards = self.keyset.decode(cursor)
        except InvalidCursor:
            raise NotFound(_("翻页游标无效，请从列表的第一页重新开始。")) from None
        rows = self.keyset.page(queryset, values, backwards=backwards, size=self.page_size)
        more = len(rows) > self.page_size
        if backwards:
            rows = rows[1:] if more else rows
            self.has_previous, self.has_next = more, True
        else:
            rows = rows[: self.page_size]
            self.has_previous, self.has_next = True, more
        return rows

    def _from_page_number(self, queryset, number):
        paginator = BoardPaginator(queryset, self.page_size)
        paginator.count = self.count
        try:
            page = paginator.page(number)
        except InvalidPage:
            raise NotFound(PageNumberPagination.invalid_page_message) from None
        self.has_previous, self.has_next = page.has_previous(), page.has_next()
        return list(page.object_list)

    def _link(self, row, *, backwards):
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.keyset.encode(row, backwards=backwards))

    def get_next_link(self):
        if not (self.has_next and self.rows):
            return None
        return self._link(self.rows[-1], backwards=False)

    def get_previous_link(self):
        if not (self.has_previous and self.rows):
            return None
        return self._link(self.rows[0], backwards=True)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "example": 98765, "description": "matching petitions"},
                "next": {
                    **link,
                    "example": "https://example.org/api/petitions/?cursor=eyJvIjoiLXN1Ym1pd...",
                    "description": "the next page, as a cursor link; null on the last page",
                },
                "previous": {
                    **link,
                    "description": "the page before, as a cursor link; null on the first page",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": CURSOR_DESCRIPTION,
                "schema": {"type": "string"},
            },
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": PAGE_DESCRIPTION,
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
