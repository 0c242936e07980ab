from wagtail.snippets.models import register_snippet

from .viewsets import PointsGroup

register_snippet(PointsGroup)
