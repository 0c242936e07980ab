"""What the petition board puts on the home page: the residents' entry points (我要留言, 查询进度, 周报),
the live figures (from ``petitions.supervision.stats``, never counted here) and the latest answered
petitions with the department that answered them."""

from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _

from home.sections import HomeAction, HomeSection
from rongmei import cache

from ..models import Petition, PetitionBoardPage, PetitionReportIndexPage
from ..supervision.stats import home_figures


def board_of(home_page):
    return PetitionBoardPage.objects.child_of(home_page).live().first()


def actions(request, home_page):
    board = board_of(home_page)
    if board is None:
        return []
    url = board.get_url(request)
    found = [
        HomeAction(_("我要留言"), f"{url}new/", "write", order=10, primary=True),
        HomeAction(_("查询进度"), f"{url}track/", "track", order=20),
    ]
    reports = PetitionReportIndexPage.objects.child_of(board).live().first()
    if reports is not None:
        found.append(HomeAction(_("周报"), reports.get_url(request), "report", order=40))
    return found


def figures_section(request, home_page):
    board = board_of(home_page)
    if board is None:
        return None
    cache.tag_list(Petition)  # any petition's change may move a figure
    return HomeSection(
        key="figures",
        title=_("民声数据"),
        items=home_figures(),
        template="home/sections/figures.html",
        more_url=board.get_url(request),
    )


def answered_section(request, home_page, limit=None):
    """民声: the board's latest answered petitions, each with its department and first photo."""
    board = board_of(home_page)
    if board is None:
        return None
    cache.tag_list(Petition)
    url = board.get_url(request)
    petitions = (
        Petition.objects.visible_on_board()
        .filter(replied_at__isnull=False)
        .with_photos()
        .order_by("-replied_at")[: limit or 6]
    )
    items = [
        SimpleNamespace(
            title=petition.public_title,
            url=f"{url}{petition.number}/",
            status=petition.status,
            status_label=petition.get_status_display(),
            department=petition.department.display_name if petition.department else "",
            topic=petition.topic.display_name,
            replied_at=timezone.localtime(petition.replied_at),
            photo=next(iter(petition.photos.all()), None),
        )
        for petition in petitions
    ]
    return HomeSection(
        key="petitions",
        title=_("民声回音"),
        items=items,
        more_url=url,
        template="home/sections/petitions.html",
    )
