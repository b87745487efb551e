"""Schemathesis calls every operation of the published OpenAPI schema in-process, with
generated requests valid and invalid, and runs every check on each answer: no server error,
every status, header, content type and body as the schema documents it.

The requests go through the whole WSGI stack, authenticated with HTTP Basic as Fineract apps
do. Examples are few and derived from each operation's name (`derandomize`), so the run is the
same on every machine and stays within minutes on both databases.
"""

import gc

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from tests.api.openapi_support import published_schema
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db

# A schema-valid request may still break a business rule that a JSON Schema cannot state (a
# full name or a first and a last name, a datatable name's pattern, a command's own
# parameters): Fineract answers those 400 with its error body, so 400 counts as an answer to
# valid data too. Every other check keeps schemathesis's defaults.
CONFIG = SchemathesisConfig.from_dict(
    {
        # Given as schemathesis's own credentials, so its checks know which requests carry
        # them (and which it sent without, or spoilt, on purpose).
        "auth": {"basic": {"username": "root", "password": PASSWORD}},
        "headers": {"Fineract-Platform-TenantId": "default"},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
            }
        },
    }
)

schema = published_schema(CONFIG)


@pytest.fixture(autouse=True)
def some_records(admin_user, make_client, make_staff, make_office):
    """Rows for the generated ids to find now and then: an office, a staff member, a client."""
    office = make_office()
    make_staff(office=office)
    make_client(office=office, active=True)


@pytest.fixture(autouse=True)
def exports_unbounded(settings):
    """An export holds its slots until its response is closed, which every WSGI server does
    and this harness does not: here the slots would stay taken from the first export on
    (they are tested in tests/clients/bulk/test_export.py)."""
    settings.MTEJA_EXPORTS_AT_ONCE = settings.MTEJA_EXPORTS_PER_USER = 10_000
    yield
    gc.collect()  # the responses dropped: their slots free for the tests that follow


@schema.parametrize()
@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case):
    case.call_and_validate()
