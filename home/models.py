"""The home page, plain pages, site settings, service guides (便民服务) and surveys and votes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from rongmei.ratelimit import client_ip, hit

from .blocks import BodyBlock, StepBlock
from .sections import get_home_sections


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """What editors can change about the whole site: name, logo, contacts, footer and filing numbers."""

    site_name = models.CharField(_("网站名称"), max_length=60, default="融媒")
    slogan = models.CharField(_("口号"), max_length=120, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hotline = models.CharField(_("服务热线"), max_length=40, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    icp_number = models.CharField(
        _("ICP备案号"), max_length=60, blank=True, help_text=_("例如 京ICP备12345678号")
    )
    police_number = models.CharField(_("公安备案号"), max_length=60, blank=True)
    copyright = models.CharField(_("版权声明"), max_length=200, blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("slogan"), FieldPanel("logo")], _("网站")),
        MultiFieldPanel([FieldPanel("hotline"), FieldPanel("email"), FieldPanel("address")], _("联系方式")),
        MultiFieldPanel(
            [FieldPanel("icp_number"), FieldPanel("police_number"), FieldPanel("copyright")], _("页脚")
        ),
        InlinePanel("footer_links", label=_("页脚链接")),
    ]

    class Meta:
        verbose_name = _("网站设置")
        verbose_name_plural = _("网站设置")


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="footer_links", on_delete=models.CASCADE)
    title = models.CharField(_("文字"), max_length=60)
    url = models.CharField(_("链接"), max_length=300, help_text=_("站内路径（如 /zh-hans/about/）或完整网址"))

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("页脚链接")
        verbose_name_plural = _("页脚链接")

    def clean(self):
        if not (self.url.startswith("/") or self.url.startswith(("http://", "https://"))):
            raise ValidationError(
                {"url": _("请填写以 / 开头的站内路径，或以 http:// 或 https:// 开头的网址。")}
            )


class HomePage(Page):
    """The front page of one language: a welcome, then every section of the site that has content."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("头图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("补充内容"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("hero_image"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.ServiceIndexPage",
        "home.SurveyPage",
        "newsroom.NewsIndexPage",
        "newsroom.DepartmentIndexPage",
        "newsroom.LivePage",
        "newsroom.QASessionPage",
        "petitions.PetitionBoardPage",
        "merchants.DirectoryIndexPage",
        "merchants.ClassifiedBoardPage",
        "merchants.ProductIndexPage",
    ]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = get_home_sections(request, self)
        return context


class StandardPage(Page):
    """A plain page: about us, contact, privacy policy."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")


class ServiceIndexPage(Page):
    """便民服务: the list of service categories."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ServiceCategoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("便民服务首页")
        verbose_name_plural = _("便民服务首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = ServiceCategoryPage.objects.child_of(self).live().public().specific()
        guides = ServiceGuidePage.objects.descendant_of(self).live().public().order_by("path")
        by_parent = {}
        for guide in guides:
            by_parent.setdefault(guide.path[: -Page.steplen], []).append(guide)
        context["categories"] = [(category, by_parent.get(category.path, [])) for category in categories]
        return context


class ServiceCategoryPage(Page):
    """A group of service guides: 生活, 交通, 教育, 企业 ..."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)
    icon = models.CharField(
        _("图标"),
        max_length=2,
        blank=True,
        help_text=_("一个字或符号，显示在分类卡片上，例如 住、行、学、企。"),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("icon")]

    parent_page_types = ["home.ServiceIndexPage"]
    subpage_types = ["home.ServiceGuidePage"]

    class Meta:
        verbose_name = _("服务分类")
        verbose_name_plural = _("服务分类")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = ServiceGuidePage.objects.child_of(self).live().public()
        return context


class ServiceGuidePage(Page):
    """How to get one thing done: what to bring, where, when, what it costs, the steps, online link."""

    summary = models.CharField(_("事项简介"), max_length=300, blank=True)
    materials = RichTextField(_("所需材料"), blank=True, features=["bold", "ol", "ul", "link"])
    location = models.CharField(_("办理地点"), max_length=200, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    fees = models.CharField(_("收费标准"), max_length=200, blank=True)
    time_limit = models.CharField(_("办理时限"), max_length=100, blank=True)
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name=_("办理步骤"),
        blank=True,
    )
    online_url = models.URLField(_("网上办理链接"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("详细说明"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("hours"), FieldPanel("phone")]),
                FieldRowPanel([FieldPanel("fees"), FieldPanel("time_limit")]),
                FieldPanel("online_url"),
            ],
            _("办理信息"),
        ),
        FieldPanel("materials"),
        FieldPanel("steps"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("materials"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.ServiceCategoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")


class SurveyFormField(AbstractFormField):
    page = ParentalKey("SurveyPage", on_delete=models.CASCADE, related_name="form_fields")


class SurveySubmission(AbstractFormSubmission):
    """One resident's answers; ``user`` is kept when they were signed in, so one account votes once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class SurveyPage(RoutablePageMixin, AbstractEmailForm):
    """问卷调查 / 网络投票: a Wagtail form page with results for editors and, if allowed, for residents."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("问卷调查")
        VOTE = "vote", _("网络投票")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.SURVEY)
    intro = RichTextField(_("说明"), blank=True)
    thank_you_text = RichTextField(_("提交后的感谢语"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    one_per_person = models.BooleanField(
        _("每人限提交一次"), default=True, help_text=_("同一浏览器或同一账号只能提交一次。")
    )
    results_public = models.BooleanField(
        _("向居民公开结果"), default=False, help_text=_("勾选后，提交者和访客都能查看统计结果。")
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("kind"),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("题目")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("one_per_person"),
                FieldPanel("results_public"),
            ],
            _("规则"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            _("邮件通知（可选）"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    template = "home/survey_page.html"
    landing_page_template = "home/survey_page_landing.html"

    # Submissions from one address in this many seconds, beyond which the form is refused.
    RATE_LIMIT = (20, 600)

    class Meta:
        verbose_name = _("问卷与投票")
        verbose_name_plural = _("问卷与投票")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})

    # --- state -----------------------------------------------------------------------------------

    @property
    def cookie_name(self):
        return f"survey-{self.pk}"

    def state(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "upcoming"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def has_participated(self, request):
        signed = request.get_signed_cookie(self.cookie_name, default=None, salt="survey")
        if signed == str(self.pk):
            return True
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return SurveySubmission.objects.filter(page=self, user=user).exists()
        return False

    def can_see_results(self, request):
        if self.results_public:
            return True
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and self.permissions_for_user(user).can_edit())

    # --- form builder hooks ----------------------------------------------------------------------

    def get_submission_class(self):
        return SurveySubmission

    def process_form_submission(self, form):
        user = form.user if getattr(form, "user", None) and form.user.is_authenticated else None
        submission = SurveySubmission.objects.create(
            form_data=form.cleaned_data,
            page=self,
            user=user,
        )
        if self.to_address:
            self.send_mail(form)
        return submission

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The survey itself: the form, or a refusal when the resident may not submit."""
        if request.method == "POST":
            refusal = self.refusal_reason(request)
            if refusal:
                context = self.get_context(request)
                context["form"] = self.get_form(page=self, user=request.user)
                context["refusal"] = refusal
                return render(request, self.get_template(request), context, status=403)
        return AbstractEmailForm.serve(self, request)

    def refusal_reason(self, request):
        state = self.state()
        if state == "upcoming":
            return _("本次活动尚未开始。")
        if state == "closed":
            return _("本次活动已经结束，感谢关注。")
        if self.one_per_person and self.has_participated(request):
            return _("您已经提交过了，每人只能参与一次。")
        if not hit(f"survey:{self.pk}:ip:{client_ip(request)}", *self.RATE_LIMIT):
            return _("提交过于频繁，请稍后再试。")
        return None

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        response = super().render_landing_page(request, form_submission, *args, **kwargs)
        if form_submission is not None:
            response.set_signed_cookie(
                self.cookie_name,
                str(self.pk),
                salt="survey",
                max_age=60 * 60 * 24 * 365,
                httponly=True,
                samesite="Lax",
            )
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["state"] = self.state()
        context["participated"] = self.has_participated(request)
        context["can_see_results"] = self.can_see_results(request)
        return context

    # --- results ---------------------------------------------------------------------------------

    CHOICE_TYPES = ("radio", "checkboxes", "dropdown", "multiselect")

    def get_results(self):
        """Counts per option of every choice question, with percentages of all submissions."""
        fields = [field for field in self.get_form_fields() if field.field_type in self.CHOICE_TYPES]
        builder = FormBuilder(fields)
        submissions = list(SurveySubmission.objects.filter(page=self).values_list("form_data", flat=True))
        total = len(submissions)
        results = []
        for field in fields:
            options = [choice for choice, _label in builder.get_formatted_field_choices(field)]
            counts = dict.fromkeys(options, 0)
            for data in submissions:
                answer = data.get(field.clean_name)
                for choice in answer if isinstance(answer, list) else [answer]:
                    if choice in counts:
                        counts[choice] += 1
            results.append(
                {
                    "label": field.label,
                    "options": [
                        {
                            "label": option,
                            "count": counts[option],
                            "percent": round(100 * counts[option] / total, 1) if total else 0,
                        }
                        for option in options
                    ],
                }
            )
        return {"total": total, "questions": results}

    @path("results/", name="results")
    def results_view(self, request):
        if not self.can_see_results(request):
            context = self.get_context(request)
            context["refusal"] = _("本次调查的结果暂未公开。")
            return render(request, "home/survey_results.html", context, status=403)
        context = self.get_context(request)
        context["results"] = self.get_results()
        return render(request, "home/survey_results.html", context)

    def serve_preview(self, request, mode_name):
        return AbstractEmailForm.serve_preview(self, request, mode_name)
