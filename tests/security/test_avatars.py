"""No page loads anything from outside the site: staff avatars come from the site, never from Gravatar."""

import re

from django.contrib.auth.models import Group


def test_the_admin_shows_a_local_avatar_for_an_account_with_an_email(client, home, django_user_model):
    editor = django_user_model.objects.create_user("avatar1", "someone@example.com", "pw-editor-2026")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert sources and all(not src.startswith(("http:", "https:", "//")) for src in sources), sources
