"""The home app's models; every model is importable from here.

- ``pages``: the home page of each language and plain pages (StandardPage);
- ``site_settings``: the site settings and their footer links;
- ``services``: 便民服务, the service index, categories and guides, and life-event bundles;
- ``surveys``: 问卷调查 / 网络投票, the survey page, its fields and submissions;
- ``popups``: 定时弹窗, the pop-up notices editors schedule, and their sections;
- ``contests``: 评比, the contest page, its entries, their photos and the votes;
- ``broadcasts``: 紧急通知短信, residents' SMS opt-ins, the broadcasts editors send and each send's log.
"""

from .broadcasts import SmsBroadcast, SmsDelivery, SmsSubscription
from .contests import ContestEntry, ContestEntryPhoto, ContestPage, ContestVote
from .pages import HomePage, StandardPage
from .popups import PopupNotice, PopupSection
from .services import LifeEventPage, LifeEventStep, ServiceCategoryPage, ServiceGuidePage, ServiceIndexPage
from .site_settings import FooterLink, SiteSettings
from .surveys import SurveyFormField, SurveyPage, SurveySubmission

__all__ = [
    "ContestEntry",
    "ContestEntryPhoto",
    "ContestPage",
    "ContestVote",
    "FooterLink",
    "HomePage",
    "LifeEventPage",
    "LifeEventStep",
    "PopupNotice",
    "PopupSection",
    "ServiceCategoryPage",
    "ServiceGuidePage",
    "ServiceIndexPage",
    "SiteSettings",
    "SmsBroadcast",
    "SmsDelivery",
    "SmsSubscription",
    "StandardPage",
    "SurveyFormField",
    "SurveyPage",
    "SurveySubmission",
]
