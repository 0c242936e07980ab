"""Who may act on a petition: the actors and the rules the transition table checks (``allowed``).

Actors: a signed-in ``User``, or ``Resident`` — the person holding the tracking code (or the account that
posted the petition), who need not be signed in; ``DepartmentSystem`` — a department's outside system (a
district platform) answering through the API with its key, which may do what the department's staff may.
``None`` is the system itself (automatic acceptance). ``staff_department_ids`` is the one answer to "which
departments does this user handle for".
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from ..models import Department


@dataclass(frozen=True)
class Resident:
    """The resident who owns a petition, proven by its tracking code or by being its signed-in author."""

    user: object = None

    is_authenticated = False


@dataclass(frozen=True)
class DepartmentSystem:
    """A department's outside system acting through the API with the key bound to it (``Webhook.api_key``).

    It handles the petitions of ``department`` and, when ``include_sub_units``, of the units below it.
    """

    department: object
    api_key: object = None
    include_sub_units: bool = True

    is_authenticated = False

    def covers(self, petition):
        if petition.department_id is None:
            return False
        if petition.department_id == self.department.pk:
            return True
        return self.include_sub_units and petition.department_id in self.department.descendant_ids()

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


def is_system(actor, petition):
    return actor is None


def is_resident(actor, petition):
    return isinstance(actor, Resident)


def is_moderator(actor, petition):
    return actor is None or (_is_user(actor) and actor.has_perm("petitions.moderate_petition"))


def is_dispatcher(actor, petition):
    return _is_user(actor) and actor.has_perm("petitions.dispatch_petition")


def is_dispatcher_or_system(actor, petition):
    return actor is None or is_dispatcher(actor, petition)


def staff_department_ids(user):
    """The departments whose petitions ``user`` handles: those of their groups, and every unit below them."""
    if not _is_user(user):
        return []
    ids = []
    for department in Department.objects.filter(group__in=user.groups.all()):
        ids.extend(department.descendant_ids())
    return sorted(set(ids))


def is_department_staff(actor, petition):
    """Staff of the petition's department or of a unit above it (never a dispatcher by that title alone)."""
    if not _is_user(actor) or petition.department_id is None:
        return False
    group_ids = set(actor.groups.values_list("pk", flat=True))
    department, seen = petition.department, set()
    while department is not None and department.pk not in seen:
        if department.group_id in group_ids:
            return True
        seen.add(department.pk)
        department = department.parent
    return False


def is_handling_department(actor, petition):
    """Staff of the department the petition is assigned to (or a dispatcher acting for it), or the
    department's own outside system."""
    if isinstance(actor, DepartmentSystem):
        return actor.covers(petition)
    if not _is_user(actor):
        return False
    return actor.is_superuser or is_dispatcher(actor, petition) or is_department_staff(actor, petition)
