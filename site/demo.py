"""Building blocks for the demo site: accounts, photographs and generated images, idempotent pages, progress.

``manage.py seed_demo`` runs each app's ``seed.py`` (``add_arguments(parser)`` and ``seed(demo)``) with
one ``Demo`` object, so every app adds its part of the demo site the same way and a second run adds
nothing that is already there.
"""

import colorsys
import functools
import hashlib
import io
import random
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db.models import F
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps
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
        self.demo_password_hash = None

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
                # Every demo account has the printed demo password: it is hashed once (a fifth of a second
                # each time), and the accounts share the hash as they share the password.
                password = DEFAULT_PASSWORD
                self.demo_password_hash = self.demo_password_hash or make_password(password)
                user.password = self.demo_password_hash
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

    def image(self, title, width=1200, height=675, prefix="demo"):
        """A picture for ``title``, stored once: a photograph when a subject word of ``PHOTO_SUBJECTS`` is in
        the title (cropped to the size, its credit in the image's description), else a generated one.
        ``prefix`` begins its file name (``"petition"``: a private file, see ``rongmei.storage``)."""
        Image = get_image_model()
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        digest = hashlib.sha256(title.encode()).digest()
        photo = photo_for(title)
        if photo is None:
            content, description = generated_picture(title, width, height), ""
        else:
            content, description = cropped_photo(photo, width, height), photo_credits()[photo]
        image = Image(
            title=title,
            description=description,
            file=ImageFile(io.BytesIO(content), name=f"{prefix}-{digest[:6].hex()}.jpg"),
        )
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


# --- pictures ------------------------------------------------------------------------------------

PHOTOS = Path(__file__).resolve().parent / "demo_photos"

