"""The resident's photos reach the staff who act on them: the moderation queue, the department's
workbench page and the referral letter show each as a thumbnail linked to the full picture; and the
department's internal note is labelled as the department's."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.test import Client

from petitions import workflow
from petitions.models import Petition
from tests.helpers import jpeg

from .conftest import solve_captcha

pytestmark = pytest.mark.django_db


def thumbnails(html):
    """(link, thumbnail) of every photo in the page's photo list."""
    photos = html.split('class="petition-photos"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)"[^>]*><img[^>]+src="([^"]+)"', photos)


@pytest.fixture
def posted(client, board, petition_data):
    """A petition posted on the board with two photos, as a resident posts it."""
    url = board.url + "new/"
    data = petition_data() | solve_captcha(client, url)
    data["photos"] = [jpeg("a.jpg"), jpeg("b.jpg")]
    assert client.post(url, data).status_code == 302
    return Petition.objects.get()


def test_every_staff_page_about_the_petition_shows_its_photos(
    posted, moderator, department, department_staff
):
    editor = Client()
    editor.force_login(moderator)
    queued = thumbnails(editor.get("/admin/petitions/moderation/").content.decode())
    assert len(queued) == 2
    for full, thumbnail in queued:
        assert ".fill-160x160" in thumbnail and ".max-1600x1600" in full and full != thumbnail

    workflow.perform(posted, "accept", moderator)
    workflow.perform(posted, "dispatch", moderator, department=department)
    letter = editor.get(f"/admin/petitions/dispatch/{posted.dispatches.get().pk}/letter/").content.decode()
    assert len(thumbnails(letter)) == 2

    department_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff = Client()
    staff.force_login(department_staff)
    handling = staff.get(f"/admin/petitions/workbench/{posted.pk}/view/").content.decode()
    assert len(thumbnails(handling)) == 2
    full = thumbnails(handling)[0][0]
    # a private file: its link is the checking view, which the department's staff may read
    assert full.startswith("/private-media/") and default_storage.exists(full.removeprefix("/private-media/"))
    assert staff.get(full).status_code == 200


def test_the_departments_internal_note_is_labelled_as_the_departments(
    posted, moderator, department, department_staff
):
    workflow.perform(posted, "accept", moderator)
    workflow.perform(posted, "dispatch", moderator, department=department)
    workflow.perform(posted, "claim", department_staff)
    workflow.perform(posted, "reply", department_staff, body="已修复。", internal_note="电缆被盗，已报警。")
    department_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff = Client()
    staff.force_login(department_staff)
    html = staff.get(f"/admin/petitions/workbench/{posted.pk}/view/").content.decode()
    note = html[: html.index("电缆被盗")]
    assert note.rindex(f"{department.display_name}的内部说明") > note.rindex("<li>")


def test_with_local_media_a_pending_petitions_photo_is_only_read_through_the_checking_view(
    posted, moderator, rf
):
    from django.http import Http404

    from rongmei import private_media

    image = posted.photos.first().image
    assert image.file.name.startswith("original_images/petition-")
    assert image.file.url == f"/private-media/{image.file.name}"  # never MEDIA_URL
    assert Client().get(image.file.url).status_code == 404
    editor = Client()
    editor.force_login(moderator)
    answer = editor.get(image.file.url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content)[:2] == b"\xff\xd8"
    assert "no-store" in answer["Cache-Control"]
    # what serves MEDIA_URL in development refuses it too
    with pytest.raises(Http404):
        private_media.serve_public_in_development(rf.get("/"), image.file.name, document_root="/")
