"""市区两级 with two real sites: a city's and a district's, each its own server and database, on 127.0.0.1.

Nothing is mocked: the two servers (``tests.servers``: the development server on free ports, each on a
copy of the migrated test database — two SQLite files, or two PostgreSQL databases when ``DATABASE_URL``
names a server) talk HTTP to each other exactly as two installations would. Each is configured by the
management commands an administrator runs (``city_add_district`` on the city, ``city_link`` on the
district, the credentials passed in a file), run with the staff's steps through the workflow in one
``manage.py shell`` per site (so no step pays for starting Django again), where the tick runs too
(``petitions_tick``); residents use the JSON API.

The story: a resident posts on the district's site; the district forwards it up (上报市级); it is on the
city's site, counted as 区县上报 from that district; the city's unit answers; the district's tick picks
the answer up and the resident reads it on the district's site. Then a city resident's petition is
dispatched by the city to the district (交办); it arrives on the district's site, the district's unit
replies, and the city's resident reads that reply on the city's site and rates it.
"""

import json
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.helpers import solve_captcha
from tests.servers import MANAGE, ROOT, demo_database, free_port, running_server, site_environment

# the database mark makes pytest-django build the test database that both sites start as a copy of;
# tests/conftest.py puts the module on one worker
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SETUP = """
from petitions.factories import DepartmentFactory, EditorFactory, TopicFactory, department_staff
TopicFactory(name="城建", slug="urban")
unit = DepartmentFactory(name={unit!r}, slug={slug!r})
department_staff(unit)
EditorFactory(username="editor")
"""

COMMAND = """
from django.core.management import call_command
call_command({name!r}, **{options!r})
"""

DISTRICT_FORWARDS = """
import json
from django.contrib.auth import get_user_model
from petitions import workflow
from petitions.models import CityCase, CityLink, Petition
editor = get_user_model().objects.get(username="editor")
petition = Petition.objects.get(number={number!r})
workflow.perform(petition, "accept", editor)
link = CityLink.objects.get()
workflow.perform(petition, "forward_to_city", editor, department=link.department, note="属市级事权")
case = CityCase.objects.get(petition=petition)
print(json.dumps({{"city_number": case.city_number, "call": case.calls.get().status}}))
"""

CITY_ANSWERS_AND_DISPATCHES = """
import json
from django.contrib.auth import get_user_model
from petitions import workflow
from petitions.factories import department_staff
from petitions.models import Department, Petition, WebhookDelivery
editor = get_user_model().objects.get(username="editor")
housing = Department.objects.get(slug="city-housing")
staff = department_staff(housing)
forwarded = Petition.objects.select_related("source_key").get(number={forwarded!r})
seen = {{"channel": forwarded.intake_channel, "key": forwarded.source_key.name, "phone": forwarded.contact_phone}}
workflow.perform(forwarded, "accept", editor)
workflow.perform(forwarded, "dispatch", editor, department=housing)
workflow.perform(forwarded, "claim", staff)
workflow.perform(forwarded, "reply", staff, body="市住建局已安排维修，三个工作日内完成。")
own = Petition.objects.get(number={own!r})
workflow.perform(own, "accept", editor)
workflow.perform(own, "dispatch", editor, department=Department.objects.get(slug="xiqu"), note="请西区办理")
own.refresh_from_db()
delivery = WebhookDelivery.objects.get(event__petition=own)
seen.update(delivery=delivery.status, error=delivery.last_error, own_status=own.status)
print(json.dumps(seen, ensure_ascii=False))
"""

DISTRICT_REPLIES = """
import json
from django.contrib.auth import get_user_model
from petitions import workflow
from petitions.factories import department_staff
from petitions.models import CityCase, Department
editor = get_user_model().objects.get(username="editor")
case = CityCase.objects.select_related("petition").get(direction="down", city_number={own!r})
streets = Department.objects.get(slug="xiqu-chengguan")
staff = department_staff(streets)
workflow.perform(case.petition, "dispatch", editor, department=streets)
workflow.perform(case.petition, "claim", staff)
workflow.perform(case.petition, "reply", staff, body="西区城管局已清理路面，感谢反映。")
print(json.dumps({{
    "channel": case.petition.intake_channel,
    "contact": case.petition.contact_phone,
    "calls": [[call.action, call.status, call.last_error] for call in case.calls.order_by("pk")],
}}, ensure_ascii=False))
"""


# One process per site in which its staff act: each script, sent as a line of JSON, is run with its output
# captured and answered as a line of JSON (so no step pays for starting Django again).
CONSOLE = r"""
import contextlib, io, json, sys, traceback
for line in sys.stdin:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(json.loads(line), {})
        answer = {"out": out.getvalue()}
    except Exception:
        answer = {"out": out.getvalue(), "error": traceback.format_exc()}
    sys.__stdout__.write(json.dumps(answer) + "\n")
    sys.__stdout__.flush()
"""


