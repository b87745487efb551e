"""A branch's staff propose transfers to other branches from the web UI: the destination is
by nature outside their offices, so every office is offered (by name only); the destination
office accepts. Transferring at once completes the transfer, so it offers only their own."""

import pytest

from mteja.clients.models import ClientStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user, kibera):
    return make_user(("ALL_FUNCTIONS",), username="kibera-manager", office=kibera)


def test_a_branch_manager_proposes_a_transfer_to_a_sister_branch(
    browse_as, manager, make_client, kibera, mombasa, make_user
):
    client = make_client(office=kibera, firstname="Juma", active=True)
    day = client.activation_date.isoformat()
    web = browse_as(manager)
    page = web.get(f"/clients/{client.pk}/proposetransfer/").content.decode()
    assert f'<option value="{mombasa.pk}">' in page
    assert f'<option value="{kibera.pk}"' not in page  # not the client's own office
    response = web.post(
        f"/clients/{client.pk}/proposetransfer/",
        {"destination_office": mombasa.pk, "transfer_date": day, "version": client.version},
    )
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "rror" in line or "alert" in line
    ]
    client.refresh_from_db()
    assert client.status == ClientStatus.TRANSFER_IN_PROGRESS
    assert client.transfer_to_office == mombasa
    # The sister branch's manager sees the client and may accept it.
    theirs = make_user(("ALL_FUNCTIONS",), username="mombasa-manager", office=mombasa)
    page = browse_as(theirs).get(f"/clients/{client.pk}/").content.decode()
    assert "/accepttransfer/" in page


def test_transferring_at_once_offers_only_the_users_offices(
    browse_as, manager, make_client, kibera, mombasa
):
    client = make_client(office=kibera, firstname="Juma", active=True)
    page = browse_as(manager).get(f"/clients/{client.pk}/proposeandaccepttransfer/")
    assert f'<option value="{mombasa.pk}">' not in page.content.decode()
