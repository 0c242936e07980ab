"""The petition workflow: the states a petition passes through, the deadlines of each step, and the tick.

Owns the transition table (``transitions``), who may act (``actors``), the one way to run a transition
(``perform``), the working-day calendar of deadlines (``deadlines``), the scheduled tick (``tick``) and the
notices to staff and residents (``notifications``). It uses only the models: the intake, handling,
supervision, exchange and reporters sides call it; it tells them what happened through ``signals``.

Exports the workflow's public API, so callers write ``workflow.perform(...)``.
"""

from .actors import (
    DepartmentSystem,
    Resident,
    TransitionError,
    is_department_staff,
    is_dispatcher,
    is_handling_department,
    is_moderator,
    staff_department_ids,
)
from .perform import moderate_message, perform, submit
from .signals import transition_performed, watch, watching
from .transitions import LOG_ACTIONS, MESSAGE_LOG_ACTIONS, TRANSITIONS, Transition, available, can

__all__ = [
    "LOG_ACTIONS",
    "MESSAGE_LOG_ACTIONS",
    "TRANSITIONS",
    "DepartmentSystem",
    "Resident",
    "Transition",
    "TransitionError",
    "available",
    "can",
    "is_department_staff",
    "is_dispatcher",
    "is_handling_department",
    "is_moderator",
    "moderate_message",
    "perform",
    "staff_department_ids",
    "submit",
    "transition_performed",
    "watch",
    "watching",
]
