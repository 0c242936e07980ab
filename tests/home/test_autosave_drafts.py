"""An abandoned page-add form never blocks the next try: Wagtail's autosave stores a draft page as soon as a
title is typed, and when the editor leaves and starts again, that forgotten draft's slug would refuse the new
page. The editor's own never-published draft steps aside (its slug gets a suffix, its content stays, a
message links to it); a draft of someone else, or a page ever published, still holds its slug."""

import re

import pytest
from django.contrib.messages import get_messages
from wagtail.models import Page

from home.models import StandardPage

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)"[^>]*?(?:value="([^"]*)")?[^>]*>')


def add_url(home):
    return f"/admin/pages/add/home/standardpage/{home.pk}/"


def form_data(client, home, **fields):
    """The add form's hidden fields (formset management forms, tokens) as the browser sends them back."""
    html = client.get(add_url(home)).content.decode()
    data = {name: value or "" for name, value in HIDDEN.findall(html) if name != "csrfmiddlewaretoken"}
    # the body StreamField is drawn by the browser's script; an empty one sends its count only
    return {**data, "body-count": "0", "title": "关于停水的通知", "slug": "tingshui", "intro": "", **fields}


def autosave(client, home, **fields):
    """What the editor's browser posts a moment after a title is typed (Accept: application/json)."""
    response = client.post(add_url(home), form_data(client, home, **fields), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["success"], response.content[:500]
    return Page.objects.get(pk=response.json()["pk"]).specific


@pytest.fixture
def staff(django_user_model, client):
    user = django_user_model.objects.create_superuser("chief", "chief@example.cn", "pw-chief-2026")
    client.force_login(user)
    return user


def test_an_abandoned_autosave_draft_does_not_block_the_next_try(client, staff, home):
    forgotten = autosave(client, home, intro="写了一半")
    assert forgotten.slug == "tingshui" and not forgotten.live

    # The editor left that form; later they start again with the same title and publish.
    response = client.post(add_url(home), form_data(client, home, **{"action-publish": "1"}))
    assert response.status_code == 302, re.findall(
        r"error-message[^>]*>\s*<p>([^<]+)", response.content.decode()
    )
    page = StandardPage.objects.get(slug="tingshui")
    assert page.live and page.pk != forgotten.pk

    forgotten.refresh_from_db()
    assert forgotten.slug == f"tingshui-{forgotten.pk}" and forgotten.intro == "写了一半"
    assert forgotten.get_latest_revision().as_object().slug == forgotten.slug  # editing it later works too
    message = [str(m) for m in get_messages(response.wsgi_request)][0]
    assert "自动保存" in message or "草稿" in message
    assert f"/admin/pages/{forgotten.pk}/edit/" in message


def test_the_next_autosave_is_not_refused_either(client, staff, home):
    first = autosave(client, home)
    second = autosave(client, home)
    assert second.slug == "tingshui" and second.pk != first.pk
    first.refresh_from_db()
    assert first.slug != "tingshui"


def test_a_published_page_still_holds_its_slug(client, staff, home):
    home.add_child(instance=StandardPage(title="停水通知", slug="tingshui"))
    response = client.post(add_url(home), form_data(client, home, **{"action-publish": "1"}))
    assert response.status_code == 200
    assert "别名“tingshui”已被同一上级页面下的其他页面使用。" in response.content.decode()


def test_a_colleague_s_draft_is_not_moved(client, staff, home, editor):
    draft = StandardPage(title="停水通知", slug="tingshui", live=False, owner=editor)
    home.add_child(instance=draft)
    draft.save_revision(user=editor)
    response = client.post(add_url(home), form_data(client, home, **{"action-publish": "1"}))
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.slug == "tingshui"
    html = response.content.decode()
    assert f"/admin/pages/{draft.pk}/edit/" in html  # the message says whose draft and links to it
