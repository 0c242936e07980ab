"""Life-event bundles (人生大事): editors compose them from existing service guides, in order, with a line
per step; residents find them on the services index and follow the guides in that order."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home import seed
from home.factories import (
    LifeEventPageFactory,
    LifeEventStepFactory,
    ServiceCategoryPageFactory,
    ServiceGuidePageFactory,
    ServiceIndexPageFactory,
)
from home.models import LifeEventPage, LifeEventStep, ServiceCategoryPage, ServiceIndexPage
from rongmei.demo import Demo
from rongmei.translation import translate_instance
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(home):
    return publish(ServiceIndexPageFactory(parent=home))


@pytest.fixture
def guides(services):
    """Three guides in two categories, in the order the tree holds them (not the order a bundle wants)."""
    life = publish(ServiceCategoryPageFactory(parent=services, title="生活服务", slug="life"))
    education = publish(ServiceCategoryPageFactory(parent=services, title="教育入学", slug="education"))
    return {
        "入学": publish(
            ServiceGuidePageFactory(parent=education, title="小学一年级入学登记", slug="enrolment")
        ),
        "资助": publish(ServiceGuidePageFactory(parent=education, title="学生资助申请", slug="aid")),
        "居住证": publish(
            ServiceGuidePageFactory(
                parent=life, title="居住证办理", slug="residence", location="区政务服务中心一楼"
            )
        ),
    }


@pytest.fixture
def editor_client(client, django_user_model):
    """A media-centre editor as the demo's ``editor`` account is: in Editors and Moderators, so they
    publish pages outside the news channels (Editors alone submit them for moderation)."""
    user = django_user_model.objects.create_user("services-editor", "se@example.com", "pw-editor-2026")
    user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    client.force_login(user)
    return client


def bundle(services, steps, **fields):
    built = [
        LifeEventStepFactory.build(guide=guide, intro=intro, sort_order=order)
        for order, (guide, intro) in enumerate(steps)
    ]
    return publish(LifeEventPageFactory(parent=services, steps=built, **fields))


def positions(html, *texts):
    return [html.index(text) for text in texts]


def test_a_bundle_lives_under_the_services_index_only(services):
    assert set(ServiceIndexPage.allowed_subpage_models()) == {ServiceCategoryPage, LifeEventPage}
    assert LifeEventPage.allowed_parent_page_models() == [ServiceIndexPage]
    assert LifeEventPage.allowed_subpage_models() == []
    assert not LifeEventPage.can_create_at(ServiceCategoryPage())


def test_an_editor_composes_a_bundle_in_the_admin_and_residents_see_the_guides_in_that_order(
    editor_client, services, guides
):
    data = nested_form_data(
        {
            "title": "孩子上学",
            "slug": "starting-school",
            "intro": "孩子上小学要办的事，按顺序排好。",
            "icon": "学",
            # typed in this order, then reordered by the editor: the residence permit comes first
            "steps": inline_formset(
                [
                    {"guide": guides["入学"].pk, "intro": "每年5月网上报名。", "ORDER": "2"},
                    {"guide": guides["资助"].pk, "intro": "开学后向学校申请。", "ORDER": "3"},
                    {"guide": guides["居住证"].pk, "intro": "非本区户籍的家庭，先办好居住证。", "ORDER": "1"},
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "on"
    url = reverse("wagtailadmin_pages:add", args=("home", "lifeeventpage", services.pk))
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = LifeEventPage.objects.get(slug="starting-school")
    assert page.live
    assert [step.guide_id for step in page.steps.all()] == [
        guides["居住证"].pk,
        guides["入学"].pk,
        guides["资助"].pk,
    ]

    html = Client().get(page.url).content.decode()
    assert "孩子上小学要办的事，按顺序排好。" in html
    居住证, 入学, 资助 = positions(html, "居住证办理", "小学一年级入学登记", "学生资助申请")
    assert 居住证 < 入学 < 资助
    assert positions(html, "第 1 步", "第 2 步", "第 3 步") == sorted(
        positions(html, "第 1 步", "第 2 步", "第 3 步")
    )
    assert html.index("第 1 步") < 居住证 < html.index("第 2 步")
    assert "非本区户籍的家庭，先办好居住证。" in html
    assert "区政务服务中心一楼" in html
    assert f'href="{guides["居住证"].url}"' in html

    index = Client().get(services.url).content.decode()
    assert "人生大事一次办" in index
    assert f'href="{page.url}"' in index and "孩子上学" in index


def test_a_bundle_without_a_step_is_refused_with_a_clear_message(editor_client, services, guides):
    data = nested_form_data(
        {
            "title": "要结婚",
            "slug": "marriage",
            "steps": inline_formset([], min=1),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "on"
    url = reverse("wagtailadmin_pages:add", args=("home", "lifeeventpage", services.pk))
    response = editor_client.post(url, data)
    assert response.status_code == 200  # the form again, not a 500
    assert response.context["form"].formsets["steps"].non_form_errors()
    assert not LifeEventPage.objects.filter(slug="marriage").exists()


def test_a_guide_that_is_not_public_is_left_out_and_a_changed_guide_shows_at_once(
    services, guides, settings, django_capture_on_commit_callbacks
):
    settings.RONGMEI_PAGE_CACHE_SECONDS = 120
    with django_capture_on_commit_callbacks(execute=True):
        page = bundle(services, [(guides["居住证"], "先办居住证。"), (guides["入学"], "再报名。")])
    reader = Client()
    assert "小学一年级入学登记" in reader.get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        guides["入学"].unpublish()
    html = reader.get(page.url).content.decode()
    assert "小学一年级入学登记" not in html and "居住证办理" in html

    with django_capture_on_commit_callbacks(execute=True):
        guide = guides["居住证"]
        guide.title = "居住证申领"
        publish(guide)
    assert "居住证申领" in reader.get(page.url).content.decode()


def test_in_english_a_translated_bundle_shows_its_translated_steps_and_guides(services, guides):
    page = bundle(services, [(guides["居住证"], "先办好居住证。"), (guides["入学"], "每年5月网上报名。")])
    translate_instance(guides["居住证"], "en", strings={"居住证办理": "Residence permit"})
    english = translate_instance(page, "en", strings={"先办好居住证。": "Get the residence permit first."})

    assert [step.locale.language_code for step in english.steps.all()] == ["en", "en"]
    html = Client().get(english.url).content.decode()
    assert "Get the residence permit first." in html
    assert "Residence permit" in html  # the guide's English version
    assert "小学一年级入学登记" in html  # no English version yet: the Chinese one, as sections show it
    assert "Step 1" in html and "Step 2" in html
    assert html.index("Residence permit") < html.index("小学一年级入学登记")


def test_in_traditional_script_the_bundle_reads_in_traditional(services, guides):
    page = bundle(services, [(guides["资助"], "开学后向学校申请。")], title="孩子上学")
    hant = translate_instance(page, "zh-hant")
    html = Client().get(hant.url).content.decode()
    assert "開學後向學校申請。" in html
    assert "第 1 步" in html


def test_the_demo_seed_composes_its_bundles_from_its_guides(db):
    demo = Demo(BaseCommand(stdout=io.StringIO()), {"verbosity": 0})
    seed.seed_services(demo)
    events = LifeEventPage.objects.live().order_by("path")
    assert [event.title for event in events] == ["孩子上学", "开办企业"]
    school = events[0]
    assert [step.guide.title for step in school.steps.all()] == [
        "居住证办理",
        "小学一年级入学登记",
        "学生资助申请",
    ]
    assert LifeEventStep.objects.count() == 5
