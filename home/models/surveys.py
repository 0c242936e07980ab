"""问卷调查 / 网络投票: survey and vote pages, their fields and residents' submissions."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from rongmei.fields import ResidentTextField

from .. import participation


class SurveyFormBuilder(FormBuilder):
    """Text answers as every public form takes them (``rongmei.fields.ResidentTextField``); a long
    answer is at most ``MULTILINE_MAX_LENGTH`` characters, a short one Wagtail's 255."""

    MULTILINE_MAX_LENGTH = 2000

    def create_singleline_field(self, field, options):
        return ResidentTextField(max_length=255, **options)

    def create_multiline_field(self, field, options):
        return ResidentTextField(max_length=self.MULTILINE_MAX_LENGTH, widget=forms.Textarea, **options)


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
    form_builder = SurveyFormBuilder
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
        return participation.window_state(self.opens_at, self.closes_at, now)

    def has_participated(self, request):
        if participation.signed_cookie(request, self.cookie_name, "survey") == str(self.pk):
            return True
        user = participation.account(request)
        return user is not None and SurveySubmission.objects.filter(page=self, user=user).exists()

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
        if participation.too_frequent(request, f"survey:{self.pk}", self.RATE_LIMIT):
            return _("提交过于频繁，请稍后再试。")
        return None

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        response = super().render_landing_page(request, form_submission, *args, **kwargs)
        if form_submission is not None:
            participation.remember(response, self.cookie_name, str(self.pk), "survey")
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
