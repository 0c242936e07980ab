"""The petitions' public pages in the sitemap (``rongmei.sitemaps``): every petition on the board, under
every live board page of the site (one per language), by blocks of petition ids."""

from rongmei.sitemaps import Section, block_numbers, local_date

from ..models import Petition, PetitionBoardPage

# Any number the detail route accepts: the route's own reverse gives the shape of every petition's path.
_SAMPLE_NUMBER = "MS-0000-000000"


def _detail_path_parts():
    path = PetitionBoardPage.get_resolver().reverse("detail", _SAMPLE_NUMBER)
    before, after = path.split(_SAMPLE_NUMBER)
    return before, after


class PetitionSection(Section):
    name = "petitions"

    def blocks(self, context):
        if not self._boards(context):
            return range(0)
        return block_numbers(Petition.objects.public())

    def _boards(self, context):
        rows = context.public_pages().type(PetitionBoardPage).order_by("path").values_list("path", "url_path")
        return [path for path in (context.page_path(*row) for row in rows) if path is not None]

    def entries(self, context, block):
        boards = self._boards(context)
        if not boards:
            return
        before, after = _detail_path_parts()
        rows = (
            Petition.objects.public()
            .filter(**self.block_range(block))
            .order_by("pk")
            .values_list("number", local_date("updated_at"))
        )
        for number, updated_at in rows:
            for board in boards:
                yield f"{board}{before}{number}{after}", updated_at
