"""Fixtures of the security tests: the pages every input surface lives on, and hostile files."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from merchants.factories import ClassifiedBoardPageFactory
from petitions.factories import DepartmentFactory, TopicFactory
from tests.helpers import png


@pytest.fixture
def topic(db):
    return TopicFactory(name="城建", slug="urban")


@pytest.fixture
def department(db):
    return DepartmentFactory(name="西区城管局", slug="chengguan")


@pytest.fixture
def ad_board(home):
    return ClassifiedBoardPageFactory(parent=home)


def bomb_png(name="bomb.png", side=30000):
    """A few hundred bytes whose header claims ``side``×``side`` pixels: a decompression bomb."""
    raw = png(size=(1, 1)).read()
    ihdr = b"IHDR" + struct.pack(">II", side, side) + raw[24:29]
    patched = raw[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + raw[33:]
    return SimpleUploadedFile(name, patched, content_type="image/png")


def oversized_file(name="big.png", megabytes=11):
    """A PNG signature followed by ``megabytes`` of nothing: too big long before it is a picture."""
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + bytes(megabytes * 1024 * 1024), "image/png")
