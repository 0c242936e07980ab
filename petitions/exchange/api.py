# Over 450 lines: the serializers and the schema of every petition endpoint sit beside the views they describe.
"""This app's part of the project's JSON API (see ``rongmei.api``): petitions, departments, topics.

Posting and follow-ups use the same form and service as the web pages (``petitions.intake.forms``,
``petitions.intake.services``): the same validation, screening, captcha, honeypot, idempotency and rate
limits. Errors come back as ``{"errors": {"field": ["message", ...]}}``, with ``non_field_errors`` for
the rest. No answer ever contains a contact name or phone number.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from wagtail.models import Site

from rongmei import captcha, private_media
from rongmei.openapi import ERRORS
from rongmei.ratelimit import client_ip, hit, is_limited
from rongmei.routes import ID_PATTERN

from .. import workflow
from ..intake import services
from ..intake.coverage import coverage_of
from ..intake.forms import BoardFilterForm, FollowUpForm, PetitionForm, RatingForm
from ..intake.similar import SimilarForm, as_json, similar
from ..intake.thread import timeline
from ..models import Department, Petition, PetitionMessage, Topic
from ..reporters import columns as reporting
from . import webhook_api
from .pagination import PetitionCursorPagination

# --- serializers ------------------------------------------------------------------------------------


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = [
            "id",
            "name",
            "short_name",
            "slug",
            "kind",
            "parent",
            "accepts_petitions",
            "phone",
            "address",
        ]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name", "slug", "description", "reply_days"]


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PetitionSerializer(serializers.Serializer):
    """A petition as the public sees it: masked text, no contact details."""

    number = serializers.CharField()
    title = serializers.CharField(source="public_title")
    kind = serializers.CharField()
    kind_display = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_display = serializers.SerializerMethodField()
    topic = NamedSerializer()
    department = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()
    replied_at = serializers.DateTimeField(allow_null=True)
    support_count = serializers.IntegerField()
    has_reply = serializers.BooleanField()
    is_supervised = serializers.BooleanField()

    # methods, not ``source="get_kind_display"``: DRF inspects a callable source's signature on every row
    def get_kind_display(self, petition) -> str:
        return petition.get_kind_display()

    def get_status_display(self, petition) -> str:
        return petition.get_status_display()

    def get_department(self, petition) -> dict | None:
        department = petition.department
        return {"id": department.pk, "name": department.display_name} if department else None


class StepSerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    kind = serializers.CharField()
    label = serializers.CharField()
    body = serializers.CharField()
    department = serializers.CharField()
    pending = serializers.BooleanField()
    url = serializers.CharField(help_text="a reporter's story (kind 'story'): its address; else empty")


class StorySerializer(serializers.Serializer):
    """A reporter's story (帮打听 or 督办) on the petition; the reporter's account is never given."""

    title = serializers.CharField(source="page.title")
    url = serializers.SerializerMethodField()
    column = serializers.CharField()
    column_display = serializers.CharField(source="get_column_display")
    published_at = serializers.DateTimeField()

    def get_url(self, story) -> str:
        return story.page.get_full_url(self.context.get("request")) or ""


class PetitionDetailSerializer(PetitionSerializer):
    content = serializers.CharField(source="public_content")
    address = serializers.CharField(source="public_address")
    author = serializers.CharField(source="author_display")
    rating = serializers.CharField()
    photos = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()
    coverage = serializers.SerializerMethodField()
    reporter_column = serializers.SerializerMethodField()
    reporter_following = serializers.SerializerMethodField()
    stories = serializers.SerializerMethodField()

    def _stories(self, petition):
        # one query set per petition, shared by ``thread``, ``stories`` and ``reporter_following``
        cache = self.context.setdefault("_stories", {})
        if petition.pk not in cache:
            cache[petition.pk] = reporting.public_stories(petition)
        return cache[petition.pk]

    def get_reporter_column(self, petition) -> str | None:
        """``inquiry`` (帮打听) or ``supervision`` (督办) while a reporter follows the petition up."""
        return petition.reporter_column or None

    def get_reporter_following(self, petition) -> bool:
        """True while a reporter follows it up and no story of that column is out yet (记者跟进中)."""
        return reporting.following_badge(petition, self._stories(petition)) is not None

    def get_stories(self, petition) -> list[dict]:
        return StorySerializer(self._stories(petition), many=True, context=self.context).data

    def get_photos(self, petition) -> list[dict]:
        """Links to the photos; of a petition not on the board (its author's tracking answer), links that
        open for an hour without a session (``rongmei.private_media``)."""

        def link(rendition):
            return rendition.url if petition.on_board else private_media.signed_url(rendition.file.name)

        photos = []
        for photo in petition.photos.all():
            photos.append(
                {
                    "thumbnail": link(photo.image.get_rendition("fill-240x240")),
                    "full": link(photo.image.get_rendition("max-1200x1200")),
                }
            )
        return photos

    def get_thread(self, petition) -> list[dict]:
        steps = self.context.get("steps")
        if steps is None:
            steps = timeline(
                petition,
                list(petition.messages.public().select_related("department")),
                stories=self._stories(petition),
            )
        return StepSerializer(steps, many=True).data

    def get_coverage(self, petition) -> list[dict]:
        request = self.context.get("request")
        return [
            {"title": page.title, "url": page.get_full_url(request)}
            for page in coverage_of(petition, request)
        ]


class TrackedPetitionSerializer(PetitionDetailSerializer):
    """What the holder of the tracking code sees: also private and pending petitions and the reason."""

    is_public = serializers.BooleanField()
    rejection_reason = serializers.CharField()


PETITION_INPUT = inline_serializer(
    "PetitionInput",
    {
        "kind": serializers.ChoiceField(choices=Petition.Kind.choices),
        "topic": serializers.IntegerField(),
        "requested_department": serializers.IntegerField(required=False),
        "title": serializers.CharField(max_length=60),
        "content": serializers.CharField(max_length=2000),
        "address": serializers.CharField(required=False),
        "latitude": serializers.DecimalField(max_digits=9, decimal_places=6, required=False),
        "longitude": serializers.DecimalField(max_digits=9, decimal_places=6, required=False),
        "contact_name": serializers.CharField(required=False),
        "contact_phone": serializers.CharField(
            required=False, help_text="Required for anonymous posts; never published."
        ),
        "is_anonymous": serializers.BooleanField(required=False),
        "is_public": serializers.BooleanField(required=False),
        "photos": serializers.ListField(
            child=serializers.ImageField(), required=False, help_text="multipart, up to 9"
        ),
        "captcha_token": serializers.CharField(help_text="from GET /api/petitions/captcha/"),
        "captcha_answer": serializers.CharField(),
        "website": serializers.CharField(required=False, help_text="honeypot: leave empty"),
    },
)


def error_response(form):
    errors = {
        ("non_field_errors" if field == NON_FIELD_ERRORS else field): [str(message) for message in messages]
        for field, messages in form.errors.items()
    }
    limited = any(
        error.code == "rate_limited"
        for field_errors in form.errors.as_data().values()
        for error in field_errors
    )
    return Response(
        {"errors": errors},
        status=status.HTTP_429_TOO_MANY_REQUESTS if limited else status.HTTP_400_BAD_REQUEST,
    )


def _form_data(request):
    """The request body as a mapping the Django form understands (a JSON object or multipart fields).

    Files stay in ``request.FILES``: a multipart body's QueryDict also holds them, and copying an upload
    spooled to disk would fail. Values keep their JSON types, so the form can refuse ``1.5`` for an id.
    """
    data = request.data
    if isinstance(data, QueryDict):
        fields = QueryDict(mutable=True)
        for key in data:
            if key not in request.FILES:
                fields.setlist(key, data.getlist(key))
        data = fields
    else:  # a JSON object: ``rongmei.rest.JSONParser`` refuses anything else
        data = {key: value for key, value in data.items() if key != "photos"}
    key = request.headers.get("Idempotency-Key")
    if key:
        data["form_token"] = key
    return data


# --- views ----------------------------------------------------------------------------------------


class PetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Public petitions, and the resident's side: post, track by code, follow up."""

    pagination_class = PetitionCursorPagination
    lookup_field = "number"
    lookup_value_regex = r"MS-\d{4}-\d{6,}"
    serializer_class = PetitionSerializer

    def get_queryset(self):
        queryset = Petition.objects.visible_on_board()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("photos__image")
        return queryset

    def get_serializer_class(self):
        return PetitionDetailSerializer if self.action == "retrieve" else PetitionSerializer

    def filter_queryset(self, queryset):
        if self.action == "list":
            # the board's own filter form; the board ignores a filter it cannot read, the API says so
            form = BoardFilterForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors)
            return form.apply(queryset)
        return queryset

    @extend_schema(
        description=(
            "Public petitions, newest first (or most supported first with `sort=support`), 20 per page. "
            "`next` and `previous` are cursor links (`?cursor=…`, the other parameters kept): follow them "
            "to walk a long list, each page costing the same at any depth. `page=N` still gives the same "
            "pages as before, for existing clients; for deep lists move to the cursor links."
        ),
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("kind", str),
            OpenApiParameter("topic", int),
            OpenApiParameter(
                "area",
                int,
                description="a town or street: what it or a unit under it handles, or what residents asked of it",
            ),
            OpenApiParameter("department", int),
            OpenApiParameter("replied", str, enum=["yes", "no"]),
            OpenApiParameter("sort", str, enum=["new", "support"]),
            OpenApiParameter("q", str),
        ],
        responses={200: PetitionSerializer(many=True), 400: ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=PETITION_INPUT,
        description=(
            "Post a petition, as JSON or multipart (with photos). The captcha: `GET /api/petitions/captcha/` "
            "gives a question and a token; send the token as `captcha_token` and the sum as `captcha_answer`. "
            "A token answers one post, for 30 minutes. A wrong, used or expired one is a 400 on "
            "`captcha_answer`. `contact_phone` is required for anonymous posts and never published. Rate limits: 10 posts an "
            "hour per client address, 5 a day per phone number (429, `non_field_errors`)."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description=(
                    "Any string up to 64 characters, new for each petition. The same key again within 10 "
                    "minutes answers 201 with the first post's number and tracking code and stores nothing; "
                    "requests with one key at the same moment store one petition. A post refused with a 400 "
                    "leaves the key free for the corrected post."
                ),
            )
        ],
        responses={
            201: inline_serializer(
                "PetitionCreated",
                {
                    "number": serializers.CharField(),
                    "tracking_code": serializers.CharField(
                        help_text="shown once; keep it to follow the petition"
                    ),
                    "status": serializers.CharField(),
                },
            ),
            400: ERRORS,
            429: ERRORS,
        },
    )
    def create(self, request):
        form = PetitionForm(_form_data(request), request.FILES, user=request.user)
        submission = services.submit_petition(
            form,
            ip=client_ip(request),
            site=Site.find_for_request(request._request),
            intake_channel=Petition.IntakeChannel.APP,
        )
        if submission is None:
            return error_response(form)
        petition = submission.petition
        return Response(
            {"number": petition.number, "tracking_code": submission.code, "status": petition.status},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        responses=inline_serializer(
            "Captcha", {"question": serializers.CharField(), "token": serializers.CharField()}
        )
    )
    @action(detail=False, methods=["get"])
    def captcha(self, request):
        question, token = captcha.challenge()
        return Response({"question": question, "token": token})

    @extend_schema(
        description=(
            "Public petitions like the one being typed (same words, the chosen topic, within 1 km when "
            "`lat` and `lng` are given), at most 5, best first: for the posting form to suggest 同问 instead "
            "of a second petition. No contact details."
        ),
        parameters=[
            OpenApiParameter("title", str, required=True),
            OpenApiParameter("content", str),
            OpenApiParameter("topic", int),
            OpenApiParameter("lat", float),
            OpenApiParameter("lng", float),
        ],
        responses={200: inline_serializer("Similar", {"results": serializers.ListField()}), 400: ERRORS},
    )
    @action(detail=False, methods=["get"])
    def similar(self, request):
        form = SimilarForm(request.query_params)
        if not form.is_valid():
            return error_response(form)
        return Response({"results": as_json(similar(**form.cleaned_data))})

    def _tracked(self, request):
        """The petition the posted code opens, or an error response; wrong codes are rate-limited."""
        count, period = services.limits()["track_ip"]
        ip_key = f"petitions:track_ip:{client_ip(request)}"
        if is_limited(ip_key, count, period):
            return None, Response(
                {"errors": {"non_field_errors": [_("查询失败次数太多，请稍后再试。")]}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        code = str(request.data.get("code") or "")
        petition = (
            Petition.objects.select_related("topic", "department")
            .prefetch_related("photos__image")
            .with_tracking_code(code)
            .first()
            if code
            else None
        )
        if petition is None:
            hit(ip_key, count, period)
            return None, Response(
                {"errors": {"code": [_("查询码不正确，请核对后再试。")]}}, status=status.HTTP_400_BAD_REQUEST
            )
        return petition, None

    def _tracked_data(self, request, petition):
        thread = list(
            petition.messages.filter(is_public=True)
            .exclude(status=PetitionMessage.Status.REJECTED)
            .select_related("department")
        )
        steps = timeline(petition, thread, include_pending_for_owner=True)
        return TrackedPetitionSerializer(petition, context={"request": request, "steps": steps}).data

    @extend_schema(
        request=inline_serializer("TrackInput", {"code": serializers.CharField()}),
        description=(
            "The petition a tracking code opens, also while it is pending or private. A wrong code is a 400 "
            "on `code`; 10 wrong codes in 10 minutes from one address are refused with 429 (as are the "
            "follow-up and rating operations, which take the same code)."
        ),
        responses={200: TrackedPetitionSerializer, 400: ERRORS, 429: ERRORS},
    )
    @action(detail=False, methods=["post"])
    def track(self, request):
        petition, error = self._tracked(request)
        if error is not None:
            return error
        return Response(self._tracked_data(request, petition))

    @extend_schema(
        request=inline_serializer(
            "FollowUpInput", {"code": serializers.CharField(), "body": serializers.CharField(max_length=1000)}
        ),
        responses={201: TrackedPetitionSerializer, 400: ERRORS, 429: ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="track/follow-up")
    def follow_up(self, request):
        petition, error = self._tracked(request)
        if error is not None:
            return error
        form = FollowUpForm({"body": request.data.get("body", "")})
        message = services.post_follow_up(
            petition,
            form,
            ip=client_ip(request),
            user=request.user,
            site=Site.find_for_request(request._request),
        )
        if message is None:
            return error_response(form)
        petition.refresh_from_db()
        return Response(self._tracked_data(request, petition), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=inline_serializer(
            "RatingInput",
            {
                "code": serializers.CharField(),
                "rating": serializers.ChoiceField(choices=Petition.Rating.choices),
                "comment": serializers.CharField(max_length=200, required=False),
            },
        ),
        responses={200: TrackedPetitionSerializer, 400: ERRORS, 429: ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="track/rate")
    def rate(self, request):
        """Rate the reply (满意 / 基本满意 / 不满意), once; 不满意 reopens the petition once."""
        petition, error = self._tracked(request)
        if error is not None:
            return error
        form = RatingForm(
            {"rating": request.data.get("rating", ""), "comment": request.data.get("comment", "")}
        )
        if form.is_valid():
            try:
                workflow.perform(
                    petition,
                    "rate",
                    workflow.Resident(request.user if request.user.is_authenticated else None),
                    **form.cleaned_data,
                )
            except workflow.TransitionError as refusal:
                form.add_error(None, refusal.messages[0])
        if form.errors:
            return error_response(form)
        petition.refresh_from_db()
        return Response(self._tracked_data(request, petition))


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Active handling units; ``accepts_petitions`` says which a petition may name."""

    lookup_value_regex = ID_PATTERN

    queryset = Department.objects.active()
    serializer_class = DepartmentSerializer
    pagination_class = None


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ID_PATTERN
    queryset = Topic.objects.active()
    serializer_class = TopicSerializer
    pagination_class = None


def register(router):
    """Add this app's viewsets to the project's API router."""
    router.register("petitions", PetitionViewSet, basename="petition")
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("topics", TopicViewSet, basename="topic")
    webhook_api.register(router)  # departments' outside systems: signed actions and the event feed
