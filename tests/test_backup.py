"""A backup of the database and the media store, restored into an empty installation, holds the same
petitions, photos and pages; restoring over content is refused (``rongmei.backup``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from home.models import StandardPage
from petitions.factories import PetitionFactory
from petitions.models import Petition, PetitionPhoto
from rongmei.backup import media_files
from tests.helpers import png

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
#: What a person would compare, printed as JSON by the installation it runs in.
SUMMARY = """
import hashlib, json
from django.core.files.storage import default_storage
from wagtail.models import Page
from petitions.models import Petition, PetitionPhoto
print(json.dumps({
    "petitions": sorted(Petition.objects.values_list("number", "title", "status")),
    "photos": sorted(
        (photo.petition.number, photo.image.file.name,
         hashlib.sha256(default_storage.open(photo.image.file.name, "rb").read()).hexdigest())
        for photo in PetitionPhoto.objects.select_related("petition", "image")
    ),
    "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
}, ensure_ascii=False))
"""


@pytest.fixture
def empty_database(tmp_path):
    """The address of a database with nothing in it, beside the test's own."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    server = psycopg2.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname="postgres"
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = settings["USER"]
    yield f"postgres://{user}@{settings['HOST']}:{settings['PORT'] or 5432}/{name}"
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def manage(database_url, media_root, *arguments):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="rongmei.settings.test",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )


def summary_here():
    printed = []
    exec(SUMMARY.replace("print(", "printed.append("), {"printed": printed})  # noqa: S102
    return json.loads(printed[0])


# pg_dump reads what is committed; the rows the migrations made are put back after the test
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_an_empty_installation_holds_the_same_petitions_photos_and_pages(
    tmp_path, empty_database
):
    home = Site.objects.get(is_default_site=True).root_page
    page = StandardPage(title="办事指南汇编", slug="guides")
    home.add_child(instance=page)
    page.save_revision().publish()
    petition = PetitionFactory(state="replied", title="幸福路路灯不亮")
    image = get_image_model().objects.create(title="路灯照片", file=png("lamp.png", (64, 48)))
    PetitionPhoto.objects.create(petition=petition, image=image)
    PetitionFactory(title="小区垃圾没人清运")
    before = summary_here()
    assert len(before["petitions"]) == 2 and len(before["photos"]) == 1

    call_command("backup_site", str(tmp_path / "backup"))
    assert {path.name for path in (tmp_path / "backup").iterdir()} >= {"manifest.json", "media.tar"}

    restored_media = tmp_path / "media-restored"
    restored = manage(empty_database, restored_media, "restore_site", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert "every row and file" in restored.stdout

    after = manage(empty_database, restored_media, "shell", "-c", SUMMARY)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout.strip().splitlines()[-1]) == before
    assert sorted(path.relative_to(restored_media).as_posix() for path in restored_media.rglob("*.*")) == (
        sorted(media_files())
    )
    check = manage(empty_database, restored_media, "restore_site", "--check", str(tmp_path / "backup"))
    assert check.returncode == 0, check.stderr

    again = manage(empty_database, restored_media, "restore_site", str(tmp_path / "backup"))
    assert again.returncode != 0
    assert "already holds content" in again.stderr

    # the check names what differs (here, in the installation the backup was taken of)
    Petition.objects.filter(title="小区垃圾没人清运").delete()
    with pytest.raises(Exception, match="petitions.Petition: 2 saved, 1 now"):
        call_command("restore_site", "--check", str(tmp_path / "backup"))
    assert Page.objects.exists()


def test_a_backup_refuses_to_run_inside_a_transaction(tmp_path):
    """This test's own: the dump would miss what the manifest counts (or, on SQLite, wait for ever)."""
    PetitionFactory(title="幸福路路灯不亮")
    with pytest.raises(Exception, match="outside a transaction"):
        call_command("backup_site", str(tmp_path / "backup"))
    assert not (tmp_path / "backup").exists()


def test_a_backup_never_writes_into_an_existing_folder(tmp_path):
    (tmp_path / "backup").mkdir()
    with pytest.raises(Exception, match="already exists"):
        call_command("backup_site", str(tmp_path / "backup"))
