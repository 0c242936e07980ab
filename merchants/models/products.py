"""电商购物: local specialities, each with a link to the partner shop that sells it."""

from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from rongmei.languages import with_untranslated_sources


class ProductIndexPage(Page):
    """电商购物: the list of local products."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["merchants.ProductPage"]
    max_count_per_parent = 1
    PER_PAGE = 20

    class Meta:
        verbose_name = _("电商购物首页")
        verbose_name_plural = _("电商购物首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        products = (
            with_untranslated_sources(ProductPage.objects, self)
            .live()
            .public()
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-first_published_at", "-pk")
        )
        context["page_obj"] = Paginator(products, self.PER_PAGE).get_page(request.GET.get("page"))
        return context


class ProductPage(Page):
    """One local product: who makes it, where it comes from, its price and where to buy it."""

    producer = models.CharField(_("生产者"), max_length=80)
    origin = models.CharField(_("产地"), max_length=80)
    price = models.DecimalField(
        _("价格（元）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("价格不能为负数。"))],
    )
    unit = models.CharField(_("规格"), max_length=30, blank=True, help_text=_("如 500克/袋。"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("主图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("一句话介绍"), max_length=120, blank=True)
    description = RichTextField(_("详细介绍"), blank=True, features=["bold", "ul", "ol", "link"])
    shop_url = models.URLField(_("购买链接"), help_text=_("合作网店的商品页面。"))
    shop_name = models.CharField(_("网店名称"), max_length=60, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("producer"), FieldPanel("origin")]),
        FieldRowPanel([FieldPanel("price"), FieldPanel("unit")]),
        FieldPanel("image"),
        InlinePanel("gallery_images", label=_("更多图片")),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("shop_name"), FieldPanel("shop_url")]),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("producer"),
        index.SearchField("origin"),
        index.SearchField("description"),
    ]

    parent_page_types = ["merchants.ProductIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("特产商品")
        verbose_name_plural = _("特产商品")

    @property
    def card_summary(self):
        return self.summary

    @property
    def card_image(self):
        return self.image

    @property
    def card_meta(self):
        return f"¥{self.price} · {self.origin}"


class ProductGalleryImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("image")]

    class Meta(Orderable.Meta):
        verbose_name = _("商品图片")
        verbose_name_plural = _("商品图片")