class Site:
    def __init__(self, name, workdir, database_url, port):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        self.env = site_environment(workdir / name, database_url, port)
        (workdir / name).mkdir()

    def open_console(self):
        self.console = subprocess.Popen(
            [*MANAGE, "shell", "-v0", "-c", CONSOLE],
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self.console

    def run(self, script):
        """Run ``script`` in the site's console; the last line it printed, read as JSON (else all it printed)."""
        self.console.stdin.write(json.dumps(script) + "\n")
        self.console.stdin.flush()
        answer = json.loads(self.console.stdout.readline() or '{"error": "the console stopped"}')
        assert "error" not in answer, f"{self.name}: {answer['error']}"
        lines = answer["out"].strip().splitlines() or ["null"]
        try:
            return json.loads(lines[-1])
        except ValueError:
            return answer["out"]  # what a command printed

    def close_console(self):
        self.console.stdin.close()
        self.console.wait(timeout=30)

    def api(self, path, data=None):
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(data).encode() if data is not None else None,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def post_petition(self, title, content):
        _status, challenge = self.api("/api/petitions/captcha/")
        status, data = self.api(
            "/api/petitions/",
            {
                "kind": "complaint",
                "topic": self.topic_id(),
                "title": title,
                "content": content,
                "address": "幸福路 12 号",
                "contact_phone": "13812345678",
                "is_anonymous": True,
                "is_public": True,
                "captcha_token": challenge["token"],
                "captcha_answer": solve_captcha(challenge["question"]),
            },
        )
        assert status == 201, data
        return data

    def topic_id(self):
        _status, topics = self.api("/api/topics/")
        return next(topic["id"] for topic in topics if topic["name"] == "城建")

    def track(self, code):
        status, data = self.api("/api/petitions/track/", {"code": code})
        assert status == 200, data
        return data


@pytest.fixture(scope="module")
def sites(django_db_setup, django_db_blocker):
    """The city's site and the district's, configured as an administrator would, and serving."""
    workdir = Path(tempfile.mkdtemp(prefix="rongmei-city-"))
    try:
        with ExitStack() as stack:
            city_db = stack.enter_context(demo_database(workdir, django_db_blocker, name="city"))
            district_db = stack.enter_context(demo_database(workdir, django_db_blocker, name="district"))
            city = Site("city", workdir, city_db, free_port())
            district = Site("district", workdir, district_db, free_port())
            # the servers start while each site's staff console sets the site up; the city registers the
            # district, and the district links to the city with the credentials the city printed (in a file
            # only they can read: never on a command line)
            for site in (city, district):
                stack.callback(site.close_console)
                site.open_console()
            stack.enter_context(running_server(city.env, city.port))
            stack.enter_context(running_server(district.env, district.port))
            city.run(SETUP.format(unit="市住房和城乡建设局", slug="city-housing"))
            credentials = city.run(
                COMMAND.format(
                    name="city_add_district",
                    options={
                        "name": "西区",
                        "slug": "xiqu",
                        "receiver_url": f"{district.url}/exchange/city/events/",
                    },
                )
            )
            secrets = workdir / "credentials.json"
            secrets.write_text(json.dumps(credentials))
            secrets.chmod(0o600)
            district.run(SETUP.format(unit="西区城管局", slug="xiqu-chengguan"))
            district.run(
                COMMAND.format(
                    name="city_link", options={"city_url": f"{city.url}/", "credentials": str(secrets)}
                )
            )
            yield city, district
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def labels(tracked, kind):
    return [step for step in tracked["thread"] if step["kind"] == kind]


def test_a_district_and_its_city_exchange_petitions_both_ways(sites):
    city, district = sites
    # residents post on each site (which also warms each server up before the other calls it)
    own = city.post_petition("人民广场路面塌陷", "人民广场东侧人行道路面塌陷，已有行人摔倒，请尽快修复。")
    posted = district.post_petition(
        "幸福路路灯不亮", "幸福路 12 号小区门口的路灯坏了一个星期，晚上出门很不方便。"
    )

    # 上报: the district's editor accepts and forwards it; the city's Open311 takes it at once
    forwarded = district.run(DISTRICT_FORWARDS.format(number=posted["number"]))
    assert forwarded["call"] == "done", forwarded
    assert forwarded["city_number"].startswith("MS-")

    # on the city it is a 区县上报 petition from 西区, answered by the city's unit; and the city dispatches
    # its own resident's petition to the district (交办), whose receiver takes it at once
    seen = city.run(CITY_ANSWERS_AND_DISPATCHES.format(forwarded=forwarded["city_number"], own=own["number"]))
    assert seen["channel"] == "district" and seen["key"].startswith("西区")
    assert seen["phone"] == "13812345678"  # the handling unit's system has the contact, as today
    assert seen["delivery"] == "delivered", seen
    assert seen["own_status"] == "processing"  # the district's receiver claimed it up at once

    # the district's tick reads the city's progress; the resident reads the city's answer on the district
    district.run(COMMAND.format(name="petitions_tick", options={}))
    tracked = district.track(posted["tracking_code"])
    assert tracked["status"] == "replied"
    assert [step["label"] for step in labels(tracked, "forwarded")] == ["已上报市级"]
    assert [step["body"] for step in labels(tracked, "reply")] == ["市住建局已安排维修，三个工作日内完成。"]

    # 交办: the district's unit handles the city's petition and replies; the reply goes up at once
    replied = district.run(DISTRICT_REPLIES.format(own=own["number"]))
    assert replied["channel"] == "city_dispatch" and replied["contact"] == "13812345678"
    assert [call[:2] for call in replied["calls"]] == [["claim", "done"], ["reply", "done"]], replied

    # the city's resident reads the district's reply on the city's site, and rates it
    answer = city.track(own["tracking_code"])
    assert answer["status"] == "replied"
    assert [step["body"] for step in labels(answer, "reply")] == ["西区城管局已清理路面，感谢反映。"]
    status, rated = city.api(
        "/api/petitions/track/rate/", {"code": own["tracking_code"], "rating": "satisfied"}
    )
    assert status == 200 and rated["status"] == "closed", rated
