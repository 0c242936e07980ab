"""The service icons an editor picks from: one inline SVG per name in ``home/templates/home/icons/``.

Icons are drawn in ``currentColor`` so a tile's colour comes from the style sheet; the label beside
each icon is the accessible name, so the SVG itself is hidden from screen readers.
"""

from django.utils.translation import gettext_lazy as _

ICONS = [
    ("write", _("留言")),
    ("track", _("查询")),
    ("interview", _("访谈")),
    ("report", _("报表")),
    ("news", _("新闻")),
    ("bus", _("公交")),
    ("car", _("汽车")),
    ("school", _("教育")),
    ("hospital", _("医疗")),
    ("home", _("住房")),
    ("work", _("就业")),
    ("id", _("证件")),
    ("water", _("水电气")),
    ("phone", _("电话")),
    ("weather", _("天气")),
    ("shop", _("商店")),
    ("map", _("地图")),
    ("heart", _("关爱")),
    ("video", _("视频")),
    ("vote", _("投票")),
]

ICON_NAMES = [name for name, _label in ICONS]
