"""Maps without an outside service by default.

A place (a merchant, a petition) is shown as plain facts first — its address, its coordinates, a
``geo:`` link that opens the phone's map application and a link to Amap's web map — which work with no
script and no tile server. When ``RONGMEI_MAP_TILE_URL`` names an XYZ tile source (天地图 with its key,
or any other), the vendored Leaflet (``static/vendor/leaflet``, from its npm package) draws a map above
those facts. Coordinates are WGS-84, as a phone's GPS gives them.
"""

from django.conf import settings


def tile_source():
    """``{"url": …, "attribution": …}``, or ``None`` when no tile server is configured."""
    url = getattr(settings, "RONGMEI_MAP_TILE_URL", "")
    if not url:
        return None
    return {"url": url, "attribution": getattr(settings, "RONGMEI_MAP_ATTRIBUTION", "")}


def links(latitude, longitude, name=""):
    """Links that open a map application at the place: geo: for phones, Amap's URI on the web."""
    if latitude is None or longitude is None:
        return {}
    return {
        "geo": f"geo:{latitude},{longitude}?q={latitude},{longitude}",
        "amap": (
            f"https://uri.amap.com/marker?position={longitude},{latitude}&coordinate=wgs84&callnative=1"
        ),
    }
