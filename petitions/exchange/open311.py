# Over 450 lines: the whole GeoReport v2 surface (discovery, services, requests in JSON and XML) reads as one.
"""Open311 GeoReport v2 at ``/open311/v2/`` (http://wiki.open311.org/GeoReport_v2).

- ``discovery.{json|xml}``; ``services.{fmt}`` (one service per active topic, its slug the
  ``service_code``); ``services/{code}.{fmt}`` (the definition: one optional attribute, ``kind``);
- ``requests.{fmt}`` GET with the spec's filters (``service_request_id``, ``service_code``,
  ``start_date``, ``end_date``, ``status``; the last 90 days and at most 1,000 rows by default) and POST
  with an ``api_key`` of the Open311 scope that editors issue in the admin (API 密钥); ``requests/{id}.{fmt}``.
- Paging the list, newest first: ``page_size`` (1 to 1,000, default 1,000) rows per answer; when more
  match, the answer carries ``Link: <…&cursor=…>; rel="next"`` (RFC 8288), the same query continued after
  its last row. Each page is one indexed range read however deep (``petitions.intake.paging.Keyset``), its
  rows read as plain values and each row's texts masked in one pass. A client that only narrows
  ``end_date`` to the oldest ``requested_datetime`` it has seen still works as the spec intends.

Requests are petitions: ``service_request_id`` is the petition number. Lists hold only petitions on the
public board, with the same masked title, text and place as the board; a petition looked up by its id
that is not on the board (pending moderation, refused, private) answers with its status alone. No
answer ever carries a contact name, phone, account or tracking code — except the POST answer, which
gives the poster the tracking code once in ``service_notice``. Coordinates are rounded to 0.001° (about
100 m). ``status`` is ``open`` or ``closed``; the workflow state is in ``status_notes``.

POST goes through ``petitions.intake.services.submit_petition`` with the resident form (the API key stands in
for the captcha), so validation, screening, rate limits and moderation are the web form's. The petition
keeps the key it was posted with (``source_key``: on a city's site, the district that reported it). Two
additions to the spec: ``attribute[is_public]=false`` posts a private petition, and an
``Idempotency-Key`` header makes a repeated POST within ten minutes answer with the first petition.
"""

import datetime
import xml.etree.ElementTree as ET

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import re_path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.utils.urls import replace_query_param
from wagtail.models import Site

from rongmei.masking import mask_personal_data
from rongmei.ratelimit import client_ip, hit

from ..intake import services
from ..intake.forms import PetitionForm
from ..intake.paging import InvalidCursor, Keyset
from ..models import ApiKey, Department, Petition, PetitionStatus, Topic

FORMATS = {"json", "xml"}
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
CLOSED_STATUSES = {PetitionStatus.CLOSED, PetitionStatus.REJECTED}
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
SEPARATOR = "\x00"
#: The list's order, newest first: the board's index, and the cursor's values.
KEYSET = Keyset(Petition, ["-submitted_at", "-pk"])
ROW_FIELDS = [
    "id",
    "number",
    "status",
    "topic_id",
    "department_id",
    "title",
    "content",
    "address",
    "latitude",
    "longitude",
    "submitted_at",
    "updated_at",
    "due_at",
]


