"""Checks on what merchants type that only the directory needs: coordinates.

The phone and licence checks live in ``rongmei.validators`` (every app shares them); they are imported
here because migrations name them by this path.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from rongmei.validators import validate_licence_number, validate_phone  # noqa: F401 - named by migrations

latitude_validators = [
    MinValueValidator(-90, message=_("纬度应在 -90 到 90 之间。")),
    MaxValueValidator(90, message=_("纬度应在 -90 到 90 之间。")),
]
longitude_validators = [
    MinValueValidator(-180, message=_("经度应在 -180 到 180 之间。")),
    MaxValueValidator(180, message=_("经度应在 -180 到 180 之间。")),
]


def validate_coordinates(latitude, longitude):
    """Both or neither: a map link needs the pair."""
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("经度和纬度要一起填写，或者都不填。"), code="half_coordinates")
