"""What a resident sees of the directory and the ads: one photo per gallery slot, unknown hours said so,
prices with their unit, a form with only the chosen board's fields and photos, a 二手闲置 board; and the
site's icons and the address its e-mails link to."""

import re
from datetime import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from wagtail.images import get_image_model

from merchants.factories import MerchantApplicationFactory, MerchantPageFactory, OpeningHoursFactory
from merchants.models import Board, ClassifiedAd, ClassifiedAdPhoto, MerchantApplication
from tests.helpers import housing_ad, merchant_application, png, publish_ad

pytestmark = pytest.mark.django_db


def url(board_page, name, *args):
    return board_page.url + board_page.reverse_subpage(name, args=args)


def published(ad):
    """An editor publishes the ad in the admin."""
    return publish_ad(ad)


class TestTheAdForm:
    def test_a_resident_first_chooses_a_board_among_six_including_second_hand(self, client, board_page):
        html = client.get(url(board_page, "new")).content.decode()
        assert 'name="title"' not in html
        for value, label in Board.choices:
            assert f'href="?board={value}"' in html and str(label) in html
        assert "二手闲置" in html

    @pytest.mark.parametrize(
        ("board", "shown", "hidden"),
        [
            ("housing", {"deal", "area_sqm", "rooms", "price"}, {"salary_min", "car_year", "mileage_km"}),
            ("cars", {"car_year", "mileage_km", "price"}, {"rooms", "salary_min", "deal"}),
            ("jobs", {"salary_min", "salary_max", "job_type"}, {"price", "rooms", "car_year"}),
            ("secondhand", {"price"}, {"rooms", "car_year", "salary_min", "deal"}),
        ],
    )
    def test_the_form_shows_only_the_chosen_boards_fields(self, client, board_page, board, shown, hidden):
        html = client.get(url(board_page, "new") + f"?board={board}").content.decode()
        names = set(re.findall(r'name="([a-z_0-9]+)"', html))
        assert shown <= names
        assert not hidden & names
        assert 'type="file"' in html and "multiple" in html

    def test_a_housing_ad_takes_photos_which_are_re_encoded(self, client, board_page):
        photos = [png(f"room-{n}.png") for n in range(2)]
        response = client.post(url(board_page, "new"), {**housing_ad(), "photos": photos})
        assert response.status_code == 200
        ad = ClassifiedAd.objects.get()
        assert ad.status == ClassifiedAd.Status.PENDING
        stored = ClassifiedAdPhoto.objects.filter(ad=ad)
        assert stored.count() == 2
        assert all(photo.image.file.name.endswith(".png") for photo in stored)

    def test_more_than_six_photos_are_refused_with_a_message(self, client, board_page):
        photos = [png(f"p{n}.png") for n in range(7)]
        response = client.post(url(board_page, "new"), {**housing_ad(), "photos": photos})
        assert response.status_code == 400
        assert "最多上传 6 张图片" in response.content.decode()
        assert not ClassifiedAd.objects.exists()
        assert not get_image_model().objects.exists()

    def test_a_file_that_is_no_picture_is_refused(self, client, board_page):
        fake = SimpleUploadedFile("flat.jpg", b"not a picture at all", content_type="image/jpeg")
        response = client.post(url(board_page, "new"), {**housing_ad(), "photos": [fake]})
        assert response.status_code == 400
        assert "无法识别图片" in response.content.decode()
        assert not ClassifiedAd.objects.exists()

    def test_a_second_hand_ad_is_posted_and_listed_on_its_board_with_its_photo(self, client, board_page):
        data = {
            "board": "secondhand",
            "title": "九成新儿童自行车转让",
            "description": "孩子长大骑不了，车况很好。",
            "price": "150",
            "contact_name": "刘先生",
            "contact_phone": "13912345678",
            "valid_days": "30",
            "photos": [png("bike.png")],
        }
        client.post(url(board_page, "new") + "?board=secondhand", data)
        ad = published(ClassifiedAd.objects.get())
        html = client.get(url(board_page, "board", "secondhand")).content.decode()
        assert ad.title in html
        assert 'class="ad-thumb"' in html
        assert "150 元" in html