class Open311Error(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


# --- rendering ------------------------------------------------------------------------------------


def _xml_value(parent, key, value):
    element = ET.SubElement(parent, key)
    if isinstance(value, dict):
        for child_key, child_value in value.items():
            _xml_value(element, child_key, child_value)
    elif isinstance(value, list):
        item_tag = {
            "attributes": "attribute",
            "values": "value",
            "endpoints": "endpoint",
            "formats": "format",
        }
        for item in value:
            _xml_value(element, item_tag.get(key, "item"), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def render(data, fmt, *, root, item=None, status=200):
    """``data`` as JSON, or as XML under ``<root>`` (a list's members each in ``<item>``)."""
    if fmt == "xml":
        element = ET.Element(root)
        if isinstance(data, list):
            for entry in data:
                _xml_value(element, item, entry)
        else:
            for key, value in data.items():
                _xml_value(element, key, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
            element, encoding="utf-8", xml_declaration=False
        )
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error(fmt, status, description):
    return render(
        [{"code": status, "description": description}], fmt, root="errors", item="error", status=status
    )


def _w3c(value, zone=None):
    """An aware datetime in local time, to the second; ``zone`` saves looking the time zone up per call."""
    if not value:
        return None
    return value.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="seconds")


def read_limit():
    """Requests per minute and IP address (``OPEN311_RATE_LIMIT``, default 120)."""
    return getattr(settings, "OPEN311_RATE_LIMIT", 120)


def open311_view(view):
    """Wrap a view: check the format and the rate limit, turn ``Open311Error`` into the spec's errors."""

    def wrapped(request, fmt, **kwargs):
        if fmt not in FORMATS:
            return error("json", 400, _("格式只能是 json 或 xml。"))
        if not hit(f"open311:{client_ip(request)}", read_limit(), 60):
            return error(fmt, 429, _("请求太频繁，请稍后再试。"))
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as problem:
            return error(fmt, problem.status, problem.description)

    return csrf_exempt(wrapped)


# --- discovery and services -----------------------------------------------------------------------


@open311_view
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": "2026-11-01T00:00:00+08:00",
        "contact": _("融媒体中心民声板块"),
        "key_service": _("向融媒体中心编辑申请 API 密钥。"),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": "2026-11-01T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(data, fmt, root="discovery")


def _service(topic):
    return {
        "service_code": topic.slug,
        "service_name": topic.name,
        "description": topic.description,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": _("民声"),
    }


@open311_view
def service_list(request, fmt):
    return render([_service(topic) for topic in Topic.objects.active()], fmt, root="services", item="service")


@open311_view
def service_definition(request, fmt, code):
    topic = Topic.objects.active().filter(slug=code).first()
    if topic is None:
        raise Open311Error(404, _("没有这个服务代码。"))
    data = {
        "service_code": topic.slug,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("诉求类型，默认为投诉。"),
                "order": 1,
                "description": _("类型"),
                "values": [{"key": key, "name": str(name)} for key, name in Petition.Kind.choices],
            },
            {
                "variable": True,
                "code": "title",
                "datatype": "string",
                "required": False,
                "datatype_description": _("标题，不超过 60 字；不填时取描述的开头。"),
                "order": 2,
                "description": _("标题"),
            },
        ],
    }
    return render(data, fmt, root="service_definition")


# --- requests -------------------------------------------------------------------------------------


def _status_notes():
    """Each workflow state's label in the active language: ``status_notes``."""
    return {value: str(label) for value, label in PetitionStatus.choices}


def _request_data(petition):
    """A petition on the board as a service request."""
    return _service_request(
        {field: getattr(petition, field) for field in ROW_FIELDS},
        topic=(petition.topic.name, petition.topic.slug),
        agency=petition.department.name if petition.department_id else "",
        status_notes=_status_notes(),
        zone=timezone.get_current_timezone(),
    )


def _service_request(row, *, topic, agency, status_notes, zone):
    """The spec's request from a petition's ``values()`` row; its texts masked in one pass."""
    title, content, address = mask_together(row["title"], row["content"], row["address"])
    latitude, longitude = row["latitude"], row["longitude"]
    return {
        "service_request_id": row["number"],
        "status": "closed" if row["status"] in CLOSED_STATUSES else "open",
        "status_notes": status_notes[row["status"]],
        "service_name": topic[0],
        "service_code": topic[1],
        "requested_datetime": _w3c(row["submitted_at"], zone),
        "updated_datetime": _w3c(row["updated_at"], zone),
        "description": f"{title}\n{content}",
        "agency_responsible": agency,
        "service_notice": "",
        "expected_datetime": _w3c(row["due_at"], zone),
        "address": address,
        "address_id": "",
        "zipcode": "",
        "lat": round(float(latitude), 3) if latitude is not None else None,
        "long": round(float(longitude), 3) if longitude is not None else None,
        "media_url": "",
    }


