"""What the tests do the way a person does it."""

import hashlib
import hmac
import io
import json
import os
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from merchants.factories import licence_number

NUMERALS = "零一二三四五六七八九十"


def solve_captcha(question):
    """The answer to a captcha question as a person reads it — "七 加 五 等于几？" or "What is 7 plus 5?" —
    the two numbers added, as the string one types."""
    first, second = re.findall(rf"\d+|[{NUMERALS}]", question)[:2]
    return str(sum(int(n) if n.isdigit() else NUMERALS.index(n) for n in (first, second)))


def png(name="photo.png", size=(40, 30)):
    """A small real picture, as a phone uploads it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg(name="photo.jpg"):
    """A phone camera's picture (640 x 480 JPEG) as an open file."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def merchant_application(food, **overrides):
    """The sign-up form (商家入驻) as a restaurant owner fills it in, for the category ``food``."""
    data = {
        "business_name": "新开张牛油火锅",
        "category": str(food.pk),
        "licence_number": licence_number(1),
        "address": "西区苏铁中路12号",
        "street": "苏铁街道",
        "phone": "0812-5550000",
        "price_per_person": "70",
        "description": "本地牛油火锅，毛肚鸭肠现切。",
        "contact_name": "李老板",
        "contact_phone": "13800001111",
        "email": "owner@example.com",
        "agree": "on",
    }
    data.update(overrides)
    return data


def housing_ad(**overrides):
    """The classified-ad form for a flat to let, as a landlord fills it in."""
    data = {
        "board": "housing",
        "title": "玉泉街道两室一厅出租",
        "description": "电梯房六楼，家具家电齐全。",
        "price": "1200",
        "deal": "rent",
        "area_sqm": "78",
        "rooms": "2",
        "contact_name": "王女士",
        "contact_phone": "13912345678",
        "valid_days": "30",
    }
    data.update(overrides)
    return data


def edit_form_data(instance, **changes):
    """What the admin's edit form of a snippet posts when an editor changes only ``changes`` (field name:
    value as the form takes it): every other field as the form shows it."""
    from wagtail.admin.panels import get_edit_handler

    form = get_edit_handler(type(instance)).get_form_class()(instance=instance)
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.isoformat(sep=" ") if hasattr(value, "isoformat") else str(value)
    for name, value in changes.items():
        data[name] = value
    return data


def publish(page):
    """``page``'s draft saved as a revision and published, as the editor's 发布 button does; the page as stored."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def publish_ad(ad, editor=None):
    """An editor (of the media centre, unless given) opens the ad in the admin, sets it to 已发布 and
    saves, in a browser of their own; the ad as stored then."""
    from django.test import Client

    from petitions.factories import EditorFactory

    editor_client = Client()
    editor_client.force_login(editor or EditorFactory())
    response = editor_client.post(
        f"/admin/snippets/merchants/classifiedad/edit/{ad.pk}/", edit_form_data(ad, status="published")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ad.refresh_from_db()
    return ad


def petition_form_answers(html):
    """What a resident's browser sends back from the board's petition form besides what they type: its
    captcha token and the sum they worked out, and the form's one-time token."""
    question = re.search(r'<label for="id_captcha_answer">[^：<]+：([^<]+)</label>', html)[1]
    return {
        "captcha_token": re.search(r'name="captcha_token" value="([^"]+)"', html)[1],
        "captcha_answer": solve_captcha(question),
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html)[1],
    }


class WebhookReceiver:
    """A district platform's endpoint on 127.0.0.1: records each event, whether its signature (with
    ``secret``) verifies, and answers ``status``. ``close()`` stops it."""

    def __init__(self):
        self.secret = ""
        self.status = 200
        self.received = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                timestamp = self.headers["X-Rongmei-Timestamp"]
                expected = (
                    "sha256="
                    + hmac.new(
                        receiver.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
                    ).hexdigest()
                )
                receiver.received.append(
                    {
                        "headers": dict(self.headers),
                        "event": json.loads(body),
                        "verified": hmac.compare_digest(expected, self.headers["X-Rongmei-Signature"])
                        and abs(time.time() - int(timestamp)) < 300,
                    }
                )
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok" if receiver.status < 300 else "出错了".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/rongmei/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def redis_url():
    """The Redis of the tests (``TEST_REDIS_URL``, database 1 by default), or None when none answers."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=0.5).close()
    except OSError:
        return None
    return url