class TestPricesWithTheirUnit:
    def test_a_rent_reads_per_month_without_decimals(self, client, board_page):
        client.post(url(board_page, "new"), housing_ad(price="1200", area_sqm="78.5"))
        ad = published(ClassifiedAd.objects.get())
        html = client.get(url(board_page, "ad", ad.pk)).content.decode()
        assert "1200 元/月" in html
        assert "78.5 平方米" in html
        assert "1200.00" not in html

    def test_a_flat_for_sale_reads_in_ten_thousands(self, client, board_page):
        client.post(url(board_page, "new"), housing_ad(deal="sale", price="850000"))
        ad = published(ClassifiedAd.objects.get())
        assert ("售价", "85 万元") in ad.facts()

    def test_a_salary_reads_as_a_monthly_range(self, client, board_page):
        data = {
            "board": "jobs",
            "title": "招聘超市收银员",
            "description": "早晚两班，包午餐。",
            "salary_min": "3000",
            "salary_max": "4500",
            "job_type": "full_time",
            "contact_name": "周经理",
            "contact_phone": "13912345678",
            "valid_days": "30",
        }
        client.post(url(board_page, "new") + "?board=jobs", data)
        ad = published(ClassifiedAd.objects.get())
        assert ("月薪", "3000–4500 元/月") in ad.facts()


class TestMerchantPages:
    def test_a_merchant_without_hours_says_they_are_not_entered_not_closed(self, client, food):
        merchant = MerchantPageFactory(parent=food, title="老街凉粉")
        html = client.get(merchant.url).content.decode()
        assert "营业时间未填写" in html
        assert "休息中" not in html
        listing = client.get(food.url).content.decode()
        assert "营业时间未填写" in listing and "休息中" not in listing

    def test_a_merchant_with_hours_still_says_open_or_closed(self, client, food):
        merchant = MerchantPageFactory(parent=food, title="全天面馆")
        weekday = timezone.localtime().weekday()
        OpeningHoursFactory(merchant=merchant, weekday=weekday, opens=time(0, 0), closes=time(23, 59))
        html = client.get(merchant.url).content.decode()
        assert "营业时间未填写" not in html

    def test_the_cover_photo_is_not_shown_again_in_the_gallery(
        self, client, directory, food, editor_client, django_capture_on_commit_callbacks
    ):
        client.post(
            f"{directory.url}{directory.reverse_subpage('apply')}",
            {**merchant_application(food), "photo_1": png("front.png"), "photo_2": png("inside.png")},
        )
        application = MerchantApplication.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(f"/admin/merchants/applications/{application.pk}/approve/", {"note": "ok"})
        page = MerchantApplication.objects.get().merchant_page
        gallery = [item.image_id for item in page.gallery()]
        assert page.image_id is not None
        assert len(gallery) == 1
        assert page.image_id not in gallery


class TestSiteIconsAndAddress:
    def test_favicon_ico_exists_and_the_manifest_names_the_app_icons(self, client, home):
        response = client.get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"].endswith(".ico")
        manifest = client.get("/manifest.webmanifest")
        assert manifest["Content-Type"] == "application/manifest+json"
        data = manifest.json()
        assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
        assert "manifest.webmanifest" in client.get(home.url).content.decode()

    @override_settings(WAGTAILADMIN_BASE_URL="")
    def test_without_a_configured_address_the_welcome_mail_links_to_the_address_the_editor_used(
        self, editor_client, food, django_capture_on_commit_callbacks
    ):
        application = MerchantApplicationFactory(category=food)
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(
                f"/admin/merchants/applications/{application.pk}/approve/",
                {"note": "ok"},
                HTTP_HOST="localhost:8123",
            )
        assert len(mail.outbox) == 1
        assert "http://localhost:8123/admin/password_reset/confirm/" in mail.outbox[0].body

    @override_settings(WAGTAILADMIN_BASE_URL="https://www.xiqu.example.cn")
    def test_a_configured_address_wins(self, editor_client, food, django_capture_on_commit_callbacks):
        application = MerchantApplicationFactory(category=food)
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(f"/admin/merchants/applications/{application.pk}/approve/", {"note": "ok"})
        assert "https://www.xiqu.example.cn/admin/password_reset/confirm/" in mail.outbox[0].body


def test_the_editor_deciding_on_an_ad_sees_its_photos(client, board_page):
    from petitions.factories import EditorFactory

    client.post(url(board_page, "new"), {**housing_ad(), "photos": [png(f"room-{n}.png") for n in range(2)]})
    ad = ClassifiedAd.objects.get()
    editor = client.__class__()
    editor.force_login(EditorFactory())
    html = editor.get(f"/admin/snippets/merchants/classifiedad/edit/{ad.pk}/").content.decode()
    panel = html[html.index('class="rm-ad-photos"') :]
    thumbnails = re.findall(r'<img src="([^"]+)"', panel[: panel.index("</ul>")])
    assert thumbnails == [photo.image.get_rendition("max-240x180").url for photo in ad.photos.all()]
    assert len(thumbnails) == 2

    ad.photos.all().delete()
    html = editor.get(f"/admin/snippets/merchants/classifiedad/edit/{ad.pk}/").content.decode()
    assert "发布者没有上传图片。" in html
