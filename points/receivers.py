"""What earns points elsewhere on the site, told by signals: the workflow's ``transition_performed`` (a
petition accepted, a rating given) and saves of survey submissions, contest votes and Q&A questions."""

from django.utils.translation import gettext as _

from . import services
from .models import Action


def on_transition(sender, name, petition, **kwargs):
    """Inside the transition's transaction: the award commits or rolls back with it."""
    if petition.user_id is None:
        return
    if name == "accept":
        services.award(petition.user, Action.PETITION_ACCEPTED, f"petition:{petition.pk}", petition.number)
    elif name == "rate":
        services.award(petition.user, Action.RATING_GIVEN, f"petition:{petition.pk}", petition.number)


def on_survey_submission(sender, instance, created, **kwargs):
    # One award per survey, not per submission: a survey that allows many answers pays once.
    if created and instance.user_id is not None:
        services.award(instance.user, Action.SURVEY_VOTE, f"survey:{instance.page_id}", instance.page.title)


def on_contest_vote(sender, instance, created, **kwargs):
    # A contest vote is a vote like a survey's, under the same rule: once per contest, however many
    # entries the resident votes for.
    if created and instance.user_id is not None:
        services.award(
            instance.user, Action.SURVEY_VOTE, f"contest:{instance.contest_id}", instance.contest.title
        )


def on_question_saved(sender, instance, **kwargs):
    if instance.user_id is not None and instance.status == instance.Status.RELEASED:
        services.award(instance.user, Action.QA_QUESTION_RELEASED, f"qa:{instance.pk}", _("访谈提问"))
