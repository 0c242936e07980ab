"""An English-speaking resident posts a petition from the English form and follows it with the tracking code,
all in English, on the English translation of the board."""

import re

import pytest

from petitions.models import Petition
from rongmei.translation import translate_instance
from tests import helpers


@pytest.fixture
def english_board(board, home):
    translate_instance(home, "en", strings={"西区融媒": "Xiqu Media"})
    return translate_instance(board, "en", strings={"民声": "Residents' voices"})


def test_an_english_visitor_posts_a_petition_and_tracks_it(client, english_board, topic):
    form_url = f"{english_board.url}new/"
    assert form_url == "/en/minsheng/new/"
    html = client.get(form_url).content.decode()
    assert '<html lang="en">' in html and "Check question" in html
    data = {
        "kind": "complaint",
        "topic": topic.pk,
        "title": "Street light out on Xingfu Road",
        "content": "The street light outside No. 12 Xingfu Road has been out for a week; please repair it.",
        "address": "12 Xingfu Road",
        "contact_phone": "13912345678",
        "is_anonymous": "on",
        "is_public": "on",
        **helpers.petition_form_answers(html),
    }
    response = client.post(form_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url.startswith("/en/minsheng/new/done/")
    done = client.get(response.url).content.decode()
    petition = Petition.objects.get()
    assert petition.title == "Street light out on Xingfu Road"
    assert "Tracking code" in done and petition.number in done
    code = done.split('class="tracking-code">')[1].split("<")[0]

    tracked = client.post(f"{english_board.url}track/", {"code": code})
    assert tracked.status_code == 302 and tracked.url.startswith("/en/minsheng/")
    page = client.get(tracked.url).content.decode()
    assert '<html lang="en">' in page
    assert petition.title in page and "Your petition is awaiting moderation." in page


def test_a_wrong_answer_is_explained_in_english(client, english_board, topic):
    html = client.get(f"{english_board.url}new/").content.decode()
    response = client.post(
        f"{english_board.url}new/",
        {
            "kind": "question",
            "topic": topic.pk,
            "title": "Bus times",
            "content": "When does the first bus leave?",
            "captcha_token": re.search(r'name="captcha_token" value="([^"]+)"', html)[1],
            "form_token": re.search(r'name="form_token" value="([^"]+)"', html)[1],
            "captcha_answer": "999",
        },
    )
    assert response.status_code == 200
    assert "The answer is wrong or has expired" in response.content.decode()
    assert not Petition.objects.exists()
