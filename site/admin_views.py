"""What every custom admin view of the site shares.

``add_errors`` shows a refusal (a ``ValidationError``, the workflow's ``TransitionError`` too) on the form
that asked: each field's message at its field, the rest above the form.

Wagtail's ``WagtailAdminTemplateMixin`` starts the breadcrumbs with the dashboard ("首页") and, once a view
has breadcrumbs, the admin's slim header shows them instead of the title: a custom view that adds none is
headed "首页". ``TitledAdminTemplateMixin`` ends them with the view's own title.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_localize.views.report import TranslationsReportFilterSet


class TitledAdminTemplateMixin(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]


def add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field_name, errors in error.message_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, " ".join(error.messages))


def name_untranslatable_labels():
    """Labels that wagtail-localize builds from its models' field names, which no catalogue can reach:
    the translations report's language filters. Set once, at start-up."""
    TranslationsReportFilterSet.base_filters["source_locale"].label = _("原文语言")
    TranslationsReportFilterSet.base_filters["target_locale"].label = _("译文语言")