def mask_together(*texts):
    """``mask_personal_data`` of each text, in one pass over them all: joined by a NUL, which no pattern
    can match across (it is neither a digit, a letter nor a space) and no stored text contains."""
    texts = [text or "" for text in texts]
    if any(SEPARATOR in text for text in texts):
        return [mask_personal_data(text) for text in texts]
    return mask_personal_data(SEPARATOR.join(texts)).split(SEPARATOR)


def _parse_date(value, name):
    # A "+08:00" offset sent unencoded in a query string arrives as " 08:00".
    parsed = parse_datetime(value.strip().replace(" ", "+"))
    if parsed is None:
        raise Open311Error(
            400, _("%(name)s 不是有效的日期时间（例如 2026-03-09T08:00:00+08:00）。") % {"name": name}
        )
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _split(value):
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _page_size(value):
    if value in (None, ""):
        return MAX_RESULTS
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_RESULTS:
        raise Open311Error(400, _("page_size 应为 1 到 %(max)s 之间的整数。") % {"max": MAX_RESULTS})
    return size


def request_list(request, fmt):
    query = request.GET
    petitions = Petition.objects.public()
    ids = _split(query.get("service_request_id"))
    if ids:
        # The spec: with ids, every other parameter is ignored.
        petitions = petitions.filter(number__in=ids[:MAX_RESULTS])
        size, position = MAX_RESULTS, None
    else:
        codes = _split(query.get("service_code"))
        if codes:
            petitions = petitions.filter(topic__slug__in=codes)
        start = _parse_date(query["start_date"], "start_date") if query.get("start_date") else None
        end = _parse_date(query["end_date"], "end_date") if query.get("end_date") else None
        if start and end and end < start:
            raise Open311Error(400, _("end_date 不能早于 start_date。"))
        if start is None and end is None:
            start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
        if start:
            petitions = petitions.filter(submitted_at__gte=start)
        if end:
            petitions = petitions.filter(submitted_at__lte=end)
        statuses = _split(query.get("status"))
        if any(value not in ("open", "closed") for value in statuses):
            raise Open311Error(400, _("status 只能是 open 或 closed。"))
        if statuses == ["open"]:
            petitions = petitions.exclude(status__in=CLOSED_STATUSES)
        elif statuses == ["closed"]:
            petitions = petitions.filter(status__in=CLOSED_STATUSES)
        size = _page_size(query.get("page_size"))
        position = _cursor_position(query.get("cursor"))
    rows = KEYSET.page(petitions.values(*ROW_FIELDS), position, size=size)
    more = len(rows) > size
    rows = rows[:size]
    topics = {pk: (name, slug) for pk, name, slug in Topic.objects.values_list("pk", "name", "slug")}
    department_ids = {row["department_id"] for row in rows if row["department_id"]}
    agencies = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
    notes, zone = _status_notes(), timezone.get_current_timezone()
    data = [
        _service_request(
            row,
            topic=topics[row["topic_id"]],
            agency=agencies.get(row["department_id"], ""),
            status_notes=notes,
            zone=zone,
        )
        for row in rows
    ]
    response = render(data, fmt, root="service_requests", item="request")
    if more:
        next_url = replace_query_param(request.build_absolute_uri(), "cursor", KEYSET.encode(rows[-1]))
        response["Link"] = f'<{next_url}>; rel="next"'
    return response


def _cursor_position(cursor):
    if cursor is None:
        return None
    try:
        values, backwards = KEYSET.decode(cursor)
    except InvalidCursor:
        values, backwards = None, True
    if backwards:
        raise Open311Error(400, _("cursor 无效，请使用上一页回答的 Link 头中的地址。"))
    return values


class Open311PetitionForm(PetitionForm):
    """The resident form without its captcha: the API key vouches for the client."""

    def clean_captcha_answer(self):
        return ""


