"""The client rules (the policy; what activation checks: required document types, mandatory
custom fields) are kept in each worker's memory (core/stamps.py): a change applies at the
next request of every worker, because the change gives the rules a new token in the
database, which each request reads."""

import pytest
from django.db import transaction

from mteja.clients.kyc import custom_fields
from mteja.clients.kyc import identifiers as kyc_identifiers
from mteja.clients.models import CLIENT_RULES, ClientPolicy, DuplicatePolicy, IdentifierFormat
from mteja.clients.services.activation import activation_rules
from mteja.core import stamps
from mteja.organisation import services as organisation_services
from mteja.organisation.models import CodeValue

from .conftest import BASE, TODAY, codes_of

pytestmark = pytest.mark.django_db

MISSING_DOCUMENT = "error.msg.client.activation.missing.required.identifier"
_serial = iter(range(1, 10_000))


def create_active(api):
    n = next(_serial)
    body = {"officeId": 1, "legalFormId": 1, "firstname": "Asha", "lastname": f"Njeri {n}",
            "active": True, "activationDate": TODAY.isoformat()}  # fmt: skip
    return api.post(f"{BASE}/clients", body, "json")


def national_id() -> CodeValue:
    return CodeValue.objects.get(code__name="Customer Identifier", name="National ID")


def test_a_document_rule_applies_at_the_next_create(api):
    assert create_active(api).status_code == 200  # the rules are now kept
    before = stamps.token(CLIENT_RULES)
    rule = IdentifierFormat.objects.get(document_type=national_id())
    kyc_identifiers.identifier_format_update(actor=None, format=rule, required_for_activation=True)
    assert stamps.token(CLIENT_RULES) != before  # what every worker reads
    refused = create_active(api)
    assert refused.status_code == 403
    assert codes_of(refused) == [MISSING_DOCUMENT]
    rule.refresh_from_db()
    kyc_identifiers.identifier_format_update(actor=None, format=rule, required_for_activation=False)
    assert create_active(api).status_code == 200


def test_disabling_the_document_type_lifts_its_rule_at_once(api):
    rule = IdentifierFormat.objects.get(document_type=national_id())
    kyc_identifiers.identifier_format_update(actor=None, format=rule, required_for_activation=True)
    assert create_active(api).status_code == 403
    organisation_services.code_value_update(actor=None, code_value=national_id(), is_active=False)
    assert create_active(api).status_code == 200


def test_a_new_mandatory_custom_field_applies_at_the_next_create(api):
    assert create_active(api).status_code == 200
    definition = custom_fields.read_table_definition(
        {"datatableName": "household",
         "columns": [{"name": "size", "type": "Number", "mandatory": True, "min": 1}]}
    )  # fmt: skip
    custom_fields.custom_table_create(actor=None, definition=definition)
    refused = create_active(api)
    assert refused.status_code == 403
    assert codes_of(refused) == ["error.msg.entry.required.in.datatable.[household]"]


def test_rules_read_inside_a_rolled_back_change_are_not_kept(db):
    rule = IdentifierFormat.objects.get(document_type=national_id())
    assert activation_rules().documents == ()
    with pytest.raises(RuntimeError), transaction.atomic():
        rule.required_for_activation = True
        rule.save()
        assert [name for _id, name in activation_rules().documents] == ["National ID"]
        raise RuntimeError
    # The rolled-back token is gone: the rules are read again, as committed.
    assert activation_rules().documents == ()
    # A later change gets a new random token, never the rolled-back one.
    rule.refresh_from_db()
    rule.save()
    assert activation_rules().documents == ()


def test_a_policy_change_applies_at_the_next_create(api):
    body = {"officeId": 1, "legalFormId": 1, "firstname": "Asha", "lastname": "Njeri",
            "mobileNo": "0712 345 678"}  # fmt: skip
    assert api.post(f"{BASE}/clients", body, "json").status_code == 200  # the policy is kept
    row = ClientPolicy.objects.get(pk=1)  # as another worker would change it
    row.duplicate_mobile = DuplicatePolicy.BLOCK
    row.save()
    refused = api.post(f"{BASE}/clients", {**body, "lastname": "Wanjiru"}, "json")
    assert refused.status_code == 403
    assert codes_of(refused) == ["error.msg.client.duplicate.mobileNo"]


def test_each_request_gets_its_own_copy_of_the_policy(db):
    ClientPolicy.current().required_fields_person.append("mobileNo")
    ClientPolicy.current().minimum_age = 99  # outside a request: a fresh copy each time
    assert ClientPolicy.current().required_fields_person == []
    assert ClientPolicy.current().minimum_age == ClientPolicy.objects.get(pk=1).minimum_age
