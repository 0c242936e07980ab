"""``{{ text|in_script }}``: residents' text (petitions, messages, ads), stored once as written, shown in
the script of the page's language (traditional on zh-hant pages, unchanged elsewhere)."""

from django import template

from rongmei.chinese import display_script

register = template.Library()


@register.filter
def in_script(text):
    return display_script(text if text is None else str(text))
