"""The home app's pages: where each may be created, and that each renders, empty or full."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.factories import (
    ServiceCategoryPageFactory,
    ServiceGuidePageFactory,
    ServiceIndexPageFactory,
    StandardPageFactory,
    SurveyFormFieldFactory,
    SurveyPageFactory,
)
from home.models import (
    FooterLink,
    HomePage,
    LifeEventPage,
    ServiceCategoryPage,
    ServiceGuidePage,
    ServiceIndexPage,
    SiteSettings,
    StandardPage,
    SurveyPage,
)
from rongmei.errors import server_error


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_page_takes_the_sections(self):
        for child in (StandardPage, ServiceIndexPage, SurveyPage):
            self.assertCanCreateAt(HomePage, child)

    def test_services_are_index_then_category_then_guide(self):
        self.assertAllowedSubpageTypes(ServiceIndexPage, {ServiceCategoryPage, LifeEventPage})
        self.assertAllowedSubpageTypes(ServiceCategoryPage, {ServiceGuidePage})
        self.assertAllowedSubpageTypes(ServiceGuidePage, set())
        self.assertAllowedParentPageTypes(ServiceGuidePage, {ServiceCategoryPage})
        self.assertCanNotCreateAt(HomePage, ServiceGuidePage)

    def test_a_language_has_one_services_index(self):
        home = HomePage.objects.get(depth=2)
        ServiceIndexPageFactory(parent=home)
        self.assertFalse(ServiceIndexPage.can_create_at(home))

    def test_surveys_have_no_children(self):
        self.assertAllowedSubpageTypes(SurveyPage, set())


@pytest.mark.django_db
class TestEmptyPagesRender:
    """A page with nothing but a title still renders: empty sections are simply not shown."""

    def test_home_page_without_content(self, client, home):
        response = client.get(home.url)
        assert response.status_code == 200
        assert 'class="home-section' not in response.content.decode()

    def test_each_page_type_renders_with_only_a_title(self, client, home):
        index = ServiceIndexPageFactory(parent=home, title="便民服务")
        category = ServiceCategoryPageFactory(parent=index, title="生活")
        guide = ServiceGuidePage(title="空指南", slug="empty-guide")
        category.add_child(instance=guide)
        standard = StandardPageFactory(parent=home, title="空页面", intro="")
        survey = SurveyPageFactory(parent=home, title="空问卷", intro="")
        for page in (index, category, guide, standard, survey):
            response = client.get(page.url)
            assert response.status_code == 200, page
            assert page.title in response.content.decode()


@pytest.mark.django_db
class TestServiceGuides:
    def test_a_guide_shows_what_to_bring_where_and_when(self, client, home):
        index = ServiceIndexPageFactory(parent=home)
        category = ServiceCategoryPageFactory(parent=index, title="生活服务")
        guide = ServiceGuidePageFactory(
            parent=category,
            title="居住证办理",
            materials="<ul><li>居民身份证原件</li></ul>",
            steps=[("step", {"title": "网上预约", "description": "选择时间"})],
            online_url="https://www.example.gov.cn/apply",
        )
        content = client.get(guide.url).content.decode()
        for text in (
            "居民身份证原件",
            "区政务服务中心一楼",
            "工作日 9:00-17:00",
            "网上预约",
            "免费",
            "5个工作日",
        ):
            assert text in content
        assert 'href="tel:0812-12345"' in content
        assert 'href="https://www.example.gov.cn/apply"' in content

    def test_the_index_lists_categories_with_their_guides(self, client, home, django_assert_max_num_queries):
        index = ServiceIndexPageFactory(parent=home)
        for name in ("生活服务", "交通出行", "教育入学"):
            category = ServiceCategoryPageFactory(parent=index, title=name)
            ServiceGuidePageFactory(parent=category, title=f"{name}指南")
        content = client.get(index.url).content.decode()
        assert "交通出行指南" in content and "教育入学" in content

    def test_the_home_page_shows_services_once_there_are_guides(self, client, home):
        index = ServiceIndexPageFactory(parent=home)
        category = ServiceCategoryPageFactory(parent=index)
        ServiceGuidePageFactory(parent=category, title="老年人优待证")
        content = client.get(home.url).content.decode()
        assert "home-section-services" in content
        assert "老年人优待证" in content

    def test_unpublished_guides_stay_off_the_home_page(self, client, home):
        index = ServiceIndexPageFactory(parent=home)
        category = ServiceCategoryPageFactory(parent=index)
        ServiceGuidePageFactory(parent=category, title="草稿指南", live=False)
        assert "草稿指南" not in client.get(home.url).content.decode()


@pytest.mark.django_db
class TestSiteSettings:
    def test_footer_shows_what_editors_set(self, client, home):
        site_settings = SiteSettings.for_site(home.get_site())
        site_settings.site_name = "东区融媒"
        site_settings.hotline = "0812-99999"
        site_settings.icp_number = "蜀ICP备00000001号"
        site_settings.save()
        FooterLink.objects.create(settings=site_settings, title="联系我们", url="/zh-hans/contact/")
        content = client.get(home.url).content.decode()
        assert "东区融媒" in content
        assert 'href="tel:0812-99999"' in content
        assert "蜀ICP备00000001号" in content
        assert 'href="/zh-hans/contact/"' in content

    def test_footer_links_refuse_script_urls(self):
        link = FooterLink(title="坏链接", url="javascript:alert(1)")
        with pytest.raises(ValidationError) as error:
            link.clean()
        assert "url" in error.value.message_dict


@pytest.mark.django_db
class TestErrorPages:
    def test_unknown_page_gets_the_chinese_404(self, client, home):
        response = client.get("/zh-hans/no-such-page/")
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()

    def test_the_500_page_renders_without_a_database_or_context(self):
        response = server_error(RequestFactory().get("/zh-hans/"))
        assert response.status_code == 500
        assert "服务器出了点问题" in response.content.decode()


@pytest.mark.django_db
class TestSearchPage:
    @pytest.mark.parametrize("query", ["", "   ", "!!!", '"AND OR', "办理" * 80])
    def test_any_query_gives_a_page_not_an_error(self, client, home, query):
        response = client.get("/zh-hans/search/", {"q": query})
        assert response.status_code == 200

    def test_finds_a_published_page_by_its_title(self, client, home):
        StandardPageFactory(parent=home, title="Volunteer guide")
        response = client.get("/zh-hans/search/", {"q": "volunteer"})
        assert "Volunteer guide" in response.content.decode()


def test_survey_factory_builds_fields(db, home):
    survey = SurveyPageFactory(parent=home)
    SurveyFormFieldFactory(page=survey)
    assert survey.get_form_fields().count() == 1
