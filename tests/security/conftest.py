"""Fixtures of the security tests: the pages every input surface lives on, and hostile files."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from merchants.factories import (
    ClassifiedBoardPageFactory,
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
)
from petitions.factories import DepartmentFactory, TopicFactory
from petitions.models import PetitionBoardPage
from tests.helpers import solve_captcha


@pytest.fixture(autouse=True)
def _fresh_screen():
    """The keyword screen keeps its automaton per process; start each test without one."""
    import rongmei.screening

    rongmei.screening._current = None
    yield
    rongmei.screening._current = None


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban")


@pytest.fixture
def department(db):
    return DepartmentFactory(name="西区城管局", slug="chengguan")


@pytest.fixture
def board(home):
    page = PetitionBoardPage(title="民声", slug="minsheng")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def directory(home):
    return DirectoryIndexPageFactory(parent=home)


@pytest.fixture
def food(directory):
    return DirectoryCategoryPageFactory(parent=directory, title="美食", slug="food")


@pytest.fixture
def ad_board(home):
    return ClassifiedBoardPageFactory(parent=home)


@pytest.fixture
def api_petition(client, topic):
    """A valid JSON body for ``POST /api/petitions/`` with a solved captcha; overrides replace fields."""

    def make(**overrides):
        challenge = client.get("/api/petitions/captcha/").json()
        data = {
            "kind": "help",
            "topic": topic.pk,
            "title": "小区供暖不热",
            "content": "幸福家园 3 号楼供暖一直不热，室内只有 15 度，老人孩子都冻感冒了，请供热公司来看看。",
            "contact_phone": "13812345678",
            "is_anonymous": True,
            "is_public": True,
            "captcha_token": challenge["token"],
            "captcha_answer": solve_captcha(challenge["question"]),
        }
        data.update(overrides)
        return data

    return make


def png(name="photo.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def bomb_png(name="bomb.png", side=30000):
    """A few hundred bytes whose header claims ``side``×``side`` pixels: a decompression bomb."""
    raw = png(size=(1, 1)).read()
    ihdr = b"IHDR" + struct.pack(">II", side, side) + raw[24:29]
    patched = raw[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + raw[33:]
    return SimpleUploadedFile(name, patched, content_type="image/png")


def oversized_file(name="big.png", megabytes=11):
    """A PNG signature followed by ``megabytes`` of nothing: too big long before it is a picture."""
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + bytes(megabytes * 1024 * 1024), "image/png")
