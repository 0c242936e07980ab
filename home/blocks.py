"""StreamField blocks shared by every app's pages (bakerydemo's ``base/blocks.py``).

App-specific blocks live beside their app (``newsroom/blocks.py``, ``petitions/blocks.py``) and are
added to ``BodyBlock``'s children there.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .icons import ICONS
from .sections import section_choices

TEXT_GROUP = _("文字")
MEDIA_GROUP = _("图片与媒体")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=120)
    size = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题")), ("h4", _("四级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "blocks/heading_block.html"
        group = TEXT_GROUP
        preview_value = {"text": "办理流程", "size": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)
    alt_text = blocks.CharBlock(
        label=_("替代文字"),
        required=False,
        max_length=200,
        help_text=_("为视障读者描述图片内容；留空时使用图片标题。"),
    )

    class Meta:
        icon = "image"
        label = _("图片")
        template = "blocks/image_block.html"
        group = MEDIA_GROUP


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(label=_("出处"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "blocks/quote_block.html"
        group = TEXT_GROUP
        preview_value = {"text": "把群众的每一件小事都当成大事来办。", "attribution": "融媒体中心"}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("附件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("附件下载")
        template = "blocks/document_block.html"
        group = MEDIA_GROUP


class LinkValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        return page.url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("链接文字"), max_length=120)
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.URLBlock(label=_("外部链接"), required=False)

    def clean(self, value):
        result = super().clean(value)
        if bool(result.get("page")) == bool(result.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": blocks.BlockValidationError(_("请选择站内页面或填写外部链接，二选一。"))}
            )
        return result

    class Meta:
        icon = "link"
        label = _("链接")
        value_class = LinkValue


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("标题"), required=False, max_length=80, default="相关链接")
    links = blocks.ListBlock(LinkBlock(), label=_("链接"))

    class Meta:
        icon = "list-ul"
        label = _("相关链接")
        template = "blocks/related_links_block.html"
        group = TEXT_GROUP


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("正文段落"),
        features=["bold", "italic", "link", "ol", "ul", "hr", "document-link", "h2", "h3"],
        icon="pilcrow",
        group=TEXT_GROUP,
        template="blocks/paragraph_block.html",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("视频或外部内容"),
        icon="media",
        group=MEDIA_GROUP,
        help_text=_("粘贴视频页面地址，例如央视频、哔哩哔哩。"),
        template="blocks/embed_block.html",
    )
    document = DocumentBlock()
    related_links = RelatedLinksBlock()

    class Meta:
        block_counts = {}


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("步骤"), max_length=120)
    description = blocks.TextBlock(label=_("说明"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("办理步骤")
        template = "blocks/step_block.html"
        preview_value = {"title": "网上预约", "description": "登录政务服务网，选择办理事项并预约时间。"}


# --- the home page's arrangement (see ``home.sections``) -------------------------------------------------


class SectionBlock(blocks.StructBlock):
    """One section an app declares (要闻, 民声, 吃喝玩乐 …), placed where the editor puts it."""

    section = blocks.ChoiceBlock(label=_("栏目"), choices=section_choices)
    heading = blocks.CharBlock(
        label=_("标题"), required=False, max_length=40, help_text=_("留空时使用栏目的默认标题。")
    )
    limit = blocks.IntegerBlock(
        label=_("显示条数"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("留空时使用栏目的默认条数。"),
    )

    class Meta:
        icon = "placeholder"
        label = _("栏目")
        preview_value = {"section": "petitions", "heading": "", "limit": 4}


class ServiceIconValue(LinkValue):
    def icon_template(self):
        return f"home/icons/{self.get('icon')}.svg"


class ServiceIconBlock(LinkBlock):
    icon = blocks.ChoiceBlock(label=_("图标"), choices=ICONS, default="home")

    class Meta:
        icon = "link"
        label = _("服务入口")
        value_class = ServiceIconValue


class ServiceGridBlock(blocks.StructBlock):
    """A grid of service icons (办事入口): each an SVG icon, a label and a page or an address."""

    heading = blocks.CharBlock(label=_("标题"), max_length=40, default="便民服务")
    items = blocks.ListBlock(ServiceIconBlock(), label=_("服务入口"), min_num=1, max_num=16)

    class Meta:
        icon = "grip"
        label = _("服务图标")


class HomeSectionsBlock(blocks.StreamBlock):
    section = SectionBlock()
    service_grid = ServiceGridBlock()

    class Meta:
        block_counts = {}
