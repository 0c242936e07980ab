"""Machine translation between the two Chinese scripts, for wagtail-localize.

An editor makes a page's traditional-script version in one click ("机器翻译" in the translation editor);
OpenCC converts each string's text and leaves its markup alone (wagtail-localize has already moved
links and attributes out of the string). The seed command uses ``translate_instance`` to build the demo
site's translations the same way.
"""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from rongmei.chinese import to_simplified, to_traditional

CONVERTERS = {
    ("zh-hans", "zh-hant"): to_traditional,
    ("zh-hant", "zh-hans"): to_simplified,
}


def script_converter(source_language, target_language):
    return CONVERTERS.get((source_language.lower(), target_language.lower()))


def external_translator():
    """The translator for other languages (English), from ``RONGMEI_EXTERNAL_MACHINE_TRANSLATOR``
    (``{"CLASS": dotted path, "OPTIONS": {...}}``, the form wagtail-localize uses); None when not set."""
    config = getattr(settings, "RONGMEI_EXTERNAL_MACHINE_TRANSLATOR", None)
    if not config or not config.get("CLASS"):
        return None
    return import_string(config["CLASS"])(config.get("OPTIONS", {}))


class OpenCCTranslator(BaseMachineTranslator):
    """Between the two Chinese scripts: OpenCC, here and now. Any other pair (zh-hans to English): the
    configured external translator, if any; otherwise the editor translates by hand."""

    display_name = _("OpenCC 简繁转换")

    def can_translate(self, source_locale, target_locale):
        if script_converter(source_locale.language_code, target_locale.language_code) is not None:
            return True
        external = external_translator()
        return external is not None and external.can_translate(source_locale, target_locale)

    def translate(self, source_locale, target_locale, strings):
        convert = script_converter(source_locale.language_code, target_locale.language_code)
        if convert is None:
            external = external_translator()
            if external is None:
                return {}
            return external.translate(source_locale, target_locale, strings)
        return {string: StringValue(convert(string.data)) for string in strings}


@transaction.atomic
def translate_instance(instance, language_code, strings=None, user=None, publish=True):
    """Create or refresh ``instance``'s translation into ``language_code`` and return the target.

    Between the Chinese scripts every string is converted by OpenCC; into another language the
    ``strings`` mapping (source text to translated text) supplies what is known and anything missing
    stays in the source language until an editor translates it.

    The target is published here and now: wagtail-localize's own publishing waits for the outer
    transaction to commit and then publishes the page object it held, whose tree counts are stale
    once more pages were added below it in the same transaction (as the demo command does).
    """
    locale = Locale.objects.get(language_code=language_code)
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    Translation.objects.update_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    convert = script_converter(source.locale.language_code, language_code)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = segment.string.data
        translated = convert(text) if convert else (strings or {}).get(text)
        if not translated:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": translated,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                "tool_name": str(OpenCCTranslator.display_name) if convert else "seed",
                "has_error": False,
                "field_error": "",
            },
        )
    source.create_or_update_translation(
        locale, user=user, publish=False, copy_parent_pages=True, fallback=True
    )
    target = instance.get_translation(locale)
    if publish and isinstance(target, Page):
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
