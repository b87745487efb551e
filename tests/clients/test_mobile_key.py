"""The normalised mobile number (issue 8): one key per number whatever its writing, with the
institution's default country; the duplicate-mobile rule and GET /clients?mobileNo= compare
it by index; a change of country and the migration recompute it."""

import pytest

from mteja.clients import phones
from mteja.clients.models import Client, ClientPolicy
from mteja.core.models import AuditEvent

from .conftest import BASE

pytestmark = pytest.mark.django_db
URL = f"{BASE}/clients"
POLICY = f"{BASE}/clientpolicy"


@pytest.mark.parametrize(
    ("typed", "region", "key"),
    [
        ("0712 345 678", "KE", "+254712345678"),
        ("+254712345678", "KE", "+254712345678"),
        ("+254 712-345-678", "", "+254712345678"),
        ("254712345678", "KE", "+254712345678"),
        ("(0)712 345678", "ke", "+254712345678"),
        ("0712 345 678", "TZ", "+255712345678"),  # the country decides what local means
        ("0712 345 678", "", "0712345678"),  # no country: digits only
        ("+1 415 555 2671", "KE", "+14155552671"),  # written with its country: kept
        ("07", "KE", "07"),  # not a possible number: digits only
        ("call me", "KE", ""),
        ("", "KE", ""),
        (None, "KE", ""),
    ],
)
def test_the_key_of_a_number(typed, region, key):
    assert phones.mobile_key(typed, region) == key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("0712 345 678", "0712345678"),
        ("00254712345678", "00254712345678"),  # an international prefix is not a country
        ("0712+345678", "0712345678"),  # a plus sign inside: not the number's country
        ("tel:0712345678;phone-context=example.com", "0712345678"),
        ("\u0660\u0667\u0661\u0662", "\u0660\u0667\u0661\u0662"),  # Arabic-Indic digits
        ("+254 712 345 678", "+254712345678"),
        ("\uff0b254 712 345 678", "+254712345678"),  # the full-width plus sign
        ("(+254) 712 345 678", "+254712345678"),
        ("tel:0712345678;phone-context=+254", "+254712345678"),
        (
            "+\u0662\u0665\u0664\u0667\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
            "+254712345678",
        ),
        ("+" + "1" * 300, "1" * 50),
        ("+", ""),
    ],
)
def test_without_a_default_country_only_a_number_with_its_own_is_read_as_one(typed, key):
    """No default country (the policy's is blank): a number written with its country code
    after a plus sign is E.164; any other keeps its digits, as phonenumbers, which refuses it,
    leaves it (a text without a plus sign is not given to phonenumbers: each import row's)."""
    assert phones.mobile_key(typed, "") == phones.mobile_key(typed, None) == key


@pytest.fixture
def kenyan(api):
    response = api.put(POLICY, {"mobileNoCountry": "ke"}, "json")
    assert response.status_code == 200, response.json()
    assert ClientPolicy.current().phone_region == "KE"


def _create(api, mobile, firstname="Asha"):
    body = {"officeId": 1, "legalFormId": 1, "firstname": firstname, "lastname": "Njeri"}
    return api.post(URL, {**body, "mobileNo": mobile}, "json")


def test_the_client_keeps_what_was_typed_and_the_key_beside_it(api, kenyan):
    client_id = _create(api, "0712 345 678").json()["clientId"]
    assert api.get(f"{URL}/{client_id}").json()["mobileNo"] == "0712 345 678"
    client = Client.objects.get(pk=client_id)
    assert client.mobile_key == "+254712345678"
    # Journalled as typed; the key is derived and not an audited field of its own.
    changes = AuditEvent.objects.get(entity_name="CLIENT", resource_id=client_id).changes
    assert changes["mobile_no"] == [None, "0712 345 678"] and "mobile_key" not in changes
    api.put(f"{URL}/{client_id}", {"mobileNo": "+255 712 345 678"}, "json")
    assert Client.objects.get(pk=client_id).mobile_key == "+255712345678"


