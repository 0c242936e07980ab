"""Demo accounts under production settings: random passwords, never the demo's.

What the demo site holds at the size ``make run`` builds, and that running the command again adds nothing,
is checked on the one site tests/demo seeds.
"""

import io

import pytest
from django.contrib.auth import get_user_model

from home.management.commands.seed_demo import Command
from rongmei.demo import DEFAULT_PASSWORD, Demo

pytestmark = pytest.mark.django_db


def test_under_production_settings_new_accounts_get_random_passwords(settings):
    settings.RONGMEI_DEMO_PASSWORDS = False
    command = Command(stdout=io.StringIO())
    demo = Demo(command, {"verbosity": 1})
    demo.account("editor", name="编辑", groups=["Editors"])
    command.report(demo)
    output = command.stdout.getvalue()

    editor = get_user_model().objects.get(username="editor")
    assert not editor.check_password(DEFAULT_PASSWORD)
    assert DEFAULT_PASSWORD not in output
    # the one place the random password is given is the command's report to whoever ran it
    password = output.split("editor", 1)[1].split()[0]
    assert editor.check_password(password)
