"""Building blocks for the demo site: accounts, generated images, idempotent pages, progress.

``manage.py seed_demo`` runs each app's ``seed.py`` (``add_arguments(parser)`` and ``seed(demo)``) with
one ``Demo`` object, so every app adds its part of the demo site the same way and a second run adds
nothing that is already there.
"""

import colorsys
import hashlib
import io
import random
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db.models import F
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

DEFAULT_PASSWORD = "rongmei-demo-2026"  # noqa: S105 - demo accounts outside production only


class Demo:
    def __init__(self, command, options):
        self.command = command
        self.options = options
        self.verbosity = options.get("verbosity", 1)
        self.random = random.Random(20261121)  # the same demo content on every machine
        self.accounts = []
        self.created = {}
        self.locale = Locale.get_default()
        self.site = Site.objects.get(is_default_site=True)
        self.home = self.site.root_page.specific

    # --- output ----------------------------------------------------------------------------------

    def log(self, message):
        if self.verbosity:
            self.command.stdout.write(message)

    def count(self, label, created=True):
        if created:
            self.created[label] = self.created.get(label, 0) + 1

    def progress(self, iterable, total, label, every=None):
        every = every or max(1, total // 10)
        for number, item in enumerate(iterable, start=1):
            yield item
            if total >= 200 and (number % every == 0 or number == total):
                self.log(f"  {label}: {number}/{total}")

    # --- accounts --------------------------------------------------------------------------------

    def group(self, name):
        group, _created = Group.objects.get_or_create(name=name)
        return group

    def account(self, username, *, name="", email="", groups=(), superuser=False, role=""):
        """Get or create a staff account; a new one gets the demo password, or a random one in production."""
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(
                username=username,
                email=email or f"{username}@example.com",
                first_name=name,
                is_staff=superuser,
                is_superuser=superuser,
            )
            if getattr(settings, "RONGMEI_DEMO_PASSWORDS", False):
                password = DEFAULT_PASSWORD
            else:
                password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            self.accounts.append((username, password, role or name))
            self.count("accounts")
        for group_name in groups:
            user.groups.add(self.group(group_name))
        return user

    # --- images ----------------------------------------------------------------------------------

    def image(self, title, width=1200, height=675):
        """A generated picture (soft gradient and shapes, colours drawn from the title), stored once."""
        Image = get_image_model()
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        digest = hashlib.sha256(title.encode()).digest()
        hue = digest[0] / 255
        top = tuple(int(c * 255) for c in colorsys.hsv_to_rgb(hue, 0.45, 0.95))
        bottom = tuple(int(c * 255) for c in colorsys.hsv_to_rgb((hue + 0.08) % 1, 0.7, 0.55))
        picture = PILImage.new("RGB", (width, height), top)
        draw = ImageDraw.Draw(picture)
        for y in range(height):
            mix = y / height
            draw.line(
                [(0, y), (width, y)],
                fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
            )
        for index in range(5):
            x = digest[1 + index] / 255 * width
            y = digest[6 + index] / 255 * height
            radius = 40 + digest[11 + index] % 120
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=(255, 255, 255), width=6)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        name = f"demo-{digest[:6].hex()}.jpg"
        image = Image(title=title, file=ImageFile(buffer, name=name))
        image.save()
        self.count("images")
        return image

    # --- pages -----------------------------------------------------------------------------------

    def page(self, parent, factory, slug, *, tags=(), **fields):
        """The live child of ``parent`` with ``slug``, created and published if it is not there.

        ``factory`` is the page's factory (an app's ``factories.py``), or the page class for a page without
        one; ``fields`` override the factory's defaults, and ``tags`` are set before the page is published.
        """
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing.specific, False
        if isinstance(factory, type) and issubclass(factory, Page):
            page = factory(slug=slug, locale=parent.locale, **fields)
            parent.add_child(instance=page)
        else:
            page = factory(parent=parent, slug=slug, locale=parent.locale, **fields)
        if tags:
            page.tags.set(tags)
        page.save_revision().publish()
        self.count(page._meta.verbose_name)
        return page, True

    def add_pages(self, parent, pages):
        """Insert ``pages`` (built, unsaved) as live children of ``parent`` in bulk, as an import would:
        the tree fields ``add_child`` sets, no revisions, no signals (callers index what needs it).

        Django's ``bulk_create`` refuses multi-table models, so the ``Page`` rows go first and the
        specific rows follow with the primary keys the database gave them.
        """
        last = parent.get_last_child()
        first = (Page._str2int(last.path[-Page.steplen :]) if last else 0) + 1
        now = timezone.now()
        for step, page in enumerate(pages, start=first):
            page.path = Page._get_path(parent.path, parent.depth + 1, step)
            page.depth, page.numchild, page.url_path = parent.depth + 1, 0, f"{parent.url_path}{page.slug}/"
            page.locale_id, page.draft_title = parent.locale_id, page.title
            page.live, page.has_unpublished_changes = True, False
            page.first_published_at = page.first_published_at or now
            page.last_published_at = page.last_published_at or page.first_published_at
        base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
        rows = [
            Page(**{field.attname: getattr(page, field.attname) for field in base_fields}) for page in pages
        ]
        Page.objects.bulk_create(rows, batch_size=200)
        for page, row in zip(pages, rows, strict=True):
            page.pk = page.page_ptr_id = row.pk
        model = type(pages[0])
        local_fields = list(model._meta.local_concrete_fields)
        per_statement = max(1, 900 // len(local_fields))
        for start in range(0, len(pages), per_statement):
            model._base_manager._insert(pages[start : start + per_statement], fields=local_fields, raw=True)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)
