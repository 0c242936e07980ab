"""StreamField blocks of news articles and channel posts (galleries, videos, file attachments) and of
live pages (the schedule).

``ArticleBodyBlock`` is the shared ``BodyBlock`` plus these. Blocks from other apps (the petition thread
block from the petitions app) join it in ``ArticleBodyBlock`` below: one line each.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import MEDIA_GROUP, BodyBlock
from petitions.blocks import PetitionBlock


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")


class GalleryValue(blocks.StructValue):
    def images(self):
        return [item["image"] for item in self.get("items") or [] if item.get("image")]


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("图集标题"), required=False, max_length=120)
    items = blocks.ListBlock(GalleryImageBlock(), label=_("图片"), min_num=1, max_num=60)

    class Meta:
        icon = "image"
        label = _("图集")
        template = "newsroom/blocks/gallery_block.html"
        group = MEDIA_GROUP
        value_class = GalleryValue


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("视频地址"), help_text=_("粘贴视频页面地址，例如央视频、哔哩哔哩。"))
    title = blocks.CharBlock(label=_("视频标题"), required=False, max_length=120)
    caption = blocks.CharBlock(label=_("视频说明"), required=False, max_length=200)

    class Meta:
        icon = "media"
        label = _("视频")
        template = "newsroom/blocks/video_block.html"
        group = MEDIA_GROUP


class AttachmentBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), required=False, max_length=80, default="附件")
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("文件")), label=_("文件"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("附件列表")
        template = "newsroom/blocks/attachment_block.html"
        group = MEDIA_GROUP


class ScheduleItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("时间"), max_length=40, help_text=_("例如 09:30 或 第一天 上午"))
    title = blocks.CharBlock(label=_("内容"), max_length=120)

    class Meta:
        icon = "time"
        label = _("日程")


class ArticleBodyBlock(BodyBlock):
    """The body of news articles and channel posts.

    Other apps' blocks are added here, one line each. ``NewsArticlePage.followed_petitions`` reads
    the blocks named in ``FOLLOW_UP_BLOCK_TYPES``.
    """

    gallery = GalleryBlock()
    video = VideoBlock()
    attachment = AttachmentBlock()
    petition = PetitionBlock()


# Body blocks whose value holds, under the key "petition", a petition that the story follows.
FOLLOW_UP_BLOCK_TYPES = ("petition",)
