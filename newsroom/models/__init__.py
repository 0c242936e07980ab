"""The newsroom's models, one module per page family; every model is importable from here.

- ``news``: news channels (NewsIndexPage) and their articles, 融媒回声 follow-up stories included;
- ``departments``: 西区号, the department channels and their posts;
- ``live``: live pages (慢直播 / 网络直播);
- ``qa``: live Q&A sessions (在线访谈), their officials, questions and answers (rules in ``newsroom.qa``);
- ``base``: what they share (card and time-window mixins, card lists, stored view counts).

Page tree (see DESIGN.md): HomePage → NewsIndexPage (one per channel) → NewsArticlePage;
HomePage → DepartmentIndexPage → DepartmentChannelPage (one per ``petitions.Department``) →
ChannelPostPage; LivePage and QASessionPage under the home page or a news channel.
"""

from .base import CardMixin, ChannelChildMixin, PageViewCount, PageViewDay, ScheduledMixin, card_queryset
from .departments import ChannelPostPage, DepartmentChannelPage, DepartmentIndexPage
from .live import LivePage
from .news import Channel, NewsArticlePage, NewsArticleTag, NewsIndexPage, RelatedArticle, stories_following
from .qa import QAAnswer, QAQuestion, QASessionOfficial, QASessionPage

__all__ = [
    # models
    "ChannelPostPage",
    "DepartmentChannelPage",
    "DepartmentIndexPage",
    "LivePage",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsIndexPage",
    "PageViewCount",
    "PageViewDay",
    "QAAnswer",
    "QAQuestion",
    "QASessionOfficial",
    "QASessionPage",
    "RelatedArticle",
    # choices, mixins (migrations name ``newsroom.models.CardMixin``) and helpers other modules use
    "CardMixin",
    "Channel",
    "ChannelChildMixin",
    "ScheduledMixin",
    "card_queryset",
    "stories_following",
]
