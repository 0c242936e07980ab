"""This app's part of the project's JSON API (see ``rongmei.api``): merchants, classified ads, products.

Lists take the same filters as the site (one filter form, ``merchants.filters``); an invalid filter is
a 400 with field errors. Ads never carry their contact in a list or detail: ``POST ads/{id}/contact/``
reveals it for one ad, rate-limited per client.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from rongmei.openapi import ERRORS
from rongmei.ratelimit import client_ip, hit
from rongmei.routes import ID_PATTERN

from .filters import MerchantFilterForm
from .models import Board, ClassifiedAd, DirectoryCategoryPage, MerchantPage, OpeningHours, ProductPage
from .views import CONTACT_RATE

str_field = extend_schema_field(OpenApiTypes.STR)


def price_filters(queryset, params):
    """``price_min`` / ``price_max`` on ``price``; a value that is not a number is a field error."""
    errors = {}
    for name, lookup in (("price_min", "price__gte"), ("price_max", "price__lte")):
        value = params.get(name)
        if value:
            try:
                queryset = queryset.filter(**{lookup: Decimal(value)})
            except InvalidOperation:
                errors[name] = [_("请填写数字。")]
    return queryset, errors


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes", "closes_next_day"]


class MerchantSerializer(serializers.ModelSerializer):
    category = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = MerchantPage
        fields = [
            "id",
            "title",
            "summary",
            "category",
            "url",
            "address",
            "street",
            "latitude",
            "longitude",
            "phone",
            "price_per_person",
            "tags",
            "verified",
            "is_open",
        ]

    @str_field
    def get_category(self, merchant):
        return self.context["categories"].get(merchant.path[: -MerchantPage.steplen], "")

    @str_field
    def get_url(self, merchant):
        return merchant.get_url(self.context.get("request"))

    def get_tags(self, merchant) -> list[str]:
        return [item.tag.name for item in merchant.tagged_items.all()]


class OfferSerializer(serializers.Serializer):
    title = serializers.CharField()
    details = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


class MerchantDetailSerializer(MerchantSerializer):
    description = serializers.CharField()
    holiday_notes = serializers.CharField()
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    offers = serializers.SerializerMethodField()

    class Meta(MerchantSerializer.Meta):
        fields = [*MerchantSerializer.Meta.fields, "description", "holiday_notes", "opening_hours", "offers"]

    def get_offers(self, merchant) -> list[dict]:
        return OfferSerializer(merchant.current_offers, many=True).data


MERCHANT_FILTERS = [
    OpenApiParameter("category", OpenApiTypes.INT, description="分类页面 id"),
    OpenApiParameter("tag", OpenApiTypes.STR, description="标签，如 停车"),
    OpenApiParameter("street", OpenApiTypes.STR, description="街道或乡镇"),
    OpenApiParameter("price_min", OpenApiTypes.INT, description="人均最低（元）"),
    OpenApiParameter("price_max", OpenApiTypes.INT, description="人均最高（元）"),
    OpenApiParameter("open_now", OpenApiTypes.BOOL, description="只看正在营业（北京时间）"),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=["name", "newest", "price", "price_desc"]),
]


# The detail routes' id is the page's integer id (drf-spectacular cannot read it off a queryset built per request).
PAGE_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="页面 id")


@extend_schema_view(
    list=extend_schema(
        parameters=MERCHANT_FILTERS, responses={200: MerchantSerializer(many=True), 400: ERRORS}
    ),
    retrieve=extend_schema(parameters=[PAGE_ID]),
)
class MerchantViewSet(viewsets.ReadOnlyModelViewSet):
    """吃喝玩乐 merchants: live, public merchant pages."""

    lookup_value_regex = ID_PATTERN

    serializer_class = MerchantSerializer

    def get_queryset(self):
        queryset = (
            MerchantPage.objects.live().public().for_listing().prefetch_related("opening_hours", "offers")
        )
        if self.action == "list":
            form = MerchantFilterForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors)
            category = self.request.query_params.get("category")
            if category:
                if not category.isdigit():
                    raise ValidationError({"category": [_("请填写分类页面的编号。")]})
                parent = (
                    DirectoryCategoryPage.objects.filter(pk=category).first()
                    if re.fullmatch(ID_PATTERN, category)
                    else None  # more digits than any id: no such page, and no overflow in the query
                )
                if parent is None:
                    raise ValidationError({"category": [_("没有这个分类。")]})
                queryset = queryset.child_of(parent)
            return queryset.filtered(form.cleaned_data)
        return queryset.with_open_now()

    def get_serializer_class(self):
        return MerchantDetailSerializer if self.action == "retrieve" else MerchantSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["categories"] = dict(DirectoryCategoryPage.objects.values_list("path", "title"))
        return context


class AdSerializer(serializers.ModelSerializer):
    description = serializers.SerializerMethodField()

    class Meta:
        model = ClassifiedAd
        fields = [
            "id",
            "board",
            "title",
            "description",
            "price",
            "deal",
            "area_sqm",
            "rooms",
            "car_year",
            "mileage_km",
            "salary_min",
            "salary_max",
            "job_type",
            "merchant",
            "published_at",
            "expires_at",
        ]

    def get_description(self, ad) -> str:
        return ad.public_description


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("board", OpenApiTypes.STR, enum=Board.values),
            OpenApiParameter("price_min", OpenApiTypes.NUMBER),
            OpenApiParameter("price_max", OpenApiTypes.NUMBER),
        ],
        responses={200: AdSerializer(many=True), 400: ERRORS},
    )
)
class AdViewSet(viewsets.ReadOnlyModelViewSet):
    """分类广告: published, unexpired ads that reports have not hidden."""

    lookup_value_regex = ID_PATTERN

    serializer_class = AdSerializer

    def get_queryset(self):
        queryset = ClassifiedAd.objects.visible().order_by("-published_at", "-pk")
        if self.action != "list":
            return queryset
        params = self.request.query_params
        errors = {}
        board = params.get("board")
        if board:
            if board not in Board.values:
                errors["board"] = [_("没有这个栏目。")]
            queryset = queryset.filter(board=board)
        queryset, price_errors = price_filters(queryset, params)
        errors.update(price_errors)
        if errors:
            raise ValidationError(errors)
        return queryset

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "AdContact", {"name": serializers.CharField(), "phone": serializers.CharField()}
            ),
            429: inline_serializer("AdContactLimited", {"detail": serializers.CharField()}),
        },
    )
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """The ad's contact, revealed on request and rate-limited per client."""
        ad = self.get_object()
        if not hit(f"merchants:ad-contact:ip:{client_ip(request)}", *CONTACT_RATE):
            return Response(
                {"detail": _("查看联系方式过于频繁，请稍后再试。")}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        return Response({"name": ad.contact_name, "phone": ad.contact_phone})


class ProductSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProductPage
        fields = [
            "id",
            "title",
            "summary",
            "producer",
            "origin",
            "price",
            "unit",
            "shop_name",
            "shop_url",
            "url",
        ]

    def get_url(self, product) -> str:
        return product.get_url(self.context.get("request"))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("origin", OpenApiTypes.STR, description="产地"),
            OpenApiParameter("price_min", OpenApiTypes.NUMBER),
            OpenApiParameter("price_max", OpenApiTypes.NUMBER),
        ],
        responses={200: ProductSerializer(many=True), 400: ERRORS},
    ),
    retrieve=extend_schema(parameters=[PAGE_ID]),
)
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """电商购物: local products."""

    lookup_value_regex = ID_PATTERN

    serializer_class = ProductSerializer

    def get_queryset(self):
        queryset = ProductPage.objects.live().public().order_by("-first_published_at", "-pk")
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if params.get("origin"):
            queryset = queryset.filter(origin=params["origin"])
        queryset, errors = price_filters(queryset, params)
        if errors:
            raise ValidationError(errors)
        return queryset


def register(router):
    """Add this app's viewsets to the project's API router."""
    router.register("merchants", MerchantViewSet, basename="merchant")
    router.register("ads", AdViewSet, basename="ad")
    router.register("products", ProductViewSet, basename="product")
