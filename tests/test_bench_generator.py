"""The benchmark generator writes clients the application reads as its own."""

import argparse

import pytest
from benchmarks.generate import load
from benchmarks.institution import ADMIN, BRANCH_USER

from mteja.clients import phones
from mteja.clients.models import (
    Client,
    ClientIdentifier,
    ClientNonPerson,
    ClientPolicy,
    ClientStatus,
)
from mteja.users.models import AppUser

API = "/fineract-provider/api/v1/clients"


# The loader commits on its own connection, as it does for a real load.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generated_clients_are_valid_and_listed(client):
    options = argparse.Namespace(clients=200, seed=3, chunk=80, keep_indexes=False)
    report = load(options)
    assert report["clients"] == 200
    assert report["indexes_rebuilt"]  # dropped for the load, recreated from their DDL

    region = ClientPolicy.current().phone_region
    for sample in Client.objects.order_by("?")[:20]:
        sample.full_clean()  # every generated value fits its field
        assert sample.account_no == f"{sample.pk:09d}"
        assert sample.mobile_key == phones.mobile_key(sample.mobile_no, region)
    assert Client.objects.filter(status=ClientStatus.ACTIVE).count() > 100
    assert ClientIdentifier.objects.count() > 20
    assert ClientNonPerson.objects.count() == Client.objects.filter(legal_form=2).count()

    client.force_login(AppUser.objects.get(username=ADMIN))
    listed = client.get(f"{API}?limit=500").json()
    assert listed["totalFilteredRecords"] == 200
    # The load kept the search in step: its index and its vocabulary.
    sample = Client.objects.filter(legal_form=1).order_by("?").first()
    found = client.get(API, {"search": sample.display_name, "limit": 500}).json()
    assert sample.pk in [row["id"] for row in found["pageItems"]]
    assert report["search_words"] > 100
    one = Client.objects.filter(status=ClientStatus.CLOSED).first()
    assert client.get(f"{API}/{one.pk}").json()["status"]["value"] == "Closed"

    client.force_login(AppUser.objects.get(username=BRANCH_USER))
    branch = AppUser.objects.get(username=BRANCH_USER).office
    mine = client.get(f"{API}?limit=500").json()["totalFilteredRecords"]
    assert (
        0
        < mine
        == Client.objects.filter(office=branch).count()
        + (Client.objects.filter(transfer_to_office=branch).count())
    )

    assert load(argparse.Namespace(clients=250, seed=3, chunk=80, keep_indexes=True))["added"] == 50
