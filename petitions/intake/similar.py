"""Similar petitions (重复诉求 before it is posted): while a resident types, the public petitions that may
be about the same thing, so they can add 同问 or a follow-up there instead of posting again.

The rule: the typed title (and the start of the content) is searched in the site's search index (Chinese
segmented, any word may match), among public petitions of the chosen topic when one is given; duplicates
(``duplicate_of``) are left out, since the resident should follow their original. When the resident gave
coordinates, petitions with coordinates further than ``NEARBY_METRES`` are left out (those without
coordinates stay: their place is unknown) and the nearer ones come first. At most ``LIMIT`` are returned,
each with its number, public title, status and link: never a contact detail.
"""

import math

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from rongmei.chinese import display_script
from rongmei.search.sources import routable_page

from ..models import Petition, PetitionBoardPage, Topic

LIMIT = 5
#: how many search matches are read before the place and the duplicates are sorted out
CANDIDATES = 30
NEARBY_METRES = 1000
MIN_QUERY = 2


class SimilarForm(forms.Form):
    title = forms.CharField(
        max_length=100, error_messages={"required": _("请填写标题。"), "max_length": _("标题太长。")}
    )
    content = forms.CharField(max_length=2000, required=False)
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("请选择有效的领域。")},
    )
    lat = forms.FloatField(
        min_value=-90, max_value=90, required=False, error_messages={"invalid": _("纬度无效。")}
    )
    lng = forms.FloatField(
        min_value=-180, max_value=180, required=False, error_messages={"invalid": _("经度无效。")}
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < MIN_QUERY:
            raise forms.ValidationError(_("标题至少两个字。"))
        return title

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise forms.ValidationError(_("请同时提供经度和纬度。"))
        return data


def distance_metres(lat1, lng1, lat2, lng2):
    """The great-circle distance (haversine) between two points, in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(a))


def similar(title, content="", topic=None, lat=None, lng=None):
    """``[(petition, metres or None)]``: the public petitions like the typed one, best first."""
    queryset = Petition.objects.public()
    if topic is not None:
        queryset = queryset.filter(topic_id=topic.pk)
    query = f"{title} {content[:60]}".strip()
    found = get_search_backend().search(query, queryset, operator="or")[:CANDIDATES]
    ids = [petition.pk for petition in found]
    rows = Petition.objects.counted().filter(pk__in=ids).select_related("topic")
    by_id = {petition.pk: petition for petition in rows}
    result = []
    for rank, pk in enumerate(ids):
        petition = by_id.get(pk)
        if petition is None:
            continue
        metres = None
        if lat is not None and petition.latitude is not None and petition.longitude is not None:
            metres = distance_metres(lat, lng, float(petition.latitude), float(petition.longitude))
            if metres > NEARBY_METRES:
                continue
        result.append((metres if metres is not None else NEARBY_METRES + 1, rank, petition, metres))
    if lat is not None:
        result.sort(key=lambda row: (row[0], row[1]))
    return [(petition, metres) for _d, _r, petition, metres in result[:LIMIT]]


def as_json(found):
    """What the endpoint answers for ``similar()``'s petitions: public fields only."""
    board = routable_page(PetitionBoardPage)
    return [
        {
            "number": petition.number,
            "title": display_script(petition.public_title),
            "topic": petition.topic.name if petition.topic_id else "",
            "status": petition.status,
            "status_display": str(petition.get_status_display()),
            "support_count": petition.support_count,
            "url": (board.url + board.reverse_subpage("detail", args=[petition.number])) if board else "",
            "distance_metres": None if metres is None else round(metres),
        }
        for petition, metres in found
    ]
