from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = "积分"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Listen to the parts that award points; none of them imports this app."""
        from django.db.models.signals import post_save

        from home.models import ContestVote, SurveySubmission
        from newsroom.models.qa import QAQuestion
        from petitions.models import Petition
        from petitions.workflow import transition_performed
        from rongmei import cache

        from . import receivers
        from .models import FlashSale, Goods

        transition_performed.connect(receivers.on_transition, sender=Petition, dispatch_uid="points-petition")
        post_save.connect(receivers.on_survey_submission, sender=SurveySubmission, dispatch_uid="points-vote")
        post_save.connect(receivers.on_contest_vote, sender=ContestVote, dispatch_uid="points-contest-vote")
        post_save.connect(receivers.on_question_saved, sender=QAQuestion, dispatch_uid="points-qa")
        # the mall page lists goods and sales; a sale's page shows only the sale (its stock comes live)
        cache.depends_on(Goods, lambda goods: {cache.object_tag(goods), cache.list_tag(Goods)})
        cache.depends_on(FlashSale, lambda sale: {cache.object_tag(sale), cache.list_tag(FlashSale)})
