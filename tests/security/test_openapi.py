"""The OpenAPI document says what the API really answers: nullable fields, and its refusals."""


def test_the_openapi_document_lists_the_refusals_and_the_nullable_fields(client, db):
    document = client.get("/api/openapi.json").json()
    refusal = {"application/json": {"schema": {"$ref": "#/components/schemas/Refusal"}}}
    assert document["components"]["schemas"]["Refusal"]["required"] == ["detail"]
    merchant = document["paths"]["/api/merchants/{id}/"]["get"]["responses"]
    assert merchant["404"]["content"] == refusal and merchant["429"]["content"] == refusal
    create = document["paths"]["/api/petitions/"]["post"]["responses"]
    assert {"201", "400", "405", "415", "429"} <= set(create)
    assert "404" not in create  # no id in the path, nothing to be missing
    petition = document["components"]["schemas"]["Petition"]["properties"]
    assert petition["replied_at"]["nullable"] is True
    assert petition["department"]["nullable"] is True
    assert "nullable" not in petition["submitted_at"]


def test_each_refusal_the_framework_can_answer_beside_a_view_is_documented_in_both_shapes(client, db):
    document = client.get("/api/openapi.json").json()
    either = {"anyOf": [{"$ref": "#/components/schemas/Errors"}, {"$ref": "#/components/schemas/Refusal"}]}
    create = document["paths"]["/api/petitions/"]["post"]["responses"]
    # the form's own limits answer {"errors": ...}, the API's throttle {"detail": ...}
    assert create["429"]["content"]["application/json"]["schema"] == either
    # a body that is not JSON is refused before the form sees it; a session needs its CSRF token
    assert create["400"]["content"]["application/json"]["schema"] == either
    assert create["403"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Refusal"}
    claim = document["paths"]["/api/petitions/{number}/claim/"]["post"]["responses"]
    assert claim["404"]["content"]["application/json"]["schema"] == either
    ads = document["paths"]["/api/ads/"]["get"]
    assert "404" in ads["responses"]  # a page past the last one
    assert ads["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Errors"
    }
    assert all(p["allowEmptyValue"] for p in ads["parameters"] if p["name"] != "page")
    assert "Idempotency-Key" in str(document["paths"]["/api/petitions/"]["post"]["parameters"])
    assert "captcha_token" in document["paths"]["/api/petitions/"]["post"]["description"]


def test_a_filter_the_api_cannot_read_is_a_400_with_the_field(client, db):
    response = client.get("/api/merchants/", {"open_now": "maybe", "price_min": "0.0"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"open_now", "price_min"}
    response = client.get("/api/petitions/", {"status": "processing", "topic": "null"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"topic"}
