"""The petition app's models, one module per concern.

- ``units``: ``Department`` (办理单位) and ``Topic`` (领域)
- ``words``: ``ScreenedWord`` (敏感词)
- ``petition``: ``Petition``, ``PetitionPhoto``, ``PetitionMessage``, ``PetitionSupport``, statuses and
  tracking codes
- ``site_settings``: ``PetitionSettings`` (a site setting)
- ``pages``: ``PetitionBoardPage``
"""

from .pages import PetitionBoardPage
from .petition import (
    BOARD_STATUSES,
    ON_BOARD,
    Petition,
    PetitionMessage,
    PetitionPhoto,
    PetitionStatus,
    PetitionSupport,
    new_tracking_code,
    tracking_code_hash,
)
from .site_settings import PetitionSettings
from .units import Department, Topic
from .words import ScreenedWord

__all__ = [
    "BOARD_STATUSES",
    "ON_BOARD",
    "Department",
    "Petition",
    "PetitionBoardPage",
    "PetitionMessage",
    "PetitionPhoto",
    "PetitionSettings",
    "PetitionStatus",
    "PetitionSupport",
    "ScreenedWord",
    "Topic",
    "new_tracking_code",
    "tracking_code_hash",
]
