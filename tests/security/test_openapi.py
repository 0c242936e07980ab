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
