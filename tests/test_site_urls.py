"""URLs outside the language-prefixed site answer for themselves."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/no-such-thing/", "/api/petitions/NO-SUCH/", "/open311/v2/nothing"])
def test_machines_get_a_json_404_not_a_redirect(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_people_still_get_sent_to_their_language(client, home):
    response = client.get("/services/")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/services/"


def test_the_health_check_is_plain_text(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
