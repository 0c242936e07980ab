"""Resident accounts: sign up, sign in, sign out, password reset, and "my petitions"."""

import re

from django.core import mail

from petitions.factories import PetitionFactory

from .conftest import solve_captcha


def test_a_resident_signs_up_and_lands_on_my_petitions(client, board, django_user_model):
    response = client.post(
        "/zh-hans/accounts/signup/",
        {
            "username": "resident1",
            "email": "r1@example.com",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert django_user_model.objects.filter(username="resident1").exists()
    assert response.redirect_chain[-1][0].endswith(f"{board.url}mine/")
    assert "我的诉求" in response.content.decode()


def test_sign_up_refuses_a_taken_email(client, board, django_user_model):
    django_user_model.objects.create_user("old", "same@example.com", "x")
    response = client.post(
        "/zh-hans/accounts/signup/",
        {
            "username": "new",
            "email": "same@example.com",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
        },
    )
    assert "这个邮箱已经注册过" in response.content.decode()


def test_a_resident_signs_in_and_out(client, board, django_user_model):
    django_user_model.objects.create_user("resident2", "r2@example.com", "a-long-pass-2026")
    response = client.post(
        "/zh-hans/accounts/login/", {"username": "resident2", "password": "a-long-pass-2026"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    client.post("/zh-hans/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, board, django_user_model):
    django_user_model.objects.create_user("resident3", "r3@example.com", "old-pass-2026-x")
    client.post("/zh-hans/accounts/password-reset/", {"email": "r3@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body)[1]
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "brand-new-2026-x", "new_password2": "brand-new-2026-x"})
    assert django_user_model.objects.get(username="resident3").check_password("brand-new-2026-x")


def test_my_petitions_lists_only_my_own_with_their_states(client, board, topic, django_user_model):
    me = django_user_model.objects.create_user("resident4", "r4@example.com", "pw")
    other = django_user_model.objects.create_user("resident5", "r5@example.com", "pw")
    PetitionFactory(topic=topic, user=me, state="pending", title="我自己的待审核诉求", is_public=False)
    PetitionFactory(topic=topic, user=other, title="别人的诉求", state="accepted")
    client.force_login(me)
    html = client.get(f"{board.url}mine/").content.decode()
    assert "我自己的待审核诉求" in html and "待审核" in html
    assert "别人的诉求" not in html


def test_my_petitions_needs_a_sign_in(client, board):
    response = client.get(f"{board.url}mine/")
    assert response.status_code == 302 and "/zh-hans/accounts/login/" in response.url


def test_a_signed_in_resident_posts_under_their_account_and_can_follow_it(
    client, board, petition_data, django_user_model
):
    me = django_user_model.objects.create_user("resident6", "r6@example.com", "pw")
    client.force_login(me)
    data = petition_data(is_anonymous=None, contact_phone="") | solve_captcha(client, board.url + "new/")
    assert client.post(board.url + "new/", data).status_code == 302
    petition = me.petitions.get()
    assert not petition.is_anonymous
    client.logout()
    client.force_login(me)
    assert client.get(f"{board.url}track/petition/?p={petition.pk}").status_code == 200
