"""商家入驻: a business applies, the screen and an editor look at it, and approval opens a merchant account."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from merchants import signup
from merchants.factories import MerchantApplicationFactory, MerchantPageFactory, licence_number
from merchants.models import MerchantApplication, MerchantPage
from merchants.validators import validate_licence_number
from petitions.models import ScreenedWord
from tests.helpers import merchant_application, png


def apply_url(directory):
    return directory.url + directory.reverse_subpage("apply")


def test_a_licence_number_with_a_wrong_check_character_is_refused():
    good = licence_number(7)
    validate_licence_number(good)
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(Exception, match="校验不通过"):
        validate_licence_number(wrong)


def test_a_business_applies_with_photos_and_the_application_waits_for_an_editor(client, directory, food):
    response = client.post(apply_url(directory), {**merchant_application(food), "photo_1": png()})
    assert response.status_code == 200
    assert "申请已提交" in response.content.decode()
    application = MerchantApplication.objects.get()
    assert application.status == MerchantApplication.Status.PENDING
    assert application.photos.count() == 1
    assert not MerchantPage.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("licence_number", "123456", "统一社会信用代码应为18位"),
        ("contact_phone", "1380000", "请填写正确的电话号码"),
        ("price_per_person", "-3", ""),
        ("category", "", "必需字段"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_nothing_is_saved(
    client, directory, food, field, value, message
):
    response = client.post(apply_url(directory), merchant_application(food, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MerchantApplication.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, directory, food):
    fake = SimpleUploadedFile("shop.jpg", b"not really a picture", content_type="image/jpeg")
    response = client.post(apply_url(directory), {**merchant_application(food), "photo_1": fake})
    assert response.status_code == 400
    assert not MerchantApplication.objects.exists()
    from wagtail.images import get_image_model

    assert not get_image_model().objects.exists()


def test_an_oversized_image_is_refused(client, directory, food, monkeypatch):
    # rongmei.images, the one image check of every upload form, compares the size before reading
    monkeypatch.setattr("rongmei.images.MAX_BYTES", 100)
    response = client.post(apply_url(directory), {**merchant_application(food), "photo_1": png()})
    assert response.status_code == 400
    assert "超过 10MB" in response.content.decode()
    assert not MerchantApplication.objects.exists()


def test_a_screened_word_refuses_the_application_with_its_reason(client, directory, food):
    ScreenedWord.objects.create(word="赌场", action="refuse", reason="含有违法内容")
    response = client.post(apply_url(directory), merchant_application(food, description="楼上有赌场"))
    assert response.status_code == 400
    assert "含有违法内容" in response.content.decode()
    assert not MerchantApplication.objects.exists()


def test_a_held_word_flags_the_application_for_an_editor(client, directory, food):
    ScreenedWord.objects.create(word="代开发票", action="hold")
    client.post(apply_url(directory), merchant_application(food, description="可以代开发票"))
    application = MerchantApplication.objects.get()
    assert application.status == MerchantApplication.Status.HELD
    assert "代开发票" in application.screening_reason


def test_applications_are_rate_limited_per_address(client, directory, food):
    for number in range(5):
        client.post(apply_url(directory), merchant_application(food, licence_number=licence_number(number)))
    response = client.post(apply_url(directory), merchant_application(food, licence_number=licence_number(9)))
    assert response.status_code == 400
    assert "提交过于频繁" in response.content.decode()
    assert MerchantApplication.objects.count() == 5


def test_an_editor_sees_the_application_in_the_moderation_queue(editor_client, food):
    MerchantApplicationFactory(category=food, business_name="排队中的火锅店")
    response = editor_client.get("/admin/snippets/merchants/merchantapplication/")
    assert response.status_code == 200
    assert "排队中的火锅店" in response.content.decode()


def test_a_resident_cannot_approve_an_application(client, django_user_model, food):
    application = MerchantApplicationFactory(category=food)
    user = django_user_model.objects.create_user("resident", password="pw-resident-2026")
    client.force_login(user)
    client.post(f"/admin/merchants/applications/{application.pk}/approve/")
    application.refresh_from_db()
    assert application.status == MerchantApplication.Status.PENDING
    assert not MerchantPage.objects.exists()


@pytest.fixture
def approved(editor_client, editor, food, django_capture_on_commit_callbacks):
    application = MerchantApplicationFactory(category=food, business_name="新开张牛油火锅")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/merchants/applications/{application.pk}/approve/", {"note": "执照核实"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    return application


def test_approval_makes_a_draft_merchant_page_and_an_account_and_mails_a_password_link(approved, food):
    page = approved.merchant_page
    assert approved.status == MerchantApplication.Status.APPROVED
    assert page.get_parent().pk == food.pk
    assert not page.live
    assert page.title == "新开张牛油火锅"
    assert page.applicant.email == approved.email
    assert not page.applicant.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body or "password_reset" in mail.outbox[0].body


def test_an_application_is_approved_only_once(approved, editor):
    with pytest.raises(signup.ApplicationError):
        signup.approve(approved, editor)
    assert MerchantPage.objects.count() == 1


def test_the_applicant_can_edit_their_own_page_but_not_another_merchants(client, approved, food):
    other = MerchantPageFactory(parent=food, title="隔壁烧烤")
    client.force_login(approved.merchant_page.applicant)
    assert client.get(f"/admin/pages/{approved.merchant_page.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other.pk}/edit/")
    assert response.status_code in (302, 403)
    assert client.get(f"/admin/pages/{other.pk}/edit/", follow=True).status_code in (200, 403)


def test_the_applicants_changes_wait_for_an_editor(client, approved):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    page = approved.merchant_page
    page.save_revision().publish()  # an editor published the listing
    client.force_login(page.applicant)
    data = nested_form_data(
        {
            "title": "新开张牛油火锅（旗舰店）",
            "slug": page.slug,
            "summary": "",
            "description": rich_text("<p>新菜上市</p>"),
            "tags": "",
            "address": page.address,
            "street": page.street,
            "phone": page.phone,
            "latitude": "",
            "longitude": "",
            "price_per_person": "75",
            "holiday_notes": "",
            "opening_hours": inline_formset([]),
            "offers": inline_formset([]),
            "gallery_images": inline_formset([]),
            "verified": "on",
            "action-publish": "action-publish",
        }
    )
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert page.live
    assert page.title == "新开张牛油火锅"  # what the public sees is unchanged
    assert page.price_per_person == 70
    draft = page.get_latest_revision_as_object()
    assert draft.title == "新开张牛油火锅（旗舰店）"  # the change waits as a draft for an editor
    assert not draft.verified  # and a merchant cannot vouch for itself
    assert page.has_unpublished_changes


def test_a_rejected_application_makes_no_page_and_no_account(editor_client, food):
    application = MerchantApplicationFactory(category=food)
    users = get_user_model().objects.count()
    editor_client.post(f"/admin/merchants/applications/{application.pk}/reject/", {"note": "执照不符"})
    application.refresh_from_db()
    assert application.status == MerchantApplication.Status.REJECTED
    assert application.review_note == "执照不符"
    assert not MerchantPage.objects.exists()
    assert get_user_model().objects.count() == users


def test_the_applications_photo_is_private_until_an_editor_publishes_the_merchants_page(
    client, directory, food, editor_client, django_capture_on_commit_callbacks
):
    client.post(apply_url(directory), {**merchant_application(food), "photo_1": png()})
    application = MerchantApplication.objects.get()
    url = application.photos.get().image.file.url
    assert url.startswith("/private-media/")
    assert Client().get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/merchants/applications/{application.pk}/approve/", {"note": "执照核实"})
    application.refresh_from_db()
    page = application.merchant_page
    assert Client().get(url).status_code == 404  # approved, but the page is still a draft
    page.save_revision().publish()
    assert Client().get(url).status_code == 200
    html = Client().get(page.url).content.decode()
    assert "/private-media/" in html  # the page's photos are read through the same checking view
