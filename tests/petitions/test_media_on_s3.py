"""Media on S3-compatible storage (MEDIA_STORAGE=s3) against moto's S3 server, a real S3 HTTP API started
on 127.0.0.1 for this module: uploads through the real forms land in the bucket, renditions are made and
stored there, and a pending petition's photo is never readable without a say in it — the store refuses an
anonymous GET of the object, the public pages never link it, and staff read it through the checking view's
signed URL."""

import io
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image

from merchants.models import MerchantApplication
from petitions import workflow
from petitions.models import Petition
from rongmei.settings import base as base_settings
from tests.helpers import jpeg, merchant_application, png

from .conftest import solve_captcha

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server", reason="moto[server] (the dev group) runs the S3 server")

pytestmark = pytest.mark.django_db

BUCKET = "rongmei-media-test"
KEYS = {"access_key": "rongmei-test", "secret_key": "rongmei-test-secret", "region_name": "us-east-1"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    """(status, body) of a plain HTTP GET, with no credentials: what anyone on the internet gets."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free port, with the bucket; stopped at the end of the module."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail(f"moto_server exited with {server.returncode}")
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("moto_server did not answer within 30 s")
                time.sleep(0.1)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
            region_name=KEYS["region_name"],
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def use_bucket(settings, s3_server, **environ):
    """An empty bucket, as STORAGES["default"] the settings build from MEDIA_STORAGE=s3 and its variables."""
    endpoint, client = s3_server
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    environ = {
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": BUCKET,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": KEYS["region_name"],
        "MEDIA_S3_ACCESS_KEY_ID": KEYS["access_key"],
        "MEDIA_S3_SECRET_ACCESS_KEY": KEYS["secret_key"],
        **environ,
    }
    settings.STORAGES = {**settings.STORAGES, "default": base_settings.media_storage(environ)}


@pytest.fixture
def bucket(s3_server, settings):
    endpoint, client = s3_server
    use_bucket(settings, s3_server)

    def keys(pattern=""):
        listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return [item["Key"] for item in listed if re.search(pattern, item["Key"])]

    return endpoint, keys


@pytest.fixture
def posted(client, board, petition_data, bucket):
    """A public petition with a photo, posted on the board as a resident posts it: pending screening."""
    url = board.url + "new/"
    data = petition_data() | solve_captcha(client, url)
    data["photos"] = [jpeg("street.jpg")]
    assert client.post(url, data).status_code == 302
    return Petition.objects.get()


def test_a_pending_petitions_photo_is_in_the_bucket_and_only_staff_read_it(posted, bucket, board, moderator):
    endpoint, keys = bucket
    (original,) = keys(r"^original_images/petition-[0-9a-f]+\.jpg$")
    assert posted.status == "pending"

    # the store itself refuses anyone without a signature, and the site's checking view says "no such file"
    assert fetch(f"{endpoint}/{BUCKET}/{original}")[0] == 403
    anonymous = Client()
    assert anonymous.get(f"/private-media/{original}").status_code == 404
    assert original.rsplit("/", 1)[1] not in anonymous.get(board.url).content.decode()

    # the moderation queue makes the two renditions, in the bucket too, and links them through the view
    editor = Client()
    editor.force_login(moderator)
    queue = editor.get("/admin/petitions/moderation/").content.decode()
    thumbnail = keys(r"^images/petition-[0-9a-f]+\.([0-9a-f]+\.)?fill-160x160")
    full = keys(r"^images/petition-[0-9a-f]+\.max-1600x1600")
    assert len(thumbnail) == 1 and len(full) == 1
    assert f'src="/private-media/{thumbnail[0]}"' in queue
    assert endpoint not in queue  # no address of the store itself
    assert fetch(f"{endpoint}/{BUCKET}/{thumbnail[0]}")[0] == 403

    # staff are sent to a signed URL of a few minutes, which the store honours
    answer = editor.get(f"/private-media/{full[0]}")
    assert answer.status_code == 302 and "no-store" in answer["Cache-Control"]
    assert answer["Location"].startswith(f"{endpoint}/{BUCKET}/{full[0]}?")
    status, body = fetch(answer["Location"])
    assert status == 200 and body[:2] == b"\xff\xd8"  # a JPEG

    # accepted, on the board: now anyone may follow the view to it; the object itself stays private
    workflow.perform(posted, "accept", moderator)
    public = anonymous.get(f"/private-media/{thumbnail[0]}")
    assert public.status_code == 302 and "public" in public["Cache-Control"]
    assert fetch(public["Location"])[0] == 200
    assert fetch(f"{endpoint}/{BUCKET}/{thumbnail[0]}")[0] == 403


def test_a_private_petitions_photo_stays_closed_after_acceptance(
    client, board, petition_data, bucket, moderator
):
    """The resident chose not to publish: accepted, it is still private, and so is its photo."""
    url = board.url + "new/"
    data = petition_data(is_public=None) | solve_captcha(client, url)
    data["photos"] = [jpeg()]
    done = client.post(url, data, follow=True).content.decode()
    code = re.search(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", done)[0]
    petition = Petition.objects.get()
    workflow.perform(petition, "accept", moderator)
    (original,) = bucket[1](r"^original_images/petition-")
    assert Client().get(f"/private-media/{original}").status_code == 404
    # the resident who posted it still sees it from the tracking page's session
    assert client.get(f"/private-media/{original}").status_code == 302

    # an app without a session asks the API with the tracking code: its links open for an hour
    app = Client()
    answer = app.post("/api/petitions/track/", json.dumps({"code": code}), content_type="application/json")
    full = answer.json()["photos"][0]["full"]
    assert full.startswith("/private-media/images/petition-") and "?t=" in full
    opened = app.get(full)
    assert opened.status_code == 302 and fetch(opened["Location"])[0] == 200
    assert app.get(full[:-3] + "xyz").status_code == 404  # a forged token
    assert app.get(full.split("?")[0]).status_code == 404  # no token


def test_an_editors_picture_and_its_rendition_are_public_in_the_bucket(s3_server, settings):
    """With MEDIA_S3_PUBLIC_ACL=public-read, pictures are readable by their plain address — not residents'."""
    endpoint, client = s3_server
    use_bucket(settings, s3_server, MEDIA_S3_PUBLIC_ACL="public-read")
    from wagtail.images import get_image_model

    picture = get_image_model()(
        title="县城夜景", file=ImageFile(png("night.png", (300, 200)), name="night.png")
    )
    picture.save()
    rendition = picture.get_rendition("fill-120x80")
    listed = [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert picture.file.name in listed and rendition.file.name in listed
    assert rendition.file.name.startswith("images/night") and ".fill-120x80" in rendition.file.name
    assert rendition.url == f"{endpoint}/{BUCKET}/{rendition.file.name}"  # plain, unsigned
    status, body = fetch(rendition.url)
    assert status == 200 and Image.open(io.BytesIO(body)).size == (120, 80)
    # a resident's photo in the same bucket gets no ACL: the store refuses it
    from django.core.files.storage import default_storage

    private = default_storage.save("original_images/petition-0123456789ab.png", png())
    assert fetch(f"{endpoint}/{BUCKET}/{private}")[0] == 403
    assert default_storage.url(private) == f"/private-media/{private}"


def test_an_editors_rendition_without_public_acl_is_served_by_a_signed_url(bucket):
    from wagtail.images import get_image_model

    picture = get_image_model()(title="河畔", file=ImageFile(png("river.png", (300, 200)), name="river.png"))
    picture.save()
    rendition = picture.get_rendition("width-100")
    endpoint = bucket[0]
    assert rendition.file.name in bucket[1]()
    assert fetch(f"{endpoint}/{BUCKET}/{rendition.file.name}")[0] == 403  # the bucket stays private
    assert "Signature=" in rendition.url and fetch(rendition.url)[0] == 200


def test_a_merchant_application_photo_is_in_the_bucket_and_private(client, directory, food, bucket, editor):
    url = directory.url + directory.reverse_subpage("apply")
    response = client.post(url, {**merchant_application(food), "photo_1": png()})
    assert response.status_code == 200
    photo = MerchantApplication.objects.get().photos.get().image
    endpoint, keys = bucket
    assert keys(r"^original_images/application-[0-9a-f]+\.png$") == [photo.file.name]
    assert fetch(f"{endpoint}/{BUCKET}/{photo.file.name}")[0] == 403
    assert client.get(f"/private-media/{photo.file.name}").status_code == 404
    reviewer = Client()
    reviewer.force_login(editor)
    assert reviewer.get(f"/private-media/{photo.file.name}").status_code == 302


def test_the_settings_refuse_an_unknown_storage_or_a_missing_bucket():
    from django.core.exceptions import ImproperlyConfigured

    assert base_settings.media_storage({})["BACKEND"] == "rongmei.storage.LocalMediaStorage"
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_BUCKET"):
        base_settings.media_storage({"MEDIA_STORAGE": "s3"})
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        base_settings.media_storage({"MEDIA_STORAGE": "ftp"})
