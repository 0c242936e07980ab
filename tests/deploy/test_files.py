"""deploy/'s files agree with the code: every setting the example environment sets is one the settings read,
every command a unit runs is one the environment file defines, and the nginx template renders completely."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
#: Names of the environment file that are not settings: what the units run, and Django's own.
COMMANDS = {"RONGMEI_WEB_COMMAND", "RONGMEI_WORKER_COMMAND", "RONGMEI_SCHEDULER_COMMAND"}


def example_names():
    names = re.findall(r"^#?([A-Z][A-Z0-9_]*)=", (DEPLOY / "rongmei.env.example").read_text(), re.MULTILINE)
    assert names, "no variables found in deploy/rongmei.env.example"
    return names


def test_every_variable_of_the_example_environment_is_read_by_the_settings():
    settings = "\n".join(path.read_text() for path in (ROOT / "site" / "settings").glob("*.py"))
    unknown = [
        name
        for name in example_names()
        if name not in COMMANDS | {"DJANGO_SETTINGS_MODULE"} and f'"{name}"' not in settings
    ]
    assert not unknown, f"deploy/rongmei.env.example sets what no setting reads: {unknown}"


@pytest.mark.parametrize("unit", sorted(path.name for path in (DEPLOY / "systemd").glob("*.service")))
def test_each_unit_runs_a_command_of_the_environment_file(unit):
    text = (DEPLOY / "systemd" / unit).read_text()
    assert "EnvironmentFile=/etc/rongmei/rongmei.env" in text
    used = set(re.findall(r"\$\$(RONGMEI_[A-Z_]+_COMMAND)", text))
    assert len(used) == 1, used
    assert used <= set(example_names())


def test_the_nginx_template_renders_every_name_and_refuses_a_missing_one():
    sys.path.insert(0, str(DEPLOY))
    try:
        from render_nginx import NAME, render
    finally:
        sys.path.remove(str(DEPLOY))
    names = set(NAME.findall((DEPLOY / "nginx.conf.template").read_text()))
    values = {name: f"/x/{name.lower()}" for name in names} | {"UPSTREAMS": "127.0.0.1:8001,127.0.0.1:8002"}
    text = render(values)
    assert not NAME.search(text)
    assert "server 127.0.0.1:8001;\n        server 127.0.0.1:8002;" in text
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in text  # nginx's own variables stay
    with pytest.raises(KeyError, match="MEDIA_ROOT"):
        render({name: value for name, value in values.items() if name != "MEDIA_ROOT"})
