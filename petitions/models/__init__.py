"""The petition app's models, one module per concern.

- ``units``: ``Department`` (办理单位) and ``Topic`` (领域), and the one rule of who acts for a department
  (``handles``, ``handled_department_ids``, ``handling_group_ids``)
- ``words``: ``ScreenedWord`` (敏感词)
- ``petition``: ``Petition``, ``PetitionPhoto``, ``PetitionMessage``, ``PetitionSupport``, statuses and
  tracking codes
- ``handling``: ``CalendarCorrection``, ``PetitionDispatch`` (referral letters), ``ExtensionRequest``
- ``site_settings``: ``PetitionSettings`` (a site setting)
- ``pages``: ``PetitionBoardPage``
- ``api_keys``: ``ApiKey`` (Open311 clients' and department systems' keys, stored hashed)
- ``submission_tokens``: ``SubmissionToken`` (double-submit protection: one row per idempotency token)
- ``webhooks``: ``Webhook``, ``WebhookEvent``, ``WebhookDelivery`` (data exchange with district platforms)
- ``keywords``: ``PetitionKeyword`` (热点诉求: each petition's keywords and places)
- ``scoring``: ``ScoringScheme`` (百分制考核, a generic setting)
- ``reporting``: ``PetitionStory`` (a reporter's 帮打听 / 督办 story on a petition, for its timeline)
- ``reports``: ``WeeklyReport`` (排名周报, and the statistics permissions), ``PetitionReportIndexPage``
- ``visits``: ``ReturnVisit`` (回访 with its two ratings, recorded through the workflow)
- ``accountability``: ``AccountabilityLetter`` (督办函, 建议函, 约谈 and the department's response)
- ``daily``: ``DailyFigures`` (the statistics' per-day aggregates, kept by ``supervision.daily``)
- ``duty``: ``DutyShift`` (值班: the units on duty each day, and who may edit the roster)
- ``city``: ``CityLink``, ``CityCase``, ``CityCall``, ``CityEventReceipt`` (市区两级: a district's site and
  its city's)
"""

from .accountability import AccountabilityLetter
from .api_keys import ApiKey
from .city import CityCall, CityCase, CityEventReceipt, CityLink
from .daily import DailyFigures
from .duty import DutyShift
from .handling import CalendarCorrection, ExtensionRequest, PetitionDispatch, PetitionReminder
from .keywords import PetitionKeyword
from .pages import PetitionBoardPage
from .petition import (
    BOARD_STATUSES,
    DEADLINE_STATUSES,
    ON_BOARD,
    IntakeChannel,
    Petition,
    PetitionMessage,
    PetitionPhoto,
    PetitionStatus,
    PetitionSupport,
    ReporterColumn,
    new_tracking_code,
    tracking_code_hash,
)
from .reporting import PetitionStory
from .reports import PetitionReportIndexPage, WeeklyReport
from .scoring import ScoringScheme
from .site_settings import PetitionSettings
from .submission_tokens import SubmissionToken
from .units import Department, Topic, handled_department_ids, handles, handling_group_ids
from .visits import SATISFIED_RATINGS, ReturnVisit
from .webhooks import Webhook, WebhookDelivery, WebhookEvent
from .words import ScreenedWord

__all__ = [
    "AccountabilityLetter",
    "ApiKey",
    "BOARD_STATUSES",
    "DEADLINE_STATUSES",
    "CalendarCorrection",
    "CityCall",
    "CityCase",
    "CityEventReceipt",
    "CityLink",
    "DailyFigures",
    "DutyShift",
    "ExtensionRequest",
    "IntakeChannel",
    "PetitionDispatch",
    "PetitionKeyword",
    "PetitionReminder",
    "ON_BOARD",
    "Department",
    "Petition",
    "PetitionBoardPage",
    "PetitionMessage",
    "PetitionPhoto",
    "PetitionReportIndexPage",
    "PetitionSettings",
    "PetitionStatus",
    "PetitionStory",
    "PetitionSupport",
    "ScoringScheme",
    "ReporterColumn",
    "ReturnVisit",
    "SATISFIED_RATINGS",
    "ScreenedWord",
    "SubmissionToken",
    "Topic",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
    "WeeklyReport",
    "handled_department_ids",
    "handles",
    "handling_group_ids",
    "new_tracking_code",
    "tracking_code_hash",
]