def _form_data(post):
    description = (post.get("description") or "").strip()
    title = (post.get("attribute[title]") or "").strip()
    if not title and description:
        title = description.splitlines()[0][:60]
    name = " ".join(part for part in [post.get("last_name", ""), post.get("first_name", "")] if part).strip()
    topic = Topic.objects.active().filter(slug=post.get("service_code", "")).first()
    data = {
        "kind": post.get("attribute[kind]") or Petition.Kind.COMPLAINT,
        "topic": topic.pk if topic else "",
        "title": title,
        "content": description,
        "address": (post.get("address_string") or "").strip(),
        "contact_name": name[:30],
        "contact_phone": (post.get("phone") or "").strip(),
        "is_anonymous": "on",
        # a district's site forwards a private petition as private (attribute[is_public]=false)
        "is_public": "" if post.get("attribute[is_public]", "").lower() in ("false", "0", "no") else "on",
    }
    if post.get("lat") and post.get("long"):
        data["latitude"], data["longitude"] = post["lat"], post["long"]
    return data


def _form_errors(form):
    messages = []
    for field, errors in form.errors.items():
        label = "" if field == "__all__" else f"{field}: "
        messages.extend(f"{label}{message}" for message in errors)
    return "；".join(messages)


def request_create(request, fmt):
    # the spec's parameter; a department system's key is for answering back, not for posting requests
    key = ApiKey.objects.authenticate(request.POST.get("api_key"), scope=ApiKey.Scope.OPEN311)
    if key is None:
        raise Open311Error(403, _("api_key 缺失或无效。"))
    if not request.POST.get("service_code"):
        raise Open311Error(400, _("请提供 service_code。"))
    if not Topic.objects.active().filter(slug=request.POST["service_code"]).exists():
        raise Open311Error(404, _("没有这个服务代码。"))
    if not (request.POST.get("lat") and request.POST.get("long")) and not request.POST.get("address_string"):
        raise Open311Error(400, _("请提供位置：lat 和 long，或 address_string。"))
    data = _form_data(request.POST)
    # a client that may post again after a lost answer sends the same Idempotency-Key (as the JSON API)
    data["form_token"] = request.headers.get("Idempotency-Key", "")
    form = Open311PetitionForm(data)
    submission = services.submit_petition(
        form,
        ip=f"open311-key-{key.pk}",
        site=Site.find_for_request(request),
        intake_channel=key.petition_channel,
        api_key=key,
    )
    if submission is None:
        limited = any(
            error.code == "rate_limited" for errors in form.errors.as_data().values() for error in errors
        )
        # too many at once is a 429, which a client (a district's site) retries later; the rest is a 400
        raise Open311Error(429 if limited else 400, _form_errors(form))
    key.touch()
    notice = _("已收到，经审核后公开。查询码：%(code)s（请转告居民，用于查询和评价）") % {
        "code": submission.code
    }
    data = [{"service_request_id": submission.petition.number, "service_notice": notice, "account_id": ""}]
    return render(data, fmt, root="service_requests", item="request", status=201)


@open311_view
def requests_view(request, fmt):
    if request.method == "POST":
        return request_create(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, _("只支持 GET 和 POST。"))
    return request_list(request, fmt)


@open311_view
def request_detail(request, fmt, number):
    """One request on the board. A pending, rejected or private petition answers exactly as a number that
    does not exist, so numbers cannot be walked to learn what is hidden (its resident has the tracking code)."""
    petition = Petition.objects.public().select_related("topic", "department").filter(number=number).first()
    if petition is None:
        raise Open311Error(404, _("没有这个请求。"))
    return render([_request_data(petition)], fmt, root="service_requests", item="request")


FORMAT = r"\.(?P<fmt>[a-z]+)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, discovery, name="open311_discovery"),
    re_path(r"^services" + FORMAT, service_list, name="open311_services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FORMAT, service_definition, name="open311_service"),
    re_path(r"^requests" + FORMAT, requests_view, name="open311_requests"),
    re_path(r"^requests/(?P<number>[-\w]+)" + FORMAT, request_detail, name="open311_request"),
]
