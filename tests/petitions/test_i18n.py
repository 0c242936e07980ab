"""Every string of the petition app has an English and a traditional-Chinese translation."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[2] / "petitions" / "locale"


@pytest.mark.parametrize("language", ["en", "zh_Hant"])
def test_the_catalogue_is_complete(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    missing = [message.id for message in catalogue if message.id and (not message.string or message.fuzzy)]
    assert missing == []


def test_the_board_speaks_english(client, board):
    from django.utils import translation

    with translation.override("en"):
        from petitions.intake.views import BoardFilterForm

        assert str(BoardFilterForm().fields["sort"].choices[0][1]) == "Newest"
