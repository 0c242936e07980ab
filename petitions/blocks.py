"""``PetitionBlock``: a petition's public thread inside a story (question, replies, status, department).

The chooser stores a reference Wagtail's reference index records, so a petition's page can list the
coverage that embeds it (``petitions.intake.coverage``). Only petitions on the public board can be embedded.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class PetitionBlockValue(blocks.StructValue):
    def petition(self):
        return self.get("petition")

    def steps(self):
        from .intake.thread import timeline

        petition = self.get("petition")
        if petition is None or not petition.is_on_board:
            return []
        return timeline(petition)

    def url(self):
        from .models import PetitionBoardPage

        petition = self.get("petition")
        board = PetitionBoardPage.objects.live().first()
        if petition is None or board is None:
            return ""
        return f"{board.url}{petition.number}/"


class PetitionBlock(blocks.StructBlock):
    petition = SnippetChooserBlock("petitions.Petition", label=_("诉求"))
    heading = blocks.CharBlock(label=_("小标题"), required=False, max_length=60)
    show_thread = blocks.BooleanBlock(label=_("显示办理过程"), required=False, default=True)

    class Meta:
        icon = "comment"
        label = _("民声诉求")
        template = "petitions/blocks/petition_block.html"
        value_class = PetitionBlockValue
        group = _("民声")
        description = _("在报道中嵌入一条公开诉求的问答和办理过程。")

    def clean(self, value):
        value = super().clean(value)
        petition = value.get("petition")
        if petition is not None and not petition.is_on_board:
            if not petition.is_public:
                message = _("这条诉求是居民选择不公开的，不能嵌入报道。")
            elif petition.status == "rejected":
                message = _("这条诉求未予受理，不能嵌入报道。")
            else:
                message = _("这条诉求还在审核中，受理后才能嵌入报道。")
            raise blocks.StructBlockValidationError(block_errors={"petition": ValidationError(message)})
        return value
