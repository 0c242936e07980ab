"""Department channels (西区号): each department keeps its own channel, under the media centre's review."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from newsroom.factories import ChannelPostPageFactory
from newsroom.models import (
    ChannelPostPage,
    DepartmentChannelPage,
    DepartmentIndexPage,
    LivePage,
    NewsArticlePage,
    NewsIndexPage,
    QASessionPage,
)
from newsroom.permissions import REVIEW_TASK_NAME
from rongmei.roles import REVIEWERS

from .conftest import publish

pytestmark = pytest.mark.django_db


def post_form(title, slug, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "kind": "notice",
            "summary": "关于调整公交线路的公告",
            "body": streamfield([("paragraph", rich_text("<p>自下月起，12路公交延伸至滨江公园。</p>"))]),
            "author": "区交通运输局",
            "date": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "comments": inline_formset([]),
        }
    )
    data[action] = "on"
    return data


def add_post(client, channel, title, slug, action="action-submit"):
    url = reverse("wagtailadmin_pages:add", args=("newsroom", "channelpostpage", channel.pk))
    return client.post(url, post_form(title, slug, action))


def test_a_clerk_writes_a_post_it_waits_for_an_editor_is_approved_and_appears(
    clerk_client, transport_channel, editor
):
    reader = Client()
    response = add_post(clerk_client, transport_channel, "12路公交线路调整公告", "bus-12")
    assert response.status_code == 302
    post = ChannelPostPage.objects.get(slug="bus-12")
    assert not post.live
    assert "12路公交线路调整公告" not in reader.get(transport_channel.url).content.decode()

    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(post.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    assert task_state.task.name == REVIEW_TASK_NAME

    # The clerk cannot approve their own post.
    clerk_client.post(reverse("wagtailadmin_pages:workflow_action", args=(post.pk, "approve", task_state.pk)))
    post.refresh_from_db()
    assert not post.live

    reviewer = Client()
    reviewer.force_login(editor)
    reviewer.post(reverse("wagtailadmin_pages:workflow_action", args=(post.pk, "approve", task_state.pk)))
    post.refresh_from_db()
    assert post.live
    assert "12路公交线路调整公告" in reader.get(transport_channel.url).content.decode()
    assert "12路公交线路调整公告" in reader.get(transport_channel.url + "feed/").content.decode()


def test_a_reviewer_who_may_do_nothing_else_approves_a_post_and_it_is_published(
    clerk_client, transport_channel, django_user_model
):
    """Reviewers hold no page rights (rongmei.roles); approving in the review task is enough to publish."""
    add_post(clerk_client, transport_channel, "西区号：道路施工绕行提示", "detour")
    post = ChannelPostPage.objects.get(slug="detour")
    task_state = WorkflowState.objects.get(object_id=str(post.pk)).current_task_state
    account = django_user_model.objects.create_user("reviewer1", password="pw-reviewer-2026")
    account.groups.add(Group.objects.get(name=REVIEWERS))
    reviewer = Client()
    reviewer.force_login(account)
    assert not post.permissions_for_user(account).can_publish()

    reviewer.post(reverse("wagtailadmin_pages:workflow_action", args=(post.pk, "approve", task_state.pk)))
    post.refresh_from_db()
    assert post.live
    assert PageLogEntry.objects.get(page=post, action="wagtail.publish").user == account  # in their name
    assert "西区号：道路施工绕行提示" in Client().get(transport_channel.url).content.decode()


def test_a_clerk_cannot_publish_without_review(clerk_client, transport_channel):
    response = add_post(
        clerk_client, transport_channel, "未经审核的公告", "no-review", action="action-publish"
    )
    assert response.status_code in (200, 302)
    post = ChannelPostPage.objects.get(slug="no-review")
    assert not post.live
    assert not post.permissions_for_user(_clerk(clerk_client)).can_publish()

    # Editing a live post and asking to publish leaves the live version untouched.
    live_post = publish(
        ChannelPostPageFactory(parent=transport_channel, title="已发布的动态", slug="live-post")
    )
    data = post_form("被篡改的标题", "live-post", "action-publish")
    clerk_client.post(reverse("wagtailadmin_pages:edit", args=(live_post.pk,)), data)
    live_post.refresh_from_db()
    assert live_post.title == "已发布的动态"


def test_a_clerk_cannot_touch_another_departments_channel(clerk_client, housing_channel):
    before = ChannelPostPage.objects.count()
    response = add_post(clerk_client, housing_channel, "越权发布", "trespass")
    assert response.status_code in (302, 403)
    assert ChannelPostPage.objects.count() == before

    edit_url = reverse("wagtailadmin_pages:edit", args=(housing_channel.pk,))
    assert clerk_client.get(edit_url).status_code in (302, 403)
    clerk_client.post(edit_url, {"title": "被篡改", "slug": housing_channel.slug})
    housing_channel.refresh_from_db()
    assert housing_channel.title == "区住房和城乡建设局"
    assert housing_channel.get_latest_revision().content["title"] == "区住房和城乡建设局"

    perms = housing_channel.permissions_for_user(_clerk(clerk_client))
    assert not perms.can_edit() and not perms.can_add_subpage()


def _clerk(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_a_clerk_can_edit_their_own_channel_but_not_the_news(clerk, transport_channel, headlines):
    assert transport_channel.permissions_for_user(clerk).can_edit()
    assert transport_channel.permissions_for_user(clerk).can_add_subpage()
    assert not transport_channel.permissions_for_user(clerk).can_publish()
    assert not headlines.permissions_for_user(clerk).can_edit()
    assert not headlines.permissions_for_user(clerk).can_add_subpage()


def test_moving_a_channel_to_another_department_revokes_the_old_staff(clerk, transport_channel, housing):
    transport_channel.department = housing
    transport_channel.save()
    assert not transport_channel.permissions_for_user(clerk).can_edit()


def test_the_channel_page_shows_contacts_posts_by_kind_and_falls_back_to_the_department(
    client, transport_channel, transport
):
    transport.phone = "0812-1234567"
    transport.save()
    publish(ChannelPostPageFactory(parent=transport_channel, title="公交优化公告", kind="notice"))
    publish(ChannelPostPageFactory(parent=transport_channel, title="春运工作动态", kind="news"))
    html = client.get(transport_channel.url).content.decode()
    assert "0812-1234567" in html and "公交优化公告" in html and "春运工作动态" in html
    notices = client.get(transport_channel.url + "?kind=notice").content.decode()
    assert "公交优化公告" in notices and "春运工作动态" not in notices
    assert client.get(transport_channel.url + "?kind=<script>").status_code == 200


def test_one_channel_per_department(department_index, transport_channel, transport):
    from django.core.exceptions import ValidationError

    second = DepartmentChannelPage(
        title="重复", slug="dup", department=transport, locale=department_index.locale
    )
    with pytest.raises(ValidationError):
        second.full_clean()


def test_the_department_index_lists_channels_by_kind(
    client, department_index, transport_channel, housing_channel
):
    html = client.get(department_index.url).content.decode()
    assert "区交通运输局" in html and "区住房和城乡建设局" in html


class PageTreeRules(WagtailPageTestCase):
    def test_page_types_sit_where_they_belong(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage, LivePage, QASessionPage})
        self.assertAllowedParentPageTypes(QASessionPage, {HomePage, NewsIndexPage})
        self.assertAllowedSubpageTypes(QASessionPage, set())
        self.assertAllowedSubpageTypes(NewsArticlePage, set())
        self.assertAllowedParentPageTypes(DepartmentChannelPage, {DepartmentIndexPage})
        self.assertAllowedSubpageTypes(DepartmentChannelPage, {ChannelPostPage})
        self.assertAllowedSubpageTypes(ChannelPostPage, set())
        self.assertCanCreateAt(HomePage, DepartmentIndexPage)
        self.assertCanNotCreateAt(Page, NewsArticlePage)


def test_an_editor_publishes_an_article_with_tags_and_a_gallery_from_the_admin(editor_client, headlines):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    picture = get_image_model().objects.create(title="开园现场", file=get_test_image_file())
    gallery_items = streamfield([("item", {"image": str(picture.pk), "caption": "开园现场"})])
    data = nested_form_data(
        {
            "title": "滨江公园开园",
            "slug": "park-opens",
            "summary": "滨江公园今日开园。",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>首批游客入园。</p>")),
                    ("gallery", {"title": "现场图集", "items": gallery_items}),
                ]
            ),
            "source": "西区融媒",
            "date": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "tags": "公园, 城市建设",
            "related_articles": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "on"
    url = reverse("wagtailadmin_pages:add", args=("newsroom", "newsarticlepage", headlines.pk))
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    article = NewsArticlePage.objects.get(slug="park-opens")
    assert article.live
    assert sorted(tag.name for tag in article.tags.all()) == ["公园", "城市建设"]
    assert article.body[1].block_type == "gallery"
    reader = Client()
    assert "滨江公园开园" in reader.get(headlines.url + "tag/公园/").content.decode()


def test_a_clerk_cannot_hand_their_channel_to_another_department_by_a_draft(
    clerk, clerk_client, transport_channel, housing
):
    data = nested_form_data(
        {
            "title": transport_channel.title,
            "slug": transport_channel.slug,
            "department": str(housing.pk),
            "introduction": rich_text("<p>简介</p>"),
            "duties": rich_text(""),
            "comments": inline_formset([]),
        }
    )
    clerk_client.post(reverse("wagtailadmin_pages:edit", args=(transport_channel.pk,)), data)
    transport_channel.refresh_from_db()
    assert transport_channel.department_id != housing.pk
    assert transport_channel.permissions_for_user(clerk).can_edit()
    assert not transport_channel.permissions_for_user(clerk).can_publish()


@pytest.mark.parametrize(
    ("model", "parent_fixture"),
    [
        ("newsarticlepage", "headlines"),
        ("livepage", "headlines"),
        ("channelpostpage", "transport_channel"),
        ("departmentchannelpage", "department_index"),
    ],
)
def test_the_admin_forms_of_every_page_type_open(client, admin_user, request, model, parent_fixture):
    parent = request.getfixturevalue(parent_fixture)
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:add", args=("newsroom", model, parent.pk)))
    assert response.status_code == 200
