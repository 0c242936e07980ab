"""A small site with one of every kind of searchable content, all about 停车 (parking) somewhere."""

import pytest

from home.factories import ServiceCategoryPageFactory, ServiceGuidePageFactory, ServiceIndexPageFactory
from merchants.factories import (
    ClassifiedAdFactory,
    ClassifiedBoardPageFactory,
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
    MerchantPageFactory,
)
from newsroom.factories import (
    ChannelPostPageFactory,
    DepartmentChannelPageFactory,
    DepartmentIndexPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
)
from petitions.factories import PetitionFactory


@pytest.fixture
def site_content(home):
    from petitions.models import PetitionBoardPage

    board = PetitionBoardPage(title="民声", slug="minsheng")
    home.add_child(instance=board)
    board.save_revision().publish()
    news_index = NewsIndexPageFactory(parent=home)
    departments = DepartmentIndexPageFactory(parent=home)
    channel = DepartmentChannelPageFactory(parent=departments)
    services = ServiceIndexPageFactory(parent=home)
    category = ServiceCategoryPageFactory(parent=services)
    directory = DirectoryIndexPageFactory(parent=home)
    food = DirectoryCategoryPageFactory(parent=directory, slug="food")
    ad_board = ClassifiedBoardPageFactory(parent=home)
    return {
        "news": NewsArticlePageFactory(
            parent=news_index,
            title="城区新增停车位三千个",
            summary="今年城区将新增公共停车位三千个，缓解停车难。",
        ),
        "post": ChannelPostPageFactory(
            parent=channel, title="交警大队整治违规停车", summary="集中整治人行道违规停车。"
        ),
        "guide": ServiceGuidePageFactory(
            parent=category, title="居民停车证办理", summary="小区居民办理停车证的材料和流程。"
        ),
        "merchant": MerchantPageFactory(
            parent=food, title="老街火锅", summary="店门口有免费停车位，牛油火锅。"
        ),
        "ad": ClassifiedAdFactory(title="出租地下停车位", description="幸福小区地下停车位出租，每月三百元。"),
        "petition": PetitionFactory(
            title="小区停车位被占用",
            content="我们小区的停车位长期被外来车辆占用，希望物业管理。",
            state="accepted",
        ),
        "board": board,
        "ad_board": ad_board,
    }
