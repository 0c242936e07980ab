"""What every Rongmei database holds before anyone signs in: one idempotent function.

``set_up_site`` creates the content locales (``WAGTAIL_CONTENT_LANGUAGES``), replaces Wagtail's welcome
page with the zh-hans ``HomePage`` as the default site's root, and applies the roles table
(``rongmei.roles``). The migration ``rongmei.0002_set_up_site`` runs it once on every database; it can
run again at any time (a test does) and changes nothing that is already there.
"""

from django.apps import apps as global_apps
from django.conf import settings

from rongmei.roles import apply_roles

SITE_NAME = "融媒"


def set_up_site(apps=global_apps):
    create_locales(apps)
    create_home_page(apps)
    apply_roles(apps)


def create_locales(apps=global_apps):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def create_home_page(apps=global_apps):
    """The zh-hans home page at depth 2, the default site's root; Wagtail's welcome page goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")

    # Wagtail's first migration leaves a plain "Welcome" page at depth 2; it has no content of ours.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    if HomePage.objects.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    siblings = Page.objects.filter(depth=2).order_by("-path").values_list("path", flat=True)
    last = int(siblings[0][-4:], 36) if siblings else 0
    home = HomePage.objects.create(
        title="首页",
        draft_title="首页",
        slug="home",
        content_type=content_type,
        path=f"{root.path}{last + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": SITE_NAME},
    )
