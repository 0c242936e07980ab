"""``PetitionBlock``: a petition's public thread inside a story (question, replies, status, department).

The chooser stores a reference Wagtail's reference index records, so a petition's page can list the
coverage that embeds it (``petitions.intake.coverage``). Only petitions on the public board can be embedded.
The template finds the petition's board page and thread with ``petition_blocks`` tags: this module sits below
the models (the board page's ``featured`` field uses it) and imports neither.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from rongmei import cache


class PetitionBlock(blocks.StructBlock):
    petition = SnippetChooserBlock("petitions.Petition", label=_("诉求"))
    heading = blocks.CharBlock(label=_("小标题"), required=False, max_length=60)
    show_thread = blocks.BooleanBlock(label=_("显示办理过程"), required=False, default=True)

    class Meta:
        icon = "comment"
        label = _("民声诉求")
        template = "petitions/blocks/petition_block.html"
        group = _("民声")
        description = _("在报道中嵌入一条公开诉求的问答和办理过程。")

    def get_context(self, value, parent_context=None):
        """The page showing the block shows the petition: its changes purge that page (``rongmei.cache``)."""
        cache.tag_object(value.get("petition"))
        return super().get_context(value, parent_context=parent_context)

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