def test_one_number_in_two_writings_is_a_duplicate(api, kenyan):
    first = _create(api, "0712 345 678").json()["clientId"]
    response = _create(api, "+254712345678", firstname="Baraka")
    assert response.status_code == 200
    (warning,) = response.json()["warnings"]
    assert warning["code"] == "warning.msg.client.mobileNo.shared"
    assert warning["clientIds"] == [first]
    api.put(POLICY, {"duplicateMobileNo": "block"}, "json")
    response = _create(api, "254 712 345678", firstname="Chausiku")
    assert response.status_code == 403
    assert response.json()["userMessageGlobalisationCode"] == "error.msg.client.duplicate.mobileNo"


def test_without_a_country_local_and_international_writings_differ(api):
    _create(api, "0712 345 678")
    assert "warnings" not in _create(api, "+254712345678", firstname="Baraka").json()
    assert "warnings" in _create(api, "0712-345-678", firstname="Chausiku").json()


def test_the_mobile_filter_reads_the_query_the_same_way(api, kenyan):
    wanted = _create(api, "0712 345 678").json()["clientId"]
    _create(api, "0712 345 679", firstname="Baraka")
    for query in ("+254712345678", "0712345678", "254 712 345 678"):
        response = api.get(URL, {"mobileNo": query})
        assert [c["id"] for c in response.json()["pageItems"]] == [wanted], query
    for query in ("0712", "call me"):
        assert api.get(URL, {"mobileNo": query}).json()["pageItems"] == [], query


def test_the_mobile_filter_reads_the_key_by_index(make_client):
    from django.db import connection

    make_client(mobile_no="+254712345678")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # tiny table: make the planner show its index
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Client.objects.filter(mobile_key="+254712345678").explain()
    assert "clients_mobile_key" in plan, plan


def test_a_new_country_recomputes_every_key(api, make_client):
    client = make_client(mobile_no="0712 345 678")
    assert Client.objects.get(pk=client.pk).mobile_key == "0712345678"
    response = api.put(POLICY, {"mobileNoCountry": "KE"}, "json")
    assert response.json()["changes"] == {"mobileNoCountry": "KE"}
    assert Client.objects.get(pk=client.pk).mobile_key == "+254712345678"
    assert api.get(POLICY).json()["mobileNoCountry"] == "KE"


@pytest.mark.parametrize("value", ["KEN", "XX", 254, ["KE"]])
def test_the_country_must_be_a_known_code(api, value):
    response = api.put(POLICY, {"mobileNoCountry": value}, "json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameterName"] == "mobileNoCountry"
    assert api.put(POLICY, {"mobileNoCountry": ""}, "json").status_code == 200


def test_the_backfill_keys_every_client(make_client):
    """The migration's backfill (phones.rekey) on rows written without a key."""
    clients = [make_client(mobile_no=m) for m in ("0712 345 678", "+254 700 000 001", "")]
    Client.objects.update(mobile_key="")
    assert phones.rekey(Client, "KE") == 2
    keys = [Client.objects.get(pk=c.pk).mobile_key for c in clients]
    assert keys == ["+254712345678", "+254700000001", ""]
    assert phones.rekey(Client, "KE") == 0  # nothing left to change


def test_a_new_country_is_applied_by_a_background_job_not_the_request(api, make_client, settings):
    """At a million clients the keys take minutes: the request queues a job in its own
    transaction, and the worker (`mteja serve` runs one) recomputes them."""
    from django_tasks_db.models import DBTaskResult

    from mteja.clients.tasks import rekey_mobile_numbers

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = make_client(mobile_no="0712 345 678")
    response = api.put(POLICY, {"mobileNoCountry": "KE"}, "json")
    assert response.status_code == 200
    assert Client.objects.get(pk=client.pk).mobile_key == "0712345678"  # not yet
    (job,) = DBTaskResult.objects.all()
    assert job.task_path.endswith("rekey_mobile_numbers")
    assert job.status == "READY" and job.task.func is rekey_mobile_numbers.func
    assert job.task.call() == 1  # what the worker runs
    assert Client.objects.get(pk=client.pk).mobile_key == "+254712345678"


def test_a_refused_change_queues_no_job(api, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert api.put(POLICY, {"mobileNoCountry": "XX"}, "json").status_code == 400
    assert not DBTaskResult.objects.exists()
