"""The pages the benchmark measures, by name: each function returns a path on the seeded site, or None.

Run as a script under the benchmark's environment it prints ``{name: path}`` as JSON. Each app adds the
pages its issue names here.
"""

import json
import os
import sys
from pathlib import Path


def home():
    return "/zh-hans/"


def service_index():
    from home.models import ServiceIndexPage

    page = ServiceIndexPage.objects.live().filter(locale__language_code="zh-hans").first()
    return page.url if page else None


def service_guide():
    from home.models import ServiceGuidePage

    page = ServiceGuidePage.objects.live().filter(locale__language_code="zh-hans").first()
    return page.url if page else None


# name -> function; the bare Django view (the ceiling) is measured by run.py itself.
TARGETS = {
    "home": home,
    "service index": service_index,
    "service guide": service_guide,
}


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rongmei.settings.production")
    import django

    django.setup()
    paths = {}
    for name, function in TARGETS.items():
        path = function()
        if path:
            paths[name] = path
    print(json.dumps(paths, ensure_ascii=False))


if __name__ == "__main__":
    main()
