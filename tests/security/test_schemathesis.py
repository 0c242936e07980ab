"""The OpenAPI document is the API: schemathesis drives every operation and checks every answer against it.

The schema is loaded from the site itself, in-process (``/api/openapi.json`` through the WSGI application,
no server). Every operation runs with a fixed seed and a bounded number of generated cases, valid and
invalid, so the run is the same each time and takes well under two minutes: each answer must not be a
server error and must match the document (a documented status, content type and body schema). A failure
names the operation and the case as a ``curl`` command to replay.

The API answers real data: a department, a topic, published and private petitions posted through the API
(with the captcha a resident solves), a merchant, an ad and a product, so the detail operations answer
200 as well as 404.
"""

from collections import Counter, defaultdict

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from merchants.factories import (
    ClassifiedAdFactory,
    DirectoryCategoryPageFactory,
    DirectoryIndexPageFactory,
    MerchantPageFactory,
    ProductIndexPageFactory,
    ProductPageFactory,
)
from petitions.factories import DepartmentFactory, PetitionFactory, TopicFactory
from petitions.intake import services
from rongmei.rest import ClientRateThrottle

#: Cases per operation in the fuzzing phase (the examples and coverage phases add their own, bounded, cases).
MAX_EXAMPLES = 10
SEED = 20260517

CONFIG = {
    "seed": SEED,
    "generation": {
        "mode": "all",
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "database": "none",
        "no-shrink": True,
    },
    "phases": {
        "stateful": {"enabled": False},
        # a repeated query parameter counts by its last value, as Django's QueryDict.get reads it
        "coverage": {"generate-duplicate-query-parameters": False},
    },
    "checks": {
        # ``positive_data_acceptance`` would need the generator to solve the captcha; it cannot, so every
        # schema-valid body is refused with a 400 that ``status_code_conformance`` already checks.
        "positive_data_acceptance": {"enabled": False},
    },
}


@pytest.fixture
def api_schema(db, monkeypatch, settings):
    # generated cases come fast from one address; the rate limits have their own tests
    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"anon": None})
    settings.PETITION_RATE_LIMITS = dict.fromkeys(services.limits(), (100000, 60))
    topic = TopicFactory(name="城建", slug="urban")
    department = DepartmentFactory(name="西区城管局", slug="chengguan")
    PetitionFactory(topic=topic, state="replied", department=department)
    PetitionFactory(topic=topic, state="accepted", is_public=False)
    home = _home()
    category = DirectoryCategoryPageFactory(parent=DirectoryIndexPageFactory(parent=home))
    MerchantPageFactory(parent=category)
    ProductPageFactory(parent=ProductIndexPageFactory(parent=home))
    ClassifiedAdFactory()
    # as Django's test client does: the requests run inside the test's transaction, which the end of a
    # request must not close (on PostgreSQL it would; SQLite's in-memory test database never closes)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/openapi.json", get_wsgi_application(), config=schemathesis.Config.from_dict(CONFIG)
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    for operation, statuses in sorted(CASES.items()):
        print(f"{operation}: {sum(statuses.values())} cases {dict(sorted(statuses.items()))}")
    print(f"{len(CASES)} operations, {sum(sum(s.values()) for s in CASES.values())} cases")
    CASES.clear()


def _home():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


schema = schemathesis.pytest.from_fixture("api_schema")

#: operation → status → cases, printed at the end (``-s``) for the record.
CASES = defaultdict(Counter)


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_its_openapi_document_says(case):
    response = case.call_and_validate()
    CASES[case.operation.label][response.status_code] += 1
