"""The demo's pictures: a credited photograph where the title names a subject the photo set shows, a generated
picture where it does not (and always for logos and charts)."""

import io
from pathlib import Path

import pytest
from django.core.management.base import BaseCommand
from PIL import Image

from petitions.seed import PLACES, plans
from rongmei.demo import PHOTO_SUBJECTS, PHOTOS, Demo, generated_picture, photo_credits, photo_for

LICENCES = {
    "Public domain",
    "CC0-1.0",
    "CC-BY-2.0",
    "CC-BY-4.0",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "GPL-2.0-or-later",
    "LGPL-3.0",
}


@pytest.fixture
def demo(db):
    return Demo(BaseCommand(stdout=io.StringIO()), {"verbosity": 0})


def stored(image):
    with image.file.open("rb") as handle:
        return handle.read()


def colour_variety(content):
    """How many colours (16 levels a channel) a small copy of the picture has: a few dozen for a gradient."""
    picture = Image.open(io.BytesIO(content)).convert("RGB").resize((160, 90))
    return len({(r // 16, g // 16, b // 16) for r, g, b in picture.get_flattened_data()})


def test_a_title_about_a_subject_the_photos_show_gets_a_credited_photograph_cut_to_its_size(demo):
    image = demo.image("滨江公园 夜景", 1200, 675)

    content = stored(image)
    assert (image.width, image.height) == (1200, 675)
    assert content != generated_picture("滨江公园 夜景", 1200, 675)
    assert colour_variety(content) > 200
    assert colour_variety(generated_picture("滨江公园 夜景", 1200, 675)) < 100
    assert image.title == "滨江公园 夜景"
    assert image.description == "照片：Derek Jensen，Public domain（Debian palapeli-data）"


def test_a_title_no_subject_word_matches_gets_the_generated_picture(demo):
    image = demo.image("帮打听｜居民问的事，记者", 1200, 675)

    assert stored(image) == generated_picture("帮打听｜居民问的事，记者", 1200, 675)
    assert image.description == ""


def test_logos_and_charts_stay_generated_even_when_they_name_a_subject(demo):
    logo = demo.image("滨江公园管理处 标志", 240, 240)
    chart = demo.image("图解：滨江公园怎么走", 1200, 675)

    assert stored(logo) == generated_picture("滨江公园管理处 标志", 240, 240)
    assert (logo.width, logo.height) == (240, 240)
    assert stored(chart) == generated_picture("图解：滨江公园怎么走", 1200, 675)


def test_each_title_is_stored_once_and_a_second_call_returns_it(demo):
    first = demo.image("格里坪茶叶店")
    again = demo.image("格里坪茶叶店")

    assert again.pk == first.pk
    assert demo.created == {"images": 1}


@pytest.mark.parametrize(
    ("title", "photo"),
    [
        ("苏铁国家级自然保护区", "green-fronds.jpg"),
        ("苏铁中路", "road-storm.jpg"),  # a road named after the cycad is still a road
        ("苏铁路老面馆", None),  # a noodle shop: the photos have no dish, so it is drawn
        ("老码头牛油火锅", None),  # food first, not the quay in its name
        ("金沙江烧烤大排档", None),
        ("陶家渡大桥", "bridge-night.jpg"),
        ("河门口菜市场", "citrus-fruits.jpg"),
        ("米易枇杷茶", "leaf-rain-drops.jpg"),
        ("攀枝花凯特芒果", "citrus-fruits.jpg"),
        ("区人代会 会场", "building-facade.jpg"),
        ("2026年秋季小学一年级", "paintbrushes.jpg"),
        ("金沙江温泉山庄", "lake-dusk.jpg"),
        ("星光影城", None),
    ],
)
def test_the_most_specific_subject_word_in_a_title_decides_its_photo(title, photo):
    assert photo_for(title) == photo


def test_the_snapshots_petitions_share_show_a_street_scene_never_fruit():
    snapshots = {photo_for(f"随手拍 {place}") for place in PLACES[: plans.PHOTO_POOL]}

    street_scenes = {"road-storm.jpg", "bridge-night.jpg", "building-facade.jpg", "waterside-boards.jpg"}
    assert snapshots <= street_scenes | {"dogs-at-door.jpg"}  # the doorway only for a snapshot of a 小区
    assert len(snapshots) > 1


def test_numbered_news_pictures_take_the_pool_in_turn():
    pool = [photo_for(f"新闻配图{index}") for index in range(12)]

    assert len(set(pool)) == 12


def test_every_photo_the_table_names_is_in_the_folder():
    named = {name for _words, files in PHOTO_SUBJECTS for name in files}

    assert named
    assert all((PHOTOS / name).is_file() for name in named)


def test_every_file_in_the_photo_folder_is_credited_with_a_licence_that_allows_reuse():
    files = {path.name for path in PHOTOS.iterdir()} - {"CREDITS.md"}
    rows = [
        line for line in (PHOTOS / "CREDITS.md").read_text(encoding="utf-8").splitlines() if ".jpg |" in line
    ]
    licences = {cells[1].strip(): cells[6].strip() for cells in (row.split("|") for row in rows)}

    assert files == set(licences) == set(photo_credits())
    assert set(licences.values()) <= LICENCES
    assert all(credit.startswith("照片：") for credit in photo_credits().values())


def test_the_photos_are_small_web_copies_without_camera_data():
    paths = sorted(Path(PHOTOS).glob("*.jpg"))
    total = sum(path.stat().st_size for path in paths)

    assert total < 6 * 1024 * 1024
    for path in paths:
        with Image.open(path) as photo:
            assert max(photo.size) <= 1200
            assert not photo.getexif()
