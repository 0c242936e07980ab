"""``{% location_map latitude longitude address name %}``: a place's map (see ``rongmei.maps``), and
``{% location_picker form %}``: the optional place picker of a form with latitude/longitude fields."""

from django import template

from rongmei import maps

register = template.Library()


@register.inclusion_tag("includes/map.html")
def location_map(latitude, longitude, address="", name=""):
    return {
        "latitude": latitude,
        "longitude": longitude,
        "address": address,
        "name": name,
        "links": maps.links(latitude, longitude, name),
        "tiles": maps.tile_source(),
    }


@register.inclusion_tag("includes/location_picker.html")
def location_picker(form):
    # a form may say why its place is asked for (``picker_help``); the petition form's reason otherwise
    return {"form": form, "tiles": maps.tile_source(), "help": getattr(form, "picker_help", "")}
