"""A petition's status and kind labels, read on every row of a list, in the visitor's language."""

from unittest import mock

import pytest
from django.utils import translation

from petitions.factories import PetitionFactory
from petitions.models import Petition, PetitionMessage

pytestmark = pytest.mark.django_db


def test_labels_follow_the_active_language(topic):
    petition = PetitionFactory(topic=topic)
    with translation.override("zh-hans"):
        assert petition.get_status_display() == "待审核" == str(Petition.Status.PENDING.label)
    with translation.override("en"):
        assert petition.get_status_display() == "Pending" == str(Petition.Status.PENDING.label)


def test_a_value_outside_the_choices_is_shown_as_it_is(topic):
    petition = PetitionFactory(topic=topic)
    petition.status = "no-such-status"
    assert petition.get_status_display() == "no-such-status"
    message = PetitionMessage(kind="reply")
    assert message.get_kind_display() == str(PetitionMessage.Kind.REPLY.label)


def test_one_label_is_translated_not_every_choice(topic):
    petition = PetitionFactory(topic=topic)
    petition.get_status_display()  # the field's labels are kept after the first call
    translate = translation._trans.gettext  # what every lazy label calls when it is read
    with mock.patch.object(translation._trans, "gettext", wraps=translate) as gettext:
        petition.get_status_display()
    assert gettext.call_count == 1
