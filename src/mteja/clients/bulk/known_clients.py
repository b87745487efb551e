"""The clients a file's rows were imported as before, found by the keys each row holds: its
external id, its account number (a file exported from Mteja read back), its identity
document, or (a row with none of them) the fingerprint of its values. A row found so is
"already imported", whatever its other cells now say."""

from __future__ import annotations

from django.db.models import Q

from mteja.clients.bulk.headers import folded
from mteja.clients.bulk.rows import FINGERPRINT
from mteja.clients.kyc.identifiers.rules import normalise_key
from mteja.clients.models import Client, ClientIdentifier, ImportedRow
from mteja.clients.services.account_numbers import NUMBER_DIGITS
from mteja.core.among import Among

# An account number whose leading zeros a spreadsheet dropped ("1" for 000000001: a CSV
# export opened and saved again) knows its client by the padded number and the same name
# (another system's own number 1 is not Mteja's 000000001).
PADDED = "accountNo, padded"
KEY_KINDS = ("externalId", "accountNo", PADDED, "identifier", FINGERPRINT)
_CLIENT = ("client__account_no", "client__external_id")  # what `existing` keeps of one


def _name_kept(name: str) -> str:
    """A name as a spreadsheet keeps it, compared beside a padded account number: folded,
    its all-digit words without their leading zeros (a last name "0012" comes back as 12)."""
    return " ".join(
        word.lstrip("0") or "0" if word.isdigit() else word for word in folded(name).split()
    )


def known_by(body: dict) -> list[tuple]:
    """The keys a row's client would be found by had it been imported before (the most
    certain first)."""
    # As the client holds them: trimmed, inner spaces folded.
    keys = [
        (name, " ".join(str(body[name]).split()))
        for name in ("externalId", "accountNo")
        if body.get(name)
    ]
    number = " ".join(str(body.get("accountNo") or "").split())
    if number.isdigit() and len(number) < NUMBER_DIGITS:
        name = body.get("fullname") or " ".join(
            str(body[part]) for part in ("firstname", "middlename", "lastname") if body.get(part)
        )
        keys.append((PADDED, number.zfill(NUMBER_DIGITS), _name_kept(name)))
    for item in body.get("identifiers") or []:
        if item.get("documentTypeId") and item.get("documentKey"):
            keys.append(("identifier", item["documentTypeId"], normalise_key(item["documentKey"])))
    return keys


def existing(user, keys: list[tuple]) -> dict[tuple, tuple]:
    """The clients of the user's offices that rows were imported as before — the same
    external id, account number (a file exported from Mteja) or identity document — as
    {key: (account number, external id)}, in one query per kind of key."""
    by_kind = {kind: {key[1:] for key in keys if key[0] == kind} for kind in KEY_KINDS}
    clients = Client.objects.restrict(user)
    found_by = {}
    external_ids = {value for (value,) in by_kind["externalId"]}
    account_nos = {value for (value,) in by_kind["accountNo"]}
    account_nos |= {value for value, _name in by_kind[PADDED]}
    if external_ids or account_nos:
        found = (
            clients.filter(
                Q(Among("external_id", external_ids)) | Q(Among("account_no", account_nos))
            )
            .values_list("external_id", "account_no", "display_name")
            .order_by()
        )  # unsorted: no temp sort
        for external_id, account_no, name in found:
            client = (account_no, external_id)
            found_by[("externalId", external_id)] = client
            found_by[("accountNo", account_no)] = client
            found_by[(PADDED, account_no, _name_kept(name))] = client
    documents = by_kind["identifier"]
    if documents:
        # Scoped through the document's own client (no sub-query of every client).
        found = (
            ClientIdentifier.objects.restrict(user)
            .filter(
                Among("document_type_id", {type_id for type_id, _key in documents}),
                Among("document_key_normalized", {key for _type_id, key in documents}),
            )
            .values_list("document_type_id", "document_key_normalized", *_CLIENT)
            .order_by()
        )
        for type_id, key, *client in found:
            found_by[("identifier", type_id, key)] = tuple(client)
    fingerprints = {value for (value,) in by_kind[FINGERPRINT]}
    if fingerprints:
        found = (
            ImportedRow.objects.restrict(user)
            .filter(Among("fingerprint", fingerprints))
            .values_list("fingerprint", *_CLIENT)
            .order_by()
        )
        for fingerprint, *client in found:
            found_by[(FINGERPRINT, fingerprint)] = tuple(client)
    return found_by


def known_as(keys: list[tuple], found_by: dict) -> str:
    """The account number of the client a row's keys find (`found_by`: `existing`'s), ""
    for none. A client whose external id is another than the row's is not the row's, whatever
    else they share: its account number (another system's, numbered from 1 as Mteja is), its
    identity document (the row is then refused as the document's second holder)."""
    external_id = next((key[1] for key in keys if key[0] == "externalId"), None)
    for key in keys:
        found = found_by.get(key)
        if found and (not external_id or not found[1] or found[1] == external_id):
            return found[0]
    return ""
