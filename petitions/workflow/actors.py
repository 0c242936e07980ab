"""Who may act on a petition: the actors and the rules the transition table checks (``allowed``).

Actors: a signed-in ``User``, or ``Resident`` — the person holding the tracking code (or the account that
posted the petition), who need not be signed in; ``DepartmentSystem`` — a department's outside system (a
district platform) answering through the API with its key, which may do what the department's staff may.
``None`` is the system itself (automatic acceptance). Who acts for a department is the one rule of
``petitions.models.units`` (``handles``); these functions only ask it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from rongmei.roles import DISPATCH_PETITION, MODERATE_PETITION, RECORD_RETURN_VISIT

from ..models import handled_department_ids, handles


@dataclass(frozen=True)
class Resident:
    """The resident who owns a petition, proven by its tracking code or by being its signed-in author."""

    user: object = None

    is_authenticated = False


@dataclass(frozen=True)
class DepartmentSystem:
    """A department's outside system acting through the API with its data exchange's key (an ``ApiKey``
    of the department-system scope; see ``petitions.exchange.authentication``).

    It handles the petitions of ``department`` and, when ``include_sub_units``, of the units below it.
    """

    department: object
    api_key: object = None
    include_sub_units: bool = True

    is_authenticated = False

    def covers(self, petition):
        return self.department.acts_for(petition.department, include_sub_units=self.include_sub_units)

    def log_data(self):
        key = self.api_key
        return {
            "via": "api_key",
            "department": self.department.pk,
            **({"api_key": key.prefix, "api_key_name": key.name} if key is not None else {}),
        }


class TransitionError(ValidationError):
    """The petition is not in a state this transition starts from, or the input is incomplete."""


def _is_user(actor):
    return actor is not None and not isinstance(actor, Resident) and actor.is_authenticated


def is_resident(actor, petition):
    return isinstance(actor, Resident)


def is_moderator(actor, petition):
    return actor is None or (_is_user(actor) and actor.has_perm(MODERATE_PETITION))


def is_dispatcher(actor, petition):
    return _is_user(actor) and actor.has_perm(DISPATCH_PETITION)


def is_return_visitor(actor, petition):
    """Supervisors and editors record return visits (回访); ``record_return_visit`` in ``rongmei.roles``."""
    return _is_user(actor) and actor.has_perm(RECORD_RETURN_VISIT)


def is_dispatcher_or_system(actor, petition):
    return actor is None or is_dispatcher(actor, petition)


def staff_department_ids(user):
    """The departments whose petitions ``user`` handles (``handled_department_ids``)."""
    return handled_department_ids(user) if _is_user(user) else []


def is_department_staff(actor, petition):
    """Staff of a unit that acts for the petition's department (never a dispatcher by that title alone)."""
    return _is_user(actor) and handles(actor, petition.department)


def is_handling_department(actor, petition):
    """Staff of the department the petition is assigned to (or a dispatcher acting for it), or the
    department's own outside system."""
    if isinstance(actor, DepartmentSystem):
        return actor.covers(petition)
    if not _is_user(actor):
        return False
    return actor.is_superuser or is_dispatcher(actor, petition) or is_department_staff(actor, petition)
