"""The issue's acceptance path in one story: post, screen, moderate, publish, track, follow up, embed."""

import io
import re

from PIL import Image

from petitions.blocks import PetitionBlock
from petitions.factories import PetitionFactory
from petitions.models import Petition, PetitionMessage, ScreenedWord

from .conftest import solve_captcha


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 90, 90)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "lamp.jpg"
    return buffer


def test_a_new_resident_is_heard_from_post_to_coverage(client, editor_client, board, petition_data):
    ScreenedWord.objects.create(word="上访", action="hold")
    ScreenedWord.objects.create(word="王八蛋", action="refuse", reason="含有辱骂性语言")
    new = board.url + "new/"

    # a refused word is answered at once
    refused = client.post(
        new, petition_data(content="物业就是王八蛋，路灯坏了一个月也不修。") | solve_captcha(client, new)
    )
    assert "含有辱骂性语言" in refused.content.decode()

    # an anonymous post with a photo gets a number and a tracking code
    data = petition_data(content="路灯坏了一个月，再不修我们只能去上访了。") | solve_captcha(client, new)
    data["photos"] = [photo()]
    done = client.get(client.post(new, data).url).content.decode()
    number = re.search(r'class="petition-number">([^<]+)<', done)[1]
    code = re.search(r'class="tracking-code">([^<]+)<', done)[1]
    petition = Petition.objects.get(number=number)
    assert petition.status == "pending" and petition.screening_matches == ["上访"]
    assert client.get(f"{board.url}{number}/").status_code == 404

    # an editor accepts it from the queue and it appears on the board
    assert number in editor_client.get("/admin/petitions/moderation/").content.decode()
    editor_client.post(f"/admin/petitions/moderation/petition/{petition.pk}/accept/")
    assert number in client.get(board.url).content.decode()
    page = client.get(f"{board.url}{number}/").content.decode()
    assert "13912345678" not in page and "李先生" not in page

    # the tracking page shows it and takes a follow-up
    tracked = client.post(board.url + "track/", {"code": code}).url
    client.post(tracked, {"body": "请问什么时候来修路灯？"})
    assert PetitionMessage.objects.filter(petition=petition, kind="follow_up").exists()

    # an editor can embed it in a story
    block = PetitionBlock()
    value = block.clean(block.to_python({"petition": petition.pk, "heading": "", "show_thread": True}))
    assert petition.title in block.render(value)


def test_the_home_page_shows_the_latest_replies(client, board, topic):
    replied = PetitionFactory(topic=topic, state="replied", title="已答复的路灯问题")
    PetitionFactory(topic=topic, state="accepted", title="还没答复的问题")
    html = client.get(board.get_parent().url).content.decode()
    assert "已答复的路灯问题" in html and "还没答复的问题" not in html
    assert f"{board.url}{replied.number}/" in html
