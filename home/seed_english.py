"""Hand-written English of the demo site: the home page, every section page and a few stories, in
``seed_english.toml``; the department channels' generated texts are made here from their templates.

Keyed by the simplified-Chinese source string, as ``rongmei.translation.translate_instance`` takes it.
Anything not there (the other articles, merchants, products) stays in Chinese and is listed in the English
sections with a language label.
"""

import tomllib
from pathlib import Path

from petitions.models import Department, Topic
from petitions.seed import BUREAUS, STREETS, TOWN

ENGLISH = tomllib.loads((Path(__file__).parent / "seed_english.toml").read_text())

#: The stories translated by hand (slugs of simplified-Chinese news articles).
STORIES = ENGLISH["stories"]


def _unit_strings():
    """The department channels' generated texts (see ``newsroom.seed``), in English."""
    units = [(TOWN[0], TOWN[0], TOWN[1])]
    units += [(name, name, slug) for name, slug in STREETS]
    units += list(BUREAUS)
    strings = {}
    for number, (name, short, slug) in enumerate(units, start=1):
        english, english_short = ENGLISH["units"].get(slug, (name, name))
        strings[name] = english
        strings[f"{name}西区号，发布本单位工作动态、通知公告和政策解读。"] = (
            f"The channel of {english}: its work, notices and policies."
        )
        strings[f"负责{short}职责范围内的公共服务和社会管理工作，受理并答复群众诉求。"] = (
            f"Public services and administration within the remit of {english_short}; receives and answers "
            "residents' petitions."
        )
        strings[f"西区新华路{number}号"] = f"No. {number} Xinhua Road, Xiqu"
    return strings


def name_units_and_topics(demo):
    """The departments' and topics' English names, where an editor has not given one."""
    for slug, (english, _short) in ENGLISH["units"].items():
        if Department.objects.filter(slug=slug, name_en="").update(name_en=english):
            demo.count("English unit names")
    for slug, english in ENGLISH["topics"].items():
        if Topic.objects.filter(slug=slug, name_en="").update(name_en=english):
            demo.count("English topic names")


def english_strings():
    return {**ENGLISH["strings"], **_unit_strings()}
