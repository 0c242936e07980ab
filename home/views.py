"""The home app's views that are not pages: the pop-up notices a page's script asks for."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .popups import notices_for

MAX_PATH = 500


def _refuse(message):
    return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def popups(request):
    """``/popups/?path=/zh-hans/news/&lang=zh-hans``: the notices showing now on that page, as JSON.

    Pages are cached for everyone, so they carry no notice; this answer is the live part (``home.popups``
    says which notices apply). A bad question is answered 400 with ``{"detail": ...}`` in the visitor's
    language: ``lang`` when it is one of the site's, else the one the request came with."""
    code = request.GET.get("lang", "")
    path = request.GET.get("path", "")
    codes = [language for language, _name in settings.LANGUAGES]
    if code not in codes:
        return _refuse(_("参数 lang 应为以下之一：%(codes)s。") % {"codes": ", ".join(codes)})
    with translation.override(code):
        if not path.startswith("/") or path.startswith("//"):
            return _refuse(_("参数 path 应为本站页面的地址，以 / 开头。"))
        if len(path) > MAX_PATH or any(ord(character) < 32 for character in path):
            return _refuse(_("参数 path 不是有效的页面地址。"))
        notices = [
            {
                "id": notice["id"],
                "kind": notice["kind"],
                "title": notice["title"],
                "body": notice["body"],
                "link": {"url": notice["link_url"], "label": notice["link_label"] or _("查看详情")}
                if notice["link_url"]
                else None,
                "cap": notice["cap"],
                "ends_at": notice["ends_at"].isoformat(),
            }
            for notice in notices_for(path, code)
        ]
        labels = {"close": _("关闭"), "urgent": _("紧急通知"), "campaign": _("活动")}
    return JsonResponse({"notices": notices, "labels": labels}, json_dumps_params={"ensure_ascii": False})
