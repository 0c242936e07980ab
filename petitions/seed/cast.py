"""Who and what the demo's plans name, as the executors need them: departments and topics by slug, the
editor and each department's staff account, the photo pool, and the site whose settings apply."""

from dataclasses import dataclass

from rongmei.screening import screen

from .. import workflow
from ..models import Petition
from .plans import EDITOR, RESIDENT, SYSTEM


@dataclass
class Cast:
    departments: dict
    topics: dict
    editor: object
    staff: dict  # department slug → its demo staff account
    photos: list
    site: object

    def user(self, actor):
        """The account acting as ``actor``, or ``None`` for the resident and the system."""
        if actor in (RESIDENT, SYSTEM):
            return None
        return self.editor if actor == EDITOR else self.staff[actor]

    def actor(self, actor):
        """The workflow's actor: a ``Resident``, ``None`` for the system, else the account."""
        return workflow.Resident() if actor == RESIDENT else self.user(actor)

    def data(self, step):
        """The step's data with the department it names as a ``Department``."""
        if "department" not in step.data:
            return step.data
        return {**step.data, "department": self.departments[step.data["department"]]}

    def petition(self, plan):
        """The unsaved petition as its resident wrote it, and the screen's verdict on its text."""
        fields = dict(plan.fields)
        fields["topic"] = self.topics[fields["topic"]]
        requested = fields["requested_department"]
        fields["requested_department"] = self.departments[requested] if requested else None
        petition = Petition(submitted_at=plan.submitted_at, **fields)
        return petition, screen(petition.title, petition.content, petition.address)

    def photo_images(self, plan):
        return [self.photos[index] for index in plan.photos]
