"""The demo's plans run as people would run them: ``workflow.submit`` and ``workflow.perform`` at each
step's moment (``time_machine``, the clock stopped there), the intake service for a resident's
follow-up question and ``workflow.moderate_message`` for its publication. Used up to
``BULK_THRESHOLD`` petitions; every row the demo holds is then one the product wrote."""

import time_machine

from .. import workflow
from ..intake.forms import FollowUpForm
from ..intake.services import post_follow_up


def run(plans, cast):
    for plan in plans:
        run_plan(plan, cast)


def run_plan(plan, cast):
    petition, screening = cast.petition(plan)
    with time_machine.travel(plan.submitted_at, tick=False):
        workflow.submit(
            petition,
            workflow.Resident(),
            photos=cast.photo_images(plan),
            screening=screening,
            tracking_code=plan.code,
        )
    question = None
    for step in plan.steps:
        with time_machine.travel(step.at, tick=False):
            if step.name == "follow_up":
                question = _follow_up(petition, step, plan, cast)
            elif step.name == "approve_message":
                workflow.moderate_message(question, True, cast.user(step.actor))
            else:
                workflow.perform(petition, step.name, cast.actor(step.actor), **cast.data(step))
    return petition


def _follow_up(petition, step, plan, cast):
    """The resident's question through the posting service, from an address of their own."""
    form = FollowUpForm(data=step.data)
    number = plan.sequence
    ip = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
    message = post_follow_up(petition, form, ip=ip, site=cast.site)
    if message is None:
        raise ValueError(f"the demo's follow-up was refused: {form.errors.as_text()}")
    return message