#: Which photograph illustrates a title: the first row one of whose words is in the title decides, so the
#: specific words come before the general ones (a hotpot restaurant on the 码头 is food, not a quay; 苏铁中路 is
#: a road, not the cycad reserve). A row without files means "draw a picture": logos and charts are no
#: photographs, and the photo set (CREDITS.md) has no dish, cinema, school or hospital that would fit. A
#: title with several files always gets the same one of them (numbered titles take them in turn).
PHOTO_SUBJECTS = [
    (("标志", "徽标", "logo", "图解", "流程图", "示意图", "海报"), ()),
    (
        ("火锅", "米线", "面馆", "烧烤", "坨坨肉", "鱼庄", "食堂", "午餐", "送餐", "油底肉", "饭店", "餐厅"),
        (),
    ),
    (("影城", "电影", "KTV", "台球", "保龄球", "攀岩", "理疗", "足疗", "医院", "诊所"), ()),
    (("夜景", "夜市", "路灯", "大桥", "桥"), ("bridge-night.jpg",)),
    (("公交", "轨道", "交通", "道路", "大道", "路", "街"), ("road-storm.jpg",)),
    (("小区",), ("dogs-at-door.jpg",)),
    # a resident's snapshot (随手拍) of any other place goes with petitions about anything: a street scene, not fruit
    (("随手拍",), ("road-storm.jpg", "bridge-night.jpg", "building-facade.jpg", "waterside-boards.jpg")),
    (("茶",), ("leaf-rain-drops.jpg",)),
    (("咖啡", "书店", "奶茶", "饮品"), ("coffee-cup.jpg",)),
    (("石榴", "无花果"), ("fig-bowl.jpg",)),
    (("芒果", "采摘", "水果", "果园", "果农", "枇杷", "柑", "橙"), ("citrus-fruits.jpg",)),
    (
        ("非遗", "书画", "手工", "文化", "老年活动", "活动中心", "学校", "小学", "中学", "招生", "课堂"),
        ("paintbrushes.jpg",),
    ),
    (("农贸", "菜市场", "市场", "年货", "大集", "集市", "超市", "特产", "商户"), ("citrus-fruits.jpg",)),
    (
        ("百货", "商场", "购物", "政府", "会场", "会议", "人代会", "人大", "政协", "大楼", "办事大厅"),
        ("building-facade.jpg",),
    ),
    (("剧本杀", "桌游", "客厅", "民宿"), ("living-room.jpg",)),
    (("农场", "田园", "草地"), ("dandelion-meadow.jpg",)),
    (("儿童", "游乐", "亲子"), ("kite-sky.jpg",)),
    (("小区", "社区", "宠物", "邻里"), ("dogs-at-door.jpg",)),
    (("保护区", "苏铁林", "苏铁园"), ("green-fronds.jpg",)),
    (("漂流", "溪", "峡谷"), ("forest-stream.jpg",)),
    (("露营", "矿山", "徒步", "登山"), ("mountain-trail.jpg",)),
    (("骑行", "林", "森林"), ("forest-path.jpg",)),
    (("温泉", "康养", "瑜伽", "养生"), ("lake-dusk.jpg",)),
    (("观景台", "全景", "俯瞰", "山"), ("mountains-autumn.jpg", "sunset-hills.jpg")),
    (("日落", "夕阳", "步道"), ("lake-dusk.jpg", "sunset-hills.jpg")),
    (("湿地", "湖", "亲水"), ("pier-fog.jpg", "waterside-boards.jpg")),
    (("渡口", "码头"), ("lake-boats-sunset.jpg",)),
    (("滨江", "江", "河"), ("lake-boats-sunset.jpg", "waterside-boards.jpg")),
    (("公园", "古", "景区", "美景", "风光"), ("pavilion-lake.jpg", "lake-boats-sunset.jpg")),
    (
        ("鲜花", "花卉", "赏花", "花海", "花园", "蜜蜂", "蜂蜜"),
        ("marigold.jpg", "dahlia.jpg", "honey-bee.jpg"),
    ),
    (("秋", "落叶"), ("autumn-leaf.jpg",)),
    (("美食", "小吃", "餐", "吃"), ("fig-bowl.jpg", "coffee-cup.jpg")),
    (("苏铁",), ("green-fronds.jpg",)),
    (
        ("新闻配图",),
        (
            "mountains-autumn.jpg",
            "lake-boats-sunset.jpg",
            "pavilion-lake.jpg",
            "sunset-hills.jpg",
            "forest-stream.jpg",
            "pier-fog.jpg",
            "green-fronds.jpg",
            "lake-dusk.jpg",
            "mountain-trail.jpg",
            "waterside-boards.jpg",
            "dandelion-meadow.jpg",
            "seaside-grass.jpg",
        ),
    ),
]


def photo_for(title):
    """The photograph (a file name in ``PHOTOS``) that illustrates ``title``, or None to draw a picture."""
    lowered = title.lower()
    for words, files in PHOTO_SUBJECTS:
        if any(word.lower() in lowered for word in words):
            if not files:
                return None
            number = re.search(r"\d+$", title)  # 新闻配图0, 新闻配图1 … go round the files in turn
            index = int(number.group()) if number else hashlib.sha256(title.encode()).digest()[0]
            return files[index % len(files)]
    return None


@functools.cache
def photo_credits():
    """Each photograph's credit line, read from the table in ``CREDITS.md`` (one row a file)."""
    credits = {}
    for line in (PHOTOS / "CREDITS.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].endswith(".jpg"):
            name, _subject, package, _original, author, licence = cells
            credits[name] = f"照片：{author}，{licence}（Debian {package}）"
    return credits


@functools.cache
def cropped_photo(name, width, height):
    """The photograph cut to ``width`` x ``height`` around its centre, as JPEG bytes (once per run and size)."""
    with PILImage.open(PHOTOS / name) as photo:
        photo.draft("RGB", (width, height))  # a JPEG decodes at 1/2, 1/4 … of its size when that still covers
        picture = ImageOps.fit(photo.convert("RGB"), (width, height), PILImage.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def generated_picture(title, width, height):
    """A soft gradient with white rings, its colours and rings drawn from the title, as JPEG bytes."""
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
    return buffer.getvalue()
